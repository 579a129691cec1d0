package io.slowpath.policy.compaction.stock310;

import io.slowpath.api.MigrateType;
import io.slowpath.api.PageOrder;
import io.slowpath.api.ZoneType;
import io.slowpath.core.inject.OffPolicies;
import io.slowpath.core.mm.MmConfig;
import io.slowpath.core.mm.MmModel;
import io.slowpath.core.mm.Task;
import io.slowpath.core.mm.VmaKind;
import io.slowpath.core.sim.SimulatedKernel;
import io.slowpath.core.zone.Machine;
import io.slowpath.core.zone.MachineSettings;
import io.slowpath.core.zone.Zone;
import io.slowpath.core.zone.ZoneSpec;
import java.util.List;

/**
 * A real simulated kernel for the stock compaction policy: one node, one 64 MiB ZONE_DMA32 (16384 pages, 32
 * pageblocks), one CPU, kswapd and OOM off, an LRU-keeping reclaim policy that frees nothing, and the policy under
 * test. {@link #fill} maps anonymous pages until the zone is nearly full.
 */
final class CompactionRig {
    static final ZoneSpec DMA32 = new ZoneSpec(0, ZoneType.DMA32, 4096, 16384, 16384, 16384);
    static final int BLOCK = PageOrder.PAGEBLOCK_NR_PAGES;

    final SimulatedKernel kernel;
    final MmModel mm;
    final Zone zone;
    final Stock310Compaction policy;
    final Task task;
    /** The virtual pages {@link #fill} touched, in order. */
    long[] vpages = new long[0];
    int touched;
    /** The pageblocks {@link #fragment} left nearly empty, lowest first. */
    int[] holey = new int[0];

    /** A rig with {@code policy}, or with compaction {@code off} when it is null. */
    CompactionRig(Stock310Compaction policy, boolean thp) {
        this(policy, MachineSettings.defaults(1).withThp(thp));
    }

    /** A rig with {@code policy} (or compaction {@code off}) on a machine with these settings. */
    CompactionRig(Stock310Compaction policy, MachineSettings settings) {
        this.policy = policy;
        kernel = SimulatedKernel.builder(Machine.boot(List.of(DMA32), settings))
            .policies(OffPolicies.kswapd(), new LruListPolicy(),
                policy != null ? policy : OffPolicies.compaction(), OffPolicies.oom())
            .mmConfig(MmConfig.defaults())
            .maxSlowpathLoops(50)
            .build();
        mm = kernel.mm();
        zone = kernel.machine().populatedZoneList().get(0);
        task = mm.spawn(1000, "fragmenter", 1000, 0);
    }

    CompactionRig() {
        this(new Stock310Compaction(), false);
    }

    /**
     * Maps anonymous pages one by one until at most {@code leave} pages are free, in VMAs of 256 pages, too small
     * for a transparent huge page: small pages only, THP or not.
     */
    void fill(long leave) {
        vpages = new long[(int) zone.managedPages()];
        long vma = -1;
        while (free() > leave) {
            if (touched % 256 == 0) {
                vma = mm.mmap(task, 256, VmaKind.ANON);
            }
            long v = vma + touched % 256;
            mm.touch(task, v, true);
            vpages[touched++] = v;
        }
    }

    /** Free pages with the per-CPU lists drained. */
    long free() {
        kernel.allocator().drainAllPages();
        return zone.freePages();
    }

    /** Free blocks of order 9 or 10, per-CPU lists drained. */
    long hugeFreeBlocks() {
        kernel.allocator().drainAllPages();
        return zone.nrFree(9) + zone.nrFree(10);
    }

    /** How many pageblocks {@link #fragment} leaves nearly empty. */
    static final int HOLEY_BLOCKS = 5;

    /**
     * The fragmented zone of the tests, after {@link #fill}: the lowest five pageblocks that hold nothing but the
     * task's anonymous pages keep one page in four (384 free holes each, none with a free buddy); those that are
     * MOVABLE become UNMOVABLE, as if an earlier unmovable allocation had stolen them ({@code __rmqueue_fallback})
     * before movable pages filled them (the RESERVE ones stay RESERVE). The five top pageblocks (MOVABLE) lose 200
     * pages each: 1000 free pages, the only places migration targets can come from. On the plain rig these are
     * pageblocks 0 (RESERVE) and 3..6; pageblocks 1 and 2 hold the kernel stack and page tables.
     */
    void fragment() {
        fragment(true);
    }

    /** {@link #fragment()}, leaving the nearly empty pageblocks' types alone when {@code unmovable} is false. */
    void fragment(boolean unmovable) {
        fill(zone.lowWatermark() + 64);
        long[] vpageOfPfn = new long[(int) (zone.startPfn() + zone.spannedPages())];
        java.util.Arrays.fill(vpageOfPfn, -1);
        for (int i = 0; i < touched; i++) {
            long pfn = mm.pfnAt(task, vpages[i]);
            if (pfn >= 0) {
                vpageOfPfn[(int) pfn] = vpages[i];
            }
        }
        int blocks = (int) (zone.spannedPages() / BLOCK);
        holey = new int[HOLEY_BLOCKS];
        int found = 0;
        for (int b = 0; b < blocks && found < HOLEY_BLOCKS; b++) {
            boolean allAnon = true;
            for (long p = block(b); p < block(b) + BLOCK && allAnon; p++) {
                allAnon = vpageOfPfn[(int) p] >= 0;
            }
            if (allAnon) {
                holey[found++] = b;
            }
        }
        for (int b : holey) {
            for (long p = block(b); p < block(b) + BLOCK; p++) {
                if (p % 4 != 0) {
                    unmap(vpageOfPfn, p);
                }
            }
            if (unmovable && blockType(b) == MigrateType.MOVABLE) {
                zone.freeArea().setPageblockMigratetype((int) block(b), MigrateType.UNMOVABLE.index());
            }
        }
        for (int b = blocks - 5; b < blocks; b++) {
            for (long p = block(b) + 1; p < block(b) + 400; p += 2) {
                unmap(vpageOfPfn, p);
            }
        }
    }

    /** Unmaps the task's anonymous page at {@code pfn}; other pages (page cache) stay. */
    private void unmap(long[] vpageOfPfn, long pfn) {
        long v = vpageOfPfn[(int) pfn];
        if (v >= 0) {
            mm.munmap(task, v, 1);
        }
    }

    /** The first pfn of pageblock {@code i} of the zone. */
    long block(int i) {
        return zone.startPfn() + (long) i * BLOCK;
    }

    MigrateType blockType(int i) {
        return MigrateType.ofIndex(zone.freeArea().pageblockMigratetype((int) block(i)));
    }

    /** One line per pageblock: type, free pages (buddy), anonymous pages. */
    String describe() {
        kernel.allocator().drainAllPages();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 32; i++) {
            int anon = 0;
            int free = 0;
            int other = 0;
            for (long p = block(i); p < block(i) + BLOCK; p++) {
                if (mm.pages().isAnon(p)) {
                    anon++;
                } else if (mm.pages().kind(p) != 0) {
                    other++;
                }
            }
            for (long p = block(i); p < block(i) + BLOCK; ) {
                int o = zone.freeArea().buddyOrder((int) p);
                if (o >= 0) {
                    free += 1 << o;
                    p += 1L << o;
                } else {
                    p++;
                }
            }
            sb.append(i).append(' ').append(blockType(i)).append(" free=").append(free).append(" anon=").append(anon)
                .append(" other=").append(other).append('\n');
        }
        return sb.toString();
    }
}
