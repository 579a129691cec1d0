package io.slowpath.policy.reclaim.stock310;

import static io.slowpath.policy.reclaim.stock310.LruLists.LRU_ACTIVE_ANON;
import static io.slowpath.policy.reclaim.stock310.LruLists.LRU_ACTIVE_FILE;
import static io.slowpath.policy.reclaim.stock310.LruLists.LRU_INACTIVE_ANON;
import static io.slowpath.policy.reclaim.stock310.LruLists.LRU_INACTIVE_FILE;
import static io.slowpath.policy.reclaim.stock310.ScanControl.DEF_PRIORITY;
import static io.slowpath.policy.reclaim.stock310.ScanControl.SWAP_CLUSTER_MAX;

import io.slowpath.api.Gfp;
import io.slowpath.api.PageOrder;
import io.slowpath.api.VmEvent;
import io.slowpath.api.ZoneStatItem;
import io.slowpath.api.ZoneView;
import io.slowpath.api.compaction.CompactResult;
import io.slowpath.api.mm.MmServices;
import io.slowpath.api.mm.PageOps;
import io.slowpath.api.mm.PageState;
import io.slowpath.api.reclaim.Shrinker;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Models mm/vmscan.c (Linux 3.10, global reclaim, root memory cgroup only): shrink_zone, shrink_lruvec,
 * shrink_list, shrink_inactive_list, shrink_page_list, shrink_active_list and isolate_lru_pages over one kernel's
 * {@link Lru}. The page mechanics (swap-out, dropping a clean page-cache page, starting writeback) are the core's
 * ({@link PageOps}); choosing pages, the lists, {@code reclaim_stat} and the counters are this class's.
 *
 * <p>Simulated time: every page an isolation pass looks at costs {@code pageScanNs}; the mechanics charge their own
 * costs (a freed page {@code pageReclaimNs}, a swap-out also {@code swapOutIoNs}). Reclaimers run one at a time in
 * the simulation, so {@code too_many_isolated} never throttles, and no device is modelled as congested, so
 * {@code wait_iff_congested} never sleeps and {@code ZONE_CONGESTED} is never set.
 */
final class Vmscan {
    /** {@code ISOLATE_CLEAN}: skip dirty and writeback pages (reclaim that may not write). */
    static final int ISOLATE_CLEAN = 0x1;
    /** {@code ISOLATE_UNMAPPED}: skip mapped pages. */
    static final int ISOLATE_UNMAPPED = 0x2;

    private final Lru lru;
    private final MmServices mm;
    private final PageState pages;
    private final PageOps ops;
    private final int swappiness;
    private final boolean compaction;
    /** {@code shrinker->nr_in_batch}: work each shrinker deferred to the next shrink_slab (looked up, never iterated). */
    private final Map<Shrinker, Long> nrInBatch = new IdentityHashMap<>();

    Vmscan(Lru lru, int swappiness, boolean compaction) {
        this.lru = lru;
        this.compaction = compaction;
        this.mm = lru.mm();
        this.pages = mm.pages();
        this.ops = mm.pageOps();
        this.swappiness = swappiness;
    }

    Lru lru() {
        return lru;
    }

    /**
     * Whether the kernel has CONFIG_COMPACTION: the {@link StockReclaimSettings#compaction()} knob and the compaction
     * policy's own answer ({@link MmServices#compactionConfigured()}, false for {@code off}).
     */
    boolean compactionEnabled() {
        return compaction && mm.compactionConfigured();
    }

    // ---- shrink_zone ----------------------------------------------------------------------------------------------

    /** Models mm/vmscan.c: shrink_zone (Linux 3.10): shrink_lruvec, repeated while should_continue_reclaim. */
    void shrinkZone(ZoneView zone, ScanControl sc) {
        Lruvec v = lru.lruvec(zone);
        long reclaimed;
        long scanned;
        do {
            long reclaimed0 = sc.nrReclaimed;
            long scanned0 = sc.nrScanned;
            shrinkLruvec(v, sc);
            reclaimed = sc.nrReclaimed - reclaimed0;
            scanned = sc.nrScanned - scanned0;
        } while (shouldContinueReclaim(zone, reclaimed, scanned, sc));
    }

