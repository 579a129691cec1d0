package io.slowpath.core.mm;

import io.slowpath.api.mm.PageState;
import java.util.List;

/** The pages as a policy sees them ({@link PageState}), read from the model's {@link PageMap}, rmap and swap. */
final class PolicyPageState implements PageState {
    private final MmCore c;
    private final Rmap rmap;

    PolicyPageState(MmCore c, Rmap rmap) {
        this.c = c;
        this.rmap = rmap;
    }

    @Override
    public long maxPfn() {
        return c.pages.maxPfn();
    }

    @Override
    public int flags(long pfn) {
        return c.pages.flags(pfn) & PageFlags.PG_MASK;
    }

    @Override
    public int kind(long pfn) {
        return c.pages.kind(pfn);
    }

    @Override
    public int mapcount(long pfn) {
        return c.pages.mapcount(pfn);
    }

    @Override
    public int[] mapperPids(long pfn) {
        int kind = c.pages.kind(pfn);
        if (kind != PageFlags.KIND_ANON && kind != PageFlags.KIND_FILE) {
            return new int[0];
        }
        List<AddressSpace> mms = rmap.mappers(pfn);
        int[] out = new int[mms.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = mms.get(i).task.pid();
        }
        return out;
    }

    @Override
    public int referenced(long pfn) {
        int kind = c.pages.kind(pfn);
        return kind == PageFlags.KIND_ANON || kind == PageFlags.KIND_FILE ? rmap.referenced(pfn) : 0;
    }

    @Override
    public void setFlags(long pfn, int bits) {
        c.pages.setBits(pfn, policyBits(bits));
    }

    @Override
    public void clearFlags(long pfn, int bits) {
        c.pages.clearBits(pfn, policyBits(bits));
    }

    @Override
    public boolean isolated(long pfn) {
        c.pages.flags(pfn); // range check
        return c.isolated.get(pfn);
    }

    @Override
    public long swapTotalPages() {
        return c.swap.totalPages();
    }

    @Override
    public long swapFreePages() {
        return c.swap.freePages();
    }

    private static int policyBits(int bits) {
        if ((bits & ~POLICY_FLAGS) != 0) {
            throw new IllegalArgumentException(String.format("flag bits 0x%x are not the policy's to change (only"
                + " PG_lru, PG_active, PG_referenced, PG_reclaim, PG_unevictable: 0x%x)", bits & ~POLICY_FLAGS,
                POLICY_FLAGS));
        }
        return bits;
    }
}
