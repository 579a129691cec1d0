package io.slowpath.policy.compaction.stock310;

import io.slowpath.api.MigrateType;
import io.slowpath.api.PageOrder;
import io.slowpath.api.ZoneView;
import io.slowpath.api.compaction.CompactResult;
import io.slowpath.api.compaction.Fragmentation;
import io.slowpath.api.mm.MmServices;

/** {@code compact_zone}: the two scanners meeting in the middle, and the checks around them. */
final class ZoneCompactor {
    private final int extfragThreshold;
    private final boolean el7;

    /**
     * @param extfragThreshold {@code vm.extfrag_threshold}
     * @param el7              the CentOS/RHEL 7 kernel, whose compact_finished also stops a contended run
     */
    ZoneCompactor(int extfragThreshold, boolean el7) {
        this.extfragThreshold = extfragThreshold;
        this.el7 = el7;
    }

    /** Models mm/compaction.c: compaction_suitable (Linux 3.10). */
    CompactResult suitable(MmServices mm, ZoneView zone, int order) {
        if (order == -1) {
            return CompactResult.COMPACT_CONTINUE;
        }
        // Order-0 watermark with room for the copies migration makes (note the 2UL).
        long watermark = zone.lowWatermark() + (2L << order);
        if (!mm.zoneWatermarkOk(zone, 0, watermark, 0, 0)) {
            return CompactResult.COMPACT_SKIPPED;
        }
        int fragindex = Fragmentation.of(zone, order).fragmentationIndex();
        if (fragindex >= 0 && fragindex <= extfragThreshold) {
            return CompactResult.COMPACT_SKIPPED; // the failure is a lack of memory: reclaim, not compaction
        }
        if (fragindex == -1000 && mm.zoneWatermarkOk(zone, order, watermark, 0, 0)) {
            return CompactResult.COMPACT_PARTIAL;
        }
        return CompactResult.COMPACT_CONTINUE;
    }

    /** Models mm/compaction.c: compact_zone (Linux 3.10). */
    CompactResult compactZone(CompactControl cc) {
        CompactResult ret = suitable(cc.mm, cc.zone, cc.order);
        if (ret == CompactResult.COMPACT_SKIPPED || ret == CompactResult.COMPACT_PARTIAL) {
            return ret;
        }
        ZoneCompactState s = cc.state;
        // kswapd resets the hints when it goes to sleep instead.
        if (s.restarting(cc.order) && !cc.kswapd) {
            SkipHints.reset(cc.mm.compactionOps(), cc.zone, s);
        }
        long start = cc.zone.startPfn();
        long end = cc.zoneEnd();
        cc.migratePfn = s.cachedMigratePfn;
        cc.freePfn = s.cachedFreePfn;
        if (cc.freePfn < start || cc.freePfn > end) {
            cc.freePfn = end & ~(PageOrder.PAGEBLOCK_NR_PAGES - 1L);
            s.cachedFreePfn = cc.freePfn;
        }
        if (cc.migratePfn < start || cc.migratePfn > end) {
            cc.migratePfn = start;
            s.cachedMigratePfn = cc.migratePfn;
        }
        // migrate_prep_local: the model adds pages to the LRU at once, there are no pagevecs to drain.
        while ((ret = finished(cc)) == CompactResult.COMPACT_CONTINUE) {
            MigrateScanner.Isolate isolated = MigrateScanner.isolateMigratepages(cc);
            if (isolated == MigrateScanner.Isolate.ABORT) {
                ret = CompactResult.COMPACT_PARTIAL;
                MigrateScanner.putbackMovablePages(cc);
                break;
            }
            if (isolated == MigrateScanner.Isolate.NONE) {
                continue;
            }
            int err = PageMigrator.migratePages(cc);
            cc.nrMigratepages = cc.migratepages.size(); // update_nr_listpages
            if (err != 0) {
                MigrateScanner.putbackMovablePages(cc);
                if (err == PageMigrator.ENOMEM && cc.freePfn > cc.migratePfn) {
                    ret = CompactResult.COMPACT_PARTIAL;
                    break;
                }
            }
        }
        FreeScanner.releaseFreepages(cc);
        return ret;
    }

    /** Models mm/compaction.c: compact_finished (Linux 3.10). */
    CompactResult finished(CompactControl cc) {
        if (cc.mm.current().fatalSignalPending() || (el7 && cc.contended)) {
            return CompactResult.COMPACT_PARTIAL;
        }
        if (cc.freePfn <= cc.migratePfn) {
            // kswapd clears the skip hints when it sleeps, but only after a direct compaction asked for it.
            if (!cc.kswapd) {
                cc.state.blockskipFlush = true;
            }
            return CompactResult.COMPACT_COMPLETE;
        }
        if (cc.order == -1) {
            return CompactResult.COMPACT_CONTINUE;
        }
        ZoneView zone = cc.zone;
        long watermark = zone.lowWatermark() + (1L << cc.order);
        if (!cc.mm.zoneWatermarkOk(zone, cc.order, watermark, 0, 0)) {
            return CompactResult.COMPACT_CONTINUE;
        }
        MigrateType mt = MigrateType.ofIndex(cc.migratetype);
        for (int o = cc.order; o < PageOrder.MAX_ORDER; o++) {
            if (zone.nrFree(o, mt) > 0) {
                return CompactResult.COMPACT_PARTIAL; // a free block of the right migrate type
            }
            if (o >= PageOrder.PAGEBLOCK_ORDER && zone.nrFree(o) > 0) {
                return CompactResult.COMPACT_PARTIAL; // the allocation would claim a whole pageblock
            }
        }
        return CompactResult.COMPACT_CONTINUE;
    }
}
