package io.slowpath.core.mm;

import io.slowpath.api.Gfp;
import io.slowpath.api.PageOrder;
import io.slowpath.api.ZoneStatItem;

/**
 * Kernel allocations the model accounts: kernel stacks (kernel/fork.c: alloc_thread_info_node and
 * account_kernel_stack, Linux 3.10: order {@code THREAD_SIZE_ORDER} = 1 with THREADINFO_GFP_ACCOUNTED, NR_KERNEL_STACK
 * counting stacks) and slab page blocks (NR_SLAB_RECLAIMABLE with {@code __GFP_RECLAIMABLE}, else
 * NR_SLAB_UNRECLAIMABLE, counting pages).
 */
final class KernelPages {
    private final MmCore c;

    KernelPages(MmCore c) {
        this.c = c;
    }

    /** Allocates the kernel stack of {@code owner}, by {@code by} (the parent at fork). */
    boolean allocStack(Task owner, Task by) {
        long pfn = c.alloc(by, MmCore.THREADINFO_GFP, MmCore.THREAD_SIZE_ORDER);
        if (pfn < 0) {
            return false;
        }
        for (int i = 0; i < 1 << MmCore.THREAD_SIZE_ORDER; i++) {
            c.pages.set(pfn + i, PageFlags.KIND_KSTACK, 0, owner.pid(), i, 0);
        }
        c.stat(by.cpu(), pfn, ZoneStatItem.NR_KERNEL_STACK, 1);
        c.kernelStacks.put(owner.pid(), pfn);
        return true;
    }

    void freeStack(int pid, int slot) {
        Long pfn = c.kernelStacks.remove(pid);
        if (pfn == null) {
            throw new IllegalStateException("pid " + pid + " has no kernel stack");
        }
        c.stat(slot, pfn, ZoneStatItem.NR_KERNEL_STACK, -1);
        c.free(slot, pfn, MmCore.THREAD_SIZE_ORDER, false);
    }

    long allocSlab(Task t, int gfp, int order) {
        PageOrder.checkOrder(order);
        if ((gfp & Gfp.__GFP_MOVABLE) != 0) {
            throw new IllegalArgumentException("slab gfp " + Gfp.toHex(gfp) + " must not be movable");
        }
        long pfn = c.alloc(t, gfp, order);
        if (pfn < 0) {
            return -1;
        }
        boolean reclaimable = (gfp & Gfp.__GFP_RECLAIMABLE) != 0;
        for (int i = 0; i < 1 << order; i++) {
            // The owner field keeps the block's order and whether it is reclaimable, for the free.
            c.pages.set(pfn + i, PageFlags.KIND_SLAB, PageFlags.PG_SLAB, order << 1 | (reclaimable ? 1 : 0), i, 0);
        }
        c.stat(t.cpu(), pfn, reclaimable ? ZoneStatItem.NR_SLAB_RECLAIMABLE : ZoneStatItem.NR_SLAB_UNRECLAIMABLE,
            1L << order);
        return pfn;
    }

    void freeSlab(int slot, long pfn) {
        if (c.pages.kind(pfn) != PageFlags.KIND_SLAB || c.pages.index(pfn) != 0) {
            throw new IllegalArgumentException("pfn " + pfn + " is not the first page of a slab block");
        }
        int owner = c.pages.owner(pfn);
        int order = owner >>> 1;
        boolean reclaimable = (owner & 1) != 0;
        c.stat(slot, pfn, reclaimable ? ZoneStatItem.NR_SLAB_RECLAIMABLE : ZoneStatItem.NR_SLAB_UNRECLAIMABLE,
            -(1L << order));
        c.free(slot, pfn, order, false);
    }
}