    /**
     * Models mm/vmscan.c: should_continue_reclaim (Linux 3.10, CONFIG_COMPACTION): reclaim for a high order goes on
     * until compaction could take over ({@code compaction_suitable} of the configured compaction policy) or the last
     * round freed nothing.
     */
    boolean shouldContinueReclaim(ZoneView zone, long reclaimed, long scanned, ScanControl sc) {
        boolean inReclaimCompaction = compactionEnabled() && sc.order > 0
            && (sc.order > PageOrder.PAGE_ALLOC_COSTLY_ORDER || sc.priority < DEF_PRIORITY - 2);
        if (!inReclaimCompaction) {
            return false;
        }
        if ((sc.gfp & Gfp.__GFP_REPEAT) != 0) {
            if (reclaimed == 0 && scanned == 0) {
                return false;
            }
        } else if (reclaimed == 0) {
            return false;
        }
        long pagesForCompaction = 2L << sc.order;
        Lruvec v = lru.lruvec(zone);
        long inactive = lru.size(v, LRU_INACTIVE_FILE);
        if (pages.swapFreePages() > 0) {
            inactive += lru.size(v, LRU_INACTIVE_ANON);
        }
        if (sc.nrReclaimed < pagesForCompaction && inactive > pagesForCompaction) {
            return true;
        }
        CompactResult r = mm.compactionSuitable(zone, sc.order);
        return r != CompactResult.COMPACT_PARTIAL && r != CompactResult.COMPACT_CONTINUE;
    }

    // ---- shrink_lruvec --------------------------------------------------------------------------------------------

    /** get_scan_count for one lruvec at the current priority (see {@link ScanCount}). */
    ScanCount getScanCount(Lruvec v, ScanControl sc) {
        ZoneView z = v.zone;
        ScanCount.Input in = new ScanCount.Input(lru.evictableSizes(v), sc.priority, swappiness, sc.maySwap,
            pages.swapFreePages(), z.freePages(), z.highWatermark(), sc.kswapd && z.allUnreclaimable());
        return ScanCount.compute(in, v.recentScanned, v.recentRotated);
    }

    /**
     * Models mm/vmscan.c: shrink_lruvec (Linux 3.10): rounds of up to 32 pages from every list with a target left
     * until the inactive-anon and both file targets are used up, stopping early only once the goal is met below
     * DEF_PRIORITY (no proportional rebalancing, which is 3.11); then anon aging if the inactive anon list is low.
     * throttle_vm_writeout is not modelled (the simulator has no dirty-page throttling).
     */
    void shrinkLruvec(Lruvec v, ScanControl sc) {
        long[] nr = getScanCount(v, sc).nr();
        long nrReclaimed = 0;
        while (nr[LRU_INACTIVE_ANON] != 0 || nr[LRU_ACTIVE_FILE] != 0 || nr[LRU_INACTIVE_FILE] != 0) {
            for (int l = LRU_INACTIVE_ANON; l <= LRU_ACTIVE_FILE; l++) {
                if (nr[l] != 0) {
                    long n = Math.min(nr[l], SWAP_CLUSTER_MAX);
                    nr[l] -= n;
                    nrReclaimed += shrinkList(l, n, v, sc);
                }
            }
            if (nrReclaimed >= sc.nrToReclaim && sc.priority < DEF_PRIORITY) {
                break;
            }
        }
        sc.nrReclaimed += nrReclaimed;
        if (lru.inactiveAnonIsLow(v)) {
            shrinkActiveList(SWAP_CLUSTER_MAX, v, sc, LRU_ACTIVE_ANON);
        }
    }

    /**
     * Models mm/vmscan.c: shrink_list (Linux 3.10): an active list is aged only while its inactive list is low (and
     * frees nothing); an inactive list is shrunk.
     */
    long shrinkList(int l, long n, Lruvec v, ScanControl sc) {
        if (LruLists.isActiveLru(l)) {
            if (lru.inactiveListIsLow(v, l)) {
                shrinkActiveList(n, v, sc, l);
            }
            return 0;
        }
        return shrinkInactiveList(n, v, sc, l);
    }

    // ---- isolation ------------------------------------------------------------------------------------------------

    /** The pages one isolation pass took, in the order taken (oldest first). */
    static final class Isolated {
        long[] pfns = new long[SWAP_CLUSTER_MAX];
        int count;
        long nrScanned;
        long nrTaken;

        void add(long pfn) {
            if (count == pfns.length) {
                pfns = java.util.Arrays.copyOf(pfns, count * 2);
            }
            pfns[count++] = pfn;
        }
    }

