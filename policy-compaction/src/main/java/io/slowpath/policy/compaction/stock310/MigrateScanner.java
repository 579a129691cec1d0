package io.slowpath.policy.compaction.stock310;

import io.slowpath.api.MigrateType;
import io.slowpath.api.PageOrder;
import io.slowpath.api.VmEvent;
import io.slowpath.api.ZoneStatItem;
import io.slowpath.api.ZoneView;
import io.slowpath.api.compaction.CompactionOps;
import io.slowpath.api.mm.PageOps;
import io.slowpath.api.mm.PageState;

/**
 * The migrate scanner: from the zone's start upwards, one pageblock per call, it isolates LRU pages to migrate, at
 * most {@code COMPACT_CLUSTER_MAX} at a time.
 */
final class MigrateScanner {
    /** {@code COMPACT_CLUSTER_MAX} = {@code SWAP_CLUSTER_MAX}. */
    static final int COMPACT_CLUSTER_MAX = 32;
    private static final long BLOCK = PageOrder.PAGEBLOCK_NR_PAGES;

    /** What {@code isolate_migratepages} tells {@code compact_zone}. */
    enum Isolate {
        /** {@code ISOLATE_ABORT}: stop compacting now. */
        ABORT,
        /** {@code ISOLATE_NONE}: nothing to migrate; check the finish conditions again. */
        NONE,
        /** {@code ISOLATE_SUCCESS}: migrate what was isolated (maybe nothing). */
        SUCCESS
    }

    private MigrateScanner() {
    }

    /** Models mm/compaction.c: isolate_migratepages (Linux 3.10). */
    static Isolate isolateMigratepages(CompactControl cc) {
        long low = Math.max(cc.migratePfn, cc.zone.startPfn());
        long end = FreeScanner.align(low + 1);
        if (end > cc.freePfn) {
            cc.migratePfn = end;
            return Isolate.NONE;
        }
        low = isolateMigratepagesRange(cc, low, end);
        if (low == 0 || cc.contended) {
            return Isolate.ABORT;
        }
        cc.migratePfn = low;
        return Isolate.SUCCESS;
    }

    /**
     * Models mm/compaction.c: isolate_migratepages_range (Linux 3.10, unevictable pages excluded).
     *
     * @return the next pfn to scan, or 0 when the scan must abort
     */
    static long isolateMigratepagesRange(CompactControl cc, long lowPfn, long endPfn) {
        ZoneView zone = cc.zone;
        PageState pages = cc.mm.pages();
        PageOps pageOps = cc.mm.pageOps();
        CompactionOps ops = cc.mm.compactionOps();
        if (tooManyIsolated(zone)) {
            if (!cc.sync) {
                return 0;
            }
            // congestion_wait(BLK_RW_ASYNC, HZ/10). Nothing else runs during a simulated call, so the isolated
            // pages cannot come back meanwhile: where 3.10 would wait again and again, the scan gives up after one.
            cc.mm.spend(hzOver10(cc));
            if (cc.mm.current().fatalSignalPending() || tooManyIsolated(zone)) {
                return 0;
            }
        }
        cc.condResched();
        long lastPageblockNr = 0;
        long scanned = 0;
        long isolated = 0;
        long valid = -1;
        boolean locked = false;
        long zoneStart = zone.startPfn();
        long zoneEnd = cc.zoneEnd();
        long low = lowPfn;
        for (; low < endPfn; low++) {
            if (locked && (low + 1) % COMPACT_CLUSTER_MAX == 0 && cc.needResched()) {
                locked = false; // should_release_lock: give the lru_lock up
            }
            scanned++;
            if (low < zoneStart || low >= zoneEnd || low >= pages.maxPfn()) {
                continue; // page_zone(page) != zone
            }
            if (valid < 0) {
                valid = low;
            }
            long pageblockNr = low >> PageOrder.PAGEBLOCK_ORDER;
            if (!SkipHints.isolationSuitable(ops, low)) {
                low = nextPageblock(low);
                lastPageblockNr = pageblockNr;
                continue;
            }
            if (ops.buddyOrder(low) >= 0) {
                continue;
            }
            // Async only scans MOVABLE pageblocks (migrate_async_suitable; CMA is not configured).
            if (!cc.sync && lastPageblockNr != pageblockNr && ops.pageblockMigratetype(low) != MigrateType.MOVABLE) {
                cc.finishedUpdateMigrate = true;
                low = nextPageblock(low);
                lastPageblockNr = pageblockNr;
                continue;
            }
            int flags = pages.flags(low);
            if ((flags & PageState.PG_LRU) == 0) {
                continue; // no balloon pages in this model
            }
            if (isTransHuge(pages, low, flags)) {
                if (!locked) {
                    low = nextPageblock(low);
                    lastPageblockNr = pageblockNr;
                    continue;
                }
                low += (1L << PageOrder.HPAGE_PMD_ORDER) - 1;
                continue;
            }
            if (!cc.checkLock()) {
                break;
            }
            locked = true;
            if (cc.mm.current().fatalSignalPending()) {
                break;
            }
            if (!isolateLruPage(cc, pages, pageOps, low, flags)) {
                continue;
            }
            cc.finishedUpdateMigrate = true;
            cc.migratepages.push(low);
            cc.nrMigratepages++;
            isolated++;
            if (cc.nrMigratepages == COMPACT_CLUSTER_MAX) {
                low++;
                break;
            }
        }
        if (low == endPfn) {
            SkipHints.update(cc, valid, isolated, true);
        }
        cc.mm.spend(scanned * cc.mm.costs().compactScanNs());
        cc.mm.countEvent(VmEvent.COMPACT_MIGRATE_SCANNED, scanned);
        if (isolated > 0) {
            cc.mm.countEvent(VmEvent.COMPACT_ISOLATED, isolated);
        }
        return low;
    }

