package io.slowpath.policy.compaction.stock310;

import io.slowpath.api.MigrateType;
import io.slowpath.api.PageOrder;
import io.slowpath.api.VmEvent;
import io.slowpath.api.compaction.CompactionOps;

/**
 * The free scanner: from the zone's end downwards, pageblock by pageblock, it takes free blocks off the buddy lists as
 * migration targets until it has as many as there are pages to migrate, never passing the migrate scanner.
 */
final class FreeScanner {
    private static final long BLOCK = PageOrder.PAGEBLOCK_NR_PAGES;

    private FreeScanner() {
    }

    /**
     * Models mm/compaction.c: compaction_alloc (Linux 3.10), the migration target callback: the head of the isolated
     * free pages, scanning for more when there are none.
     *
     * @return a target pfn, or -1 (migrate_pages then returns -ENOMEM)
     */
    static long compactionAlloc(CompactControl cc) {
        if (cc.freepages.isEmpty()) {
            isolateFreepages(cc);
            if (cc.freepages.isEmpty()) {
                return -1;
            }
        }
        return cc.freepages.pop();
    }

    /** Models mm/compaction.c: isolate_freepages (Linux 3.10). */
    static void isolateFreepages(CompactControl cc) {
        CompactionOps ops = cc.mm.compactionOps();
        long zoneStart = cc.zone.startPfn();
        long pfn = cc.freePfn & ~(BLOCK - 1);
        long lowPfn = align(cc.migratePfn + 1);
        long highPfn = Math.min(lowPfn, pfn);
        long zoneEnd = cc.zoneEnd();
        for (; pfn >= lowPfn && cc.nrMigratepages > cc.freepages.size(); pfn -= BLOCK) {
            if (pfn < zoneStart || pfn >= zoneEnd) {
                continue; // page_zone(page) != zone
            }
            if (!suitableMigrationTarget(ops, pfn)) {
                continue;
            }
            if (!SkipHints.isolationSuitable(ops, pfn)) {
                continue;
            }
            long isolated = isolateFreepagesBlock(cc, ops, pfn, Math.min(pfn + BLOCK, zoneEnd));
            if (isolated > 0) {
                cc.finishedUpdateFree = true;
                highPfn = Math.max(highPfn, pfn);
            }
        }
        // Crossing the migrate scanner is kept so that compact_finished sees the scanners meet.
        cc.freePfn = pfn < lowPfn ? Math.max(pfn, zoneStart) : highPfn;
    }

    /**
     * Models mm/compaction.c: isolate_freepages_block (Linux 3.10, non-strict): every free block head in
     * {@code [blockPfn, endPfn)} is split into single pages for the list ({@code split_free_page}, which refuses
     * below the low watermark); compact_free_scanned and compact_isolated count.
     */
    static long isolateFreepagesBlock(CompactControl cc, CompactionOps ops, long blockPfn, long endPfn) {
        long scanned = 0;
        long total = 0;
        long valid = -1;
        long pfn = blockPfn;
        for (; pfn < endPfn; pfn++) {
            scanned++;
            if (valid < 0) {
                valid = pfn;
            }
            if (ops.buddyOrder(pfn) < 0) {
                continue;
            }
            if (!cc.checkLock()) {
                break; // zone->lock: async gives up when it would have to wait
            }
            if (!suitableMigrationTarget(ops, pfn)) {
                break; // rechecked under the lock
            }
            int isolated = ops.splitFreePage(pfn);
            for (int i = 0; i < isolated; i++) {
                cc.freepages.push(pfn + i);
            }
            total += isolated;
            if (isolated > 0) {
                pfn += isolated - 1;
            }
        }
        if (pfn == endPfn) {
            SkipHints.update(cc, valid, total, false);
        }
        cc.mm.spend(scanned * cc.mm.costs().compactScanNs());
        cc.mm.countEvent(VmEvent.COMPACT_FREE_SCANNED, scanned);
        if (total > 0) {
            cc.mm.countEvent(VmEvent.COMPACT_ISOLATED, total);
        }
        return total;
    }

    /**
     * Models mm/compaction.c: suitable_migration_target (Linux 3.10): never a MIGRATE_RESERVE block; a free block of
     * a pageblock or more, or any MOVABLE block.
     */
    static boolean suitableMigrationTarget(CompactionOps ops, long pfn) {
        MigrateType mt = ops.pageblockMigratetype(pfn);
        if (mt == MigrateType.RESERVE) {
            return false;
        }
        if (ops.buddyOrder(pfn) >= PageOrder.PAGEBLOCK_ORDER) {
            return true;
        }
        return mt == MigrateType.MOVABLE;
    }

    /**
     * Models mm/compaction.c: release_freepages (Linux 3.10): the isolated free pages not used go back to the
     * allocator.
     */
    static void releaseFreepages(CompactControl cc) {
        CompactionOps ops = cc.mm.compactionOps();
        while (!cc.freepages.isEmpty()) {
            ops.releaseFreePage(cc.freepages.pop());
        }
    }

    /** {@code ALIGN(pfn, pageblock_nr_pages)}. */
    static long align(long pfn) {
        return (pfn + BLOCK - 1) & ~(BLOCK - 1);
    }
}