    /**
     * Models mm/vmscan.c: isolate_lru_pages and __isolate_lru_page (Linux 3.10): up to {@code nrToScan} pages from the
     * tail of list {@code l}; a page the mode refuses (or that someone else has isolated) is moved to the head of its
     * list and still counts as scanned. Each page looked at costs {@code pageScanNs}.
     */
    Isolated isolateLruPages(long nrToScan, Lruvec v, int mode, int l) {
        Isolated out = new Isolated();
        int list = v.list(l);
        while (out.nrScanned < nrToScan && !lru.lists.isEmpty(list)) {
            long pfn = lru.lists.tail(list);
            out.nrScanned++;
            int n = lru.nrPages(pfn);
            int f = pages.flags(pfn);
            boolean busy = (f & PageState.PG_LRU) == 0 || pages.isolated(pfn);
            if ((mode & ISOLATE_CLEAN) != 0 && (f & (PageState.PG_WRITEBACK | PageState.PG_DIRTY)) != 0) {
                busy = true;
            }
            if ((mode & ISOLATE_UNMAPPED) != 0 && pages.mapcount(pfn) > 0) {
                busy = true;
            }
            if (busy) {
                lru.lists.moveToHead(pfn, n);
                continue;
            }
            lru.lists.remove(pfn, n);
            ops.isolateLruPage(pfn);
            out.add(pfn);
            out.nrTaken += n;
        }
        mm.spend(mm.costs().pageScanNs() * out.nrScanned);
        return out;
    }

    private static int isolateMode(ScanControl sc) {
        int mode = 0;
        if (!sc.mayUnmap) {
            mode |= ISOLATE_UNMAPPED;
        }
        if (!sc.mayWritepage) {
            mode |= ISOLATE_CLEAN;
        }
        return mode;
    }

    // ---- shrink_inactive_list -------------------------------------------------------------------------------------

    /**
     * Models mm/vmscan.c: shrink_inactive_list (Linux 3.10): isolate from the inactive tail (pages_scanned,
     * pgscan_kswapd/direct), shrink_page_list, {@code recent_scanned}, pgsteal_kswapd/direct, and the survivors back to
     * their lists.
     *
     * @return pages freed
     */
    long shrinkInactiveList(long nrToScan, Lruvec v, ScanControl sc, int l) {
        boolean file = LruLists.isFileLru(l);
        Isolated iso = isolateLruPages(nrToScan, v, isolateMode(sc), l);
        ZoneView z = v.zone;
        mm.addPagesScanned(z, iso.nrScanned);
        if (iso.nrScanned > 0) {
            mm.countEvent(ZoneEvents.pgscan(z, sc.kswapd), iso.nrScanned);
        }
        if (iso.nrTaken == 0) {
            return 0;
        }
        long nrReclaimed = shrinkPageList(iso, v, sc);
        v.recentScanned[file ? 1 : 0] += iso.nrTaken;
        if (nrReclaimed > 0) {
            mm.countEvent(ZoneEvents.pgsteal(z, sc.kswapd), nrReclaimed);
        }
        return nrReclaimed;
    }

    /**
     * Models mm/vmscan.c: shrink_page_list and putback_inactive_pages (Linux 3.10) for the pages of one isolation
     * pass, oldest first. Per page: {@code sc->nr_scanned} (+1 more when mapped or in the swap cache); under writeback:
     * PG_reclaim, keep; page_check_references: activate or keep; an anonymous page goes to swap
     * ({@link PageOps#swapOut}: add_to_swap, try_to_unmap, pageout and the free in one step), or is activated when
     * swap is full; a page-cache page is unmapped and freed if clean ({@link PageOps#dropFilePage}); a dirty one is
     * kept with PG_reclaim (nr_vmscan_immediate_reclaim) unless kswapd at priority 9 or below may write it: then
     * pageout starts writeback (nr_vmscan_write) and the page stays on the list until the write ends and
     * rotate_reclaimable_page moves it to the tail. Survivors go back to the head of their (possibly active) list in
     * the order processed; pgactivate and {@code recent_rotated} count the activated ones.
     *
     * @return pages freed
     */
    long shrinkPageList(Isolated iso, Lruvec v, ScanControl sc) {
        long nrReclaimed = 0;
        long pgactivate = 0;
        long[] survivors = new long[iso.count];
        int nSurvivors = 0;
        ZoneView z = v.zone;
        for (int i = 0; i < iso.count; i++) {
            long pfn = iso.pfns[i];
            sc.nrScanned++;
            int f = pages.flags(pfn);
            boolean mapped = pages.mapcount(pfn) > 0;
            if (mapped || (f & PageState.PG_SWAPCACHE) != 0) {
                sc.nrScanned++;
            }
            Outcome o = decide(pfn, f, mapped, sc, z);
            switch (o) {
                case FREED -> nrReclaimed++;
                case ACTIVATE -> {
                    pages.setFlags(pfn, PageState.PG_ACTIVE);
                    pgactivate++;
                    survivors[nSurvivors++] = pfn;
                }
                case KEEP -> survivors[nSurvivors++] = pfn;
                default -> throw new AssertionError(o);
            }
        }
        if (pgactivate > 0) {
            mm.countEvent(VmEvent.PGACTIVATE, pgactivate);
        }
        for (int i = 0; i < nSurvivors; i++) {
            long pfn = survivors[i];
            int l = lru.putback(v, pfn);
            if (LruLists.isActiveLru(l)) {
                v.recentRotated[LruLists.isFileLru(l) ? 1 : 0] += lru.nrPages(pfn);
            }
        }
        return nrReclaimed;
    }