    /**
     * Models mm/vmscan.c: __isolate_lru_page (Linux 3.10) in compaction's modes, then the list removal: unevictable
     * pages stay (no ISOLATE_UNEVICTABLE); async ({@code ISOLATE_ASYNC_MIGRATE}) leaves pages under writeback, the
     * only ones that would block (every mapping of the model has a {@code migratepage} method, so dirty pages move).
     */
    private static boolean isolateLruPage(CompactControl cc, PageState pages, PageOps pageOps, long pfn, int flags) {
        if ((flags & PageState.PG_UNEVICTABLE) != 0) {
            return false;
        }
        if (!cc.sync && (flags & PageState.PG_WRITEBACK) != 0) {
            return false;
        }
        if (!pages.isAnon(pfn) && !pages.isFile(pfn)) {
            return false; // only user pages are on the LRU lists
        }
        return pageOps.isolateLruPage(pfn);
    }

    /** {@code PageTransHuge}: the head of a transparent huge page. */
    private static boolean isTransHuge(PageState pages, long pfn, int flags) {
        return (flags & PageState.PG_HEAD) != 0 && pages.isAnon(pfn);
    }

    /** {@code low_pfn = ALIGN(low_pfn + 1, pageblock_nr_pages) - 1}: the loop's increment then enters the next block. */
    private static long nextPageblock(long pfn) {
        return FreeScanner.align(pfn + 1) - 1;
    }

    /**
     * Models mm/compaction.c: too_many_isolated (Linux 3.10): more pages isolated than half the zone's LRU pages.
     */
    static boolean tooManyIsolated(ZoneView zone) {
        long inactive = zone.stat(ZoneStatItem.NR_INACTIVE_FILE) + zone.stat(ZoneStatItem.NR_INACTIVE_ANON);
        long active = zone.stat(ZoneStatItem.NR_ACTIVE_FILE) + zone.stat(ZoneStatItem.NR_ACTIVE_ANON);
        long isolated = zone.stat(ZoneStatItem.NR_ISOLATED_FILE) + zone.stat(ZoneStatItem.NR_ISOLATED_ANON);
        return isolated > (inactive + active) / 2;
    }

    /** HZ/10 jiffies of simulated time. */
    private static long hzOver10(CompactControl cc) {
        long jiffy = Math.max(1, cc.mm.costs().jiffyNs());
        long hz = Math.max(1, 1_000_000_000L / jiffy);
        return Math.max(1, hz / 10) * jiffy;
    }

    /** Puts every page still on the list back on the LRU ({@code putback_movable_pages}). */
    static void putbackMovablePages(CompactControl cc) {
        PageOps pageOps = cc.mm.pageOps();
        while (!cc.migratepages.isEmpty()) {
            pageOps.putbackLruPage(cc.migratepages.pop());
        }
        cc.nrMigratepages = 0;
    }
}
