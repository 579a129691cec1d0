package io.slowpath.policy.compaction.stock310;

import io.slowpath.api.PageOrder;
import io.slowpath.api.ZoneView;
import io.slowpath.api.compaction.CompactionOps;

/** The pageblock skip hints ({@code PB_migrate_skip}) and the cached scanner positions they go with. */
final class SkipHints {
    private SkipHints() {
    }

    /** Models mm/compaction.c: isolation_suitable (Linux 3.10; compaction never sets ignore_skip_hint). */
    static boolean isolationSuitable(CompactionOps ops, long pfn) {
        return !ops.pageblockSkip(pfn);
    }

    /**
     * Models mm/compaction.c: update_pageblock_skip (Linux 3.10): a pageblock scanned whole that gave nothing gets its
     * skip bit, and the scanner's cached restart point moves to it unless this run already isolated something.
     *
     * @param validPfn the first pfn of the zone the scan met, or -1 for none
     */
    static void update(CompactControl cc, long validPfn, long nrIsolated, boolean migrateScanner) {
        if (validPfn < 0 || nrIsolated != 0) {
            return;
        }
        cc.mm.compactionOps().setPageblockSkip(validPfn);
        ZoneCompactState s = cc.state;
        if (migrateScanner) {
            if (!cc.finishedUpdateMigrate && validPfn > s.cachedMigratePfn) {
                s.cachedMigratePfn = validPfn;
            }
        } else if (!cc.finishedUpdateFree && validPfn < s.cachedFreePfn) {
            s.cachedFreePfn = validPfn;
        }
    }

    /**
     * Models mm/compaction.c: __reset_isolation_suitable (Linux 3.10): both scanners start again at the zone's ends
     * and every pageblock of the zone loses its skip bit.
     */
    static void reset(CompactionOps ops, ZoneView zone, ZoneCompactState s) {
        long start = zone.startPfn();
        long end = start + zone.spannedPages();
        s.cachedMigratePfn = start;
        s.cachedFreePfn = end;
        s.blockskipFlush = false;
        for (long pfn = start; pfn < end; pfn += PageOrder.PAGEBLOCK_NR_PAGES) {
            ops.clearPageblockSkip(pfn);
        }
    }
}