    /** What shrink_page_list does with one page. */
    enum Outcome { FREED, KEEP, ACTIVATE }

    private Outcome decide(long pfn, int f, boolean mapped, ScanControl sc, ZoneView z) {
        if ((f & PageState.PG_WRITEBACK) != 0) {
            pages.setFlags(pfn, PageState.PG_RECLAIM);
            return Outcome.KEEP;
        }
        PageReferences refs = PageReferences.check(pages, pfn);
        if (refs == PageReferences.ACTIVATE) {
            return Outcome.ACTIVATE;
        }
        if (refs == PageReferences.KEEP) {
            return Outcome.KEEP;
        }
        if (pages.isAnon(pfn)) {
            return reclaimAnon(pfn, f, mapped, sc);
        }
        if (!pages.isFile(pfn)) {
            return Outcome.KEEP;
        }
        if (ops.dropFilePage(pfn)) {
            return Outcome.FREED;
        }
        // Dirty (PG_dirty, or a dirty pte moved there by try_to_unmap): steps 12a-12e.
        if (!sc.kswapd || sc.priority >= DEF_PRIORITY - 2) {
            mm.modZoneStat(z, ZoneStatItem.NR_VMSCAN_IMMEDIATE_RECLAIM, 1);
            pages.setFlags(pfn, PageState.PG_RECLAIM);
            return Outcome.KEEP;
        }
        if (refs == PageReferences.RECLAIM_CLEAN || (sc.gfp & Gfp.__GFP_FS) == 0 || !sc.mayWritepage) {
            return Outcome.KEEP;
        }
        // pageout: clear_page_dirty_for_io, PG_reclaim, ->writepage; the page is kept until the write ends.
        pages.setFlags(pfn, PageState.PG_RECLAIM);
        ops.startWriteback(pfn, () -> lru.rotateReclaimable(pfn));
        mm.modZoneStat(z, ZoneStatItem.NR_VMSCAN_WRITE, 1);
        return Outcome.KEEP;
    }

    /**
     * Steps 9-12 of shrink_page_list for an anonymous page: no __GFP_IO: keep; a huge page (which add_to_swap would
     * split; the page mechanics cannot) and a page for which swap has no slot: activate; otherwise swap it out.
     */
    private Outcome reclaimAnon(long pfn, int f, boolean mapped, ScanControl sc) {
        boolean swapCache = (f & PageState.PG_SWAPCACHE) != 0;
        if (!swapCache) {
            if ((sc.gfp & Gfp.__GFP_IO) == 0) {
                return Outcome.KEEP;
            }
            if ((f & (PageState.PG_HEAD | PageState.PG_TAIL)) != 0 || pages.swapFreePages() <= 0) {
                return Outcome.ACTIVATE;
            }
        }
        if (!mapped || !sc.mayWritepage) {
            return Outcome.KEEP;
        }
        return ops.swapOut(pfn) ? Outcome.FREED : Outcome.ACTIVATE;
    }

    // ---- shrink_active_list ---------------------------------------------------------------------------------------

