package io.slowpath.core.sim;

import io.slowpath.api.PageOrder;
import io.slowpath.api.ZoneView;
import io.slowpath.api.compaction.CompactOutcome;
import io.slowpath.api.compaction.CompactRequest;
import io.slowpath.api.compaction.CompactResult;
import io.slowpath.api.compaction.CompactionPolicy;
import io.slowpath.api.mm.MmServices;
import io.slowpath.api.mm.PageOps;
import io.slowpath.api.mm.PageState;

/**
 * A kcompactd-like proactive compaction policy (3.10 has none) written against allocator-api only: a timer wakes it
 * every period; a zone without a free pageblock-sized block gets one pageblock emptied: the highest pageblock holding
 * only free and movable pages has them isolated and migrated to free pages the allocator hands out (low pfns first:
 * the kernel's migrate and free scanners also work from opposite ends of the zone), so the block's pages merge into
 * one order-9 block. Direct compaction does the same once per zone of the zonelist.
 */
final class ProactiveCompactionPolicy implements CompactionPolicy {
    private static final int BLOCK = PageOrder.PAGEBLOCK_NR_PAGES;

    private final long periodNs;
    int passes;
    long migrated;
    int blocksEmptied;

    ProactiveCompactionPolicy(long periodNs) {
        this.periodNs = periodNs;
    }

    /** Starts the periodic wake-ups. */
    void start(MmServices mm) {
        mm.schedule(periodNs, () -> {
            kcompactd(mm);
            start(mm);
        });
    }

    /** One wake-up: every zone without a free pageblock-sized block gets one pageblock compacted. */
    void kcompactd(MmServices mm) {
        passes++;
        for (ZoneView z : mm.machine().populatedZones()) {
            if (!hasFreeBlock(z, PageOrder.PAGEBLOCK_ORDER)) {
                compactOneBlock(mm, z);
            }
        }
    }

    private static boolean hasFreeBlock(ZoneView z, int order) {
        for (int o = order; o < PageOrder.MAX_ORDER; o++) {
            if (z.nrFree(o) > 0) {
                return true;
            }
        }
        return false;
    }

    /** Empties one pageblock of {@code z}; false when no pageblock qualifies or a migration failed. */
    boolean compactOneBlock(MmServices mm, ZoneView z) {
        PageState pages = mm.pages();
        long first = (z.startPfn() + BLOCK - 1) / BLOCK * BLOCK;
        long end = z.startPfn() + z.spannedPages();
        long best = -1;
        int bestUsed = 0;
        for (long block = (end / BLOCK - 1) * BLOCK; block >= first && best < 0; block -= BLOCK) {
            int used = movablePages(mm, pages, block);
            if (used > 0) {
                best = block;
                bestUsed = used;
            }
        }
        if (best < 0 || z.freePages() - z.lowWatermark() < bestUsed + BLOCK) {
            return false;
        }
        PageOps ops = mm.pageOps();
        for (long pfn = best; pfn < best + BLOCK; pfn++) {
            if (pages.kind(pfn) == PageState.KIND_NONE) {
                continue;
            }
            if (!ops.isolateLruPage(pfn)) {
                return false;
            }
            long to = ops.migratePage(pfn);
            if (to < 0) {
                ops.putbackLruPage(pfn);
                return false;
            }
            migrated++;
            // The source went to the per-CPU list's hot end: back to the buddy lists, or it is the next target.
            mm.drainLocalPages();
            if (to >= best && to < best + BLOCK) {
                return false; // the target came from the block itself: no progress
            }
        }
        blocksEmptied++;
        return true;
    }

    /** Movable pages in the pageblock at {@code block}, or -1 if any page in it cannot move. */
    private static int movablePages(MmServices mm, PageState pages, long block) {
        int used = 0;
        for (long pfn = block; pfn < block + BLOCK; pfn++) {
            mm.spend(mm.costs().compactScanNs());
            if (pages.kind(pfn) == PageState.KIND_NONE) {
                continue;
            }
            if (!pages.migratable(pfn) || !pages.test(pfn, PageState.PG_LRU)) {
                return -1;
            }
            used++;
        }
        return used;
    }

    @Override
    public boolean compactionDeferred(MmServices mm, ZoneView zone, int order) {
        return false;
    }

    @Override
    public CompactOutcome tryToCompactPages(MmServices mm, CompactRequest request) {
        boolean found = false;
        for (ZoneView z : request.zonelist()) {
            if (z.type().index() > request.highZoneIdx()) {
                continue;
            }
            if (!hasFreeBlock(z, request.order())) {
                compactOneBlock(mm, z);
            }
            found |= hasFreeBlock(z, request.order());
        }
        return CompactOutcome.of(found ? CompactResult.COMPACT_PARTIAL : CompactResult.COMPACT_COMPLETE);
    }

    @Override
    public void compactionSucceeded(MmServices mm, ZoneView zone, int order) {
    }

    @Override
    public void deferCompaction(MmServices mm, ZoneView zone, int order) {
    }
}