    /**
     * Models mm/vmscan.c: shrink_active_list (Linux 3.10): isolate from the active tail (pages_scanned,
     * {@code recent_scanned}, pgrefill); every page whose PTEs were referenced counts as rotated, yet is deactivated all
     * the same (only executable file pages stay active, and the model maps none); PG_referenced is left alone. Pages go
     * to the head of the inactive list in the order processed; pgdeactivate.
     */
    void shrinkActiveList(long nrToScan, Lruvec v, ScanControl sc, int l) {
        boolean file = LruLists.isFileLru(l);
        Isolated iso = isolateLruPages(nrToScan, v, isolateMode(sc), l);
        ZoneView z = v.zone;
        mm.addPagesScanned(z, iso.nrScanned);
        v.recentScanned[file ? 1 : 0] += iso.nrTaken;
        if (iso.nrScanned > 0) {
            mm.countEvent(ZoneEvents.pgrefill(z), iso.nrScanned);
        }
        long nrRotated = 0;
        long moved = 0;
        for (int i = 0; i < iso.count; i++) {
            long pfn = iso.pfns[i];
            int n = lru.nrPages(pfn);
            if (pages.test(pfn, PageState.PG_UNEVICTABLE)) {
                lru.putback(v, pfn);
                continue;
            }
            if (pages.referenced(pfn) > 0) {
                nrRotated += n;
            }
            pages.clearFlags(pfn, PageState.PG_ACTIVE);
            lru.putback(v, pfn);
            moved += n;
        }
        v.recentRotated[file ? 1 : 0] += nrRotated;
        if (moved > 0) {
            mm.countEvent(VmEvent.PGDEACTIVATE, moved);
        }
    }

    // ---- shrink_slab ----------------------------------------------------------------------------------------------

    /**
     * Models mm/vmscan.c: shrink_slab (Linux 3.10) over the registered shrinkers: each is aged by
     * {@code (4 * nr_scanned / seeks) * objects / (lru_pages + 1)} objects plus the work it deferred last time
     * ({@code nr_in_batch}), at most twice its objects (and half of them unless the pressure is a quarter or more), in
     * batches (slabs_scanned counts each batch); the remainder is carried to the next call. The slab pages the
     * shrinkers gave back (the drop of NR_SLAB_RECLAIMABLE over the machine, {@code reclaim_state->reclaimed_slab})
     * are added to {@code sc->nr_reclaimed}.
     *
     * @return objects freed
     */
    long shrinkSlab(ScanControl sc, long lruPages) {
        List<? extends Shrinker> shrinkers = mm.shrinkers();
        if (shrinkers.isEmpty()) {
            return 0;
        }
        long slabBefore = reclaimableSlabPages();
        long nrPagesScanned = sc.nrScanned == 0 ? SWAP_CLUSTER_MAX : sc.nrScanned;
        long ret = 0;
        for (Shrinker s : shrinkers) {
            long batch = s.batch() > 0 ? s.batch() : Shrinker.SHRINK_BATCH;
            long maxPass = s.shrink(mm, sc.gfp, 0);
            if (maxPass <= 0) {
                continue;
            }
            long nr = nrInBatch.getOrDefault(s, 0L);
            nrInBatch.put(s, 0L);
            long delta = (4 * nrPagesScanned) / Math.max(1, s.seeks());
            delta = ScanCount.mulDiv(delta, maxPass, lruPages + 1);
            long totalScan = nr + delta;
            if (totalScan < 0) {
                totalScan = maxPass;
            }
            if (delta < maxPass / 4) {
                totalScan = Math.min(totalScan, maxPass / 2);
            }
            totalScan = Math.min(totalScan, 2 * maxPass);
            while (totalScan >= batch) {
                long before = s.shrink(mm, sc.gfp, 0);
                long left = s.shrink(mm, sc.gfp, batch);
                if (left == -1) {
                    break;
                }
                if (left < before) {
                    ret += before - left;
                }
                mm.countEvent(VmEvent.SLABS_SCANNED, batch);
                totalScan -= batch;
            }
            if (totalScan > 0) {
                nrInBatch.merge(s, totalScan, Long::sum);
            }
        }
        long freedPages = slabBefore - reclaimableSlabPages();
        if (freedPages > 0) {
            sc.nrReclaimed += freedPages;
        }
        return ret;
    }

    /** NR_SLAB_RECLAIMABLE over every zone of the machine. */
    private long reclaimableSlabPages() {
        long n = 0;
        for (ZoneView z : mm.machine().populatedZones()) {
            n += z.stat(ZoneStatItem.NR_SLAB_RECLAIMABLE);
        }
        return n;
    }
}
