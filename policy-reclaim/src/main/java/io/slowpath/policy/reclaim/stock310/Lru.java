package io.slowpath.policy.reclaim.stock310;

import static io.slowpath.policy.reclaim.stock310.LruLists.LRU_ACTIVE_ANON;
import static io.slowpath.policy.reclaim.stock310.LruLists.LRU_ACTIVE_FILE;
import static io.slowpath.policy.reclaim.stock310.LruLists.LRU_INACTIVE_ANON;
import static io.slowpath.policy.reclaim.stock310.LruLists.LRU_INACTIVE_FILE;
import static io.slowpath.policy.reclaim.stock310.LruLists.LRU_UNEVICTABLE;
import static io.slowpath.policy.reclaim.stock310.LruLists.NR_LRU_LISTS;

import io.slowpath.api.MachineView;
import io.slowpath.api.NodeView;
import io.slowpath.api.VmEvent;
import io.slowpath.api.ZoneType;
import io.slowpath.api.ZoneView;
import io.slowpath.api.mm.MmServices;
import io.slowpath.api.mm.PageOps;
import io.slowpath.api.mm.PageState;
import java.util.List;

/**
 * The per-zone LRU lists of one simulated kernel and what mm/swap.c (Linux 3.10) does to them: {@code lru_cache_add}
 * ({@code __pagevec_lru_add_fn}), {@code mark_page_accessed} with {@code activate_page}, {@code rotate_reclaimable_page},
 * {@code putback_lru_page}, plus the list-size questions of mm/vmscan.c ({@code inactive_anon_is_low},
 * {@code inactive_file_is_low}, {@code zone_reclaimable_pages}).
 *
 * <p>The per-CPU pagevecs (14 pages per list) are not modelled: a page reaches its list at once, as if every
 * {@code lru_add_drain} came right after the add. The kernel's batching only delays a page's arrival on the list by
 * at most 14 additions per CPU.
 *
 * <p>The zone counters ({@code NR_INACTIVE_ANON} ... {@code NR_UNEVICTABLE}) and {@code PG_lru} are kept by the
 * core's {@link PageOps#addToLru}/{@link PageOps#deleteFromLru}, called here whenever a page joins or leaves a list,
 * so a change of {@code PG_active} is always done off the list.
 */
final class Lru {
    private final MmServices mm;
    private final PageState pages;
    private final PageOps ops;
    private final boolean memcg;
    final LruLists lists;
    private final Lruvec[] lruvecs;
    private final MachineView machine;
    /** The zone {@link #lruvecOfPfn} found last and its lruvec: pages come in runs from one zone. */
    private ZoneView lastZone;
    private Lruvec lastLruvec;

    Lru(MmServices mm, boolean memcg) {
        this.mm = mm;
        this.machine = mm.machine();
        this.pages = mm.pages();
        this.ops = mm.pageOps();
        this.memcg = memcg;
        List<? extends NodeView> nodes = mm.machine().nodes();
        this.lruvecs = new Lruvec[nodes.size() * ZoneType.MAX_NR_ZONES];
        for (NodeView n : nodes) {
            for (ZoneView z : n.zones()) {
                int i = index(z);
                lruvecs[i] = new Lruvec(z, i * NR_LRU_LISTS);
            }
        }
        this.lists = new LruLists(pages.maxPfn(), lruvecs.length * NR_LRU_LISTS);
    }

    MmServices mm() {
        return mm;
    }

    private static int index(ZoneView z) {
        return z.nodeId() * ZoneType.MAX_NR_ZONES + z.type().index();
    }

    /** The lruvec of a zone. */
    Lruvec lruvec(ZoneView z) {
        return lruvecs[index(z)];
    }

    /** The lruvec of the zone holding {@code pfn}. */
    Lruvec lruvecOfPfn(long pfn) {
        ZoneView z = machine.zoneOfPfn(pfn);
        if (z == lastZone && z != null) {
            return lastLruvec;
        }
        if (z == null) {
            throw new IllegalArgumentException("pfn " + pfn + " is in no populated zone");
        }
        Lruvec v = lruvecs[index(z)];
        lastZone = z;
        lastLruvec = v;
        return v;
    }

    /** {@code get_lru_size}: base pages on list {@code lru} of a zone. */
    long size(Lruvec v, int lru) {
        return lists.pages(v.list(lru));
    }

    /** The four evictable list sizes of a zone, by {@code enum lru_list}. */
    long[] evictableSizes(Lruvec v) {
        return new long[] {size(v, LRU_INACTIVE_ANON), size(v, LRU_ACTIVE_ANON), size(v, LRU_INACTIVE_FILE),
            size(v, LRU_ACTIVE_FILE)};
    }

    /** {@code hpage_nr_pages}: 512 for the head of a transparent huge page, else 1. */
    int nrPages(long pfn) {
        return pages.test(pfn, PageState.PG_HEAD) ? 512 : 1;
    }

    /** {@code page_lru}: the list a page belongs on by its flags. */
    int pageLru(long pfn) {
        return pageLru(pages.flags(pfn));
    }

    /** {@code page_lru} of a flag word. */
    private static int pageLru(int f) {
        if ((f & PageState.PG_UNEVICTABLE) != 0) {
            return LRU_UNEVICTABLE;
        }
        int lru = (f & PageState.PG_SWAPBACKED) != 0 ? LRU_INACTIVE_ANON : LRU_INACTIVE_FILE;
        return (f & PageState.PG_ACTIVE) != 0 ? lru + 1 : lru;
    }

    // ---- mm/swap.c ------------------------------------------------------------------------------------------------

    /**
     * Models mm/swap.c: __lru_cache_add and __pagevec_lru_add_fn (Linux 3.10): the page goes to the head of the list
     * its flags name ({@code PG_active} set by the model for new anonymous pages), and
     * {@code update_page_reclaim_stat(file, active)}.
     */
    void pageAdded(long pfn) {
        if (lists.linked(pfn)) {
            // A new page is on no list: this entry is stale (the page was freed by someone who did not report it
            // through pageRemoved, and reused). Drop it.
            lists.remove(pfn, 1);
        }
        if (!ops.addToLru(pfn)) {
            return;
        }
        int f = pages.flags(pfn);
        int lru = pageLru(f);
        Lruvec v = lruvecOfPfn(pfn);
        int n = (f & PageState.PG_HEAD) != 0 ? 512 : 1;
        lists.addHead(v.list(lru), pfn, n);
        if (lru != LRU_UNEVICTABLE) {
            v.updateReclaimStat(LruLists.isFileLru(lru), LruLists.isActiveLru(lru), n);
        }
    }

    /**
     * Models mm/swap.c: lru_add_page_tail (Linux 3.10) for the head: it stays in place on its list, now one page of
     * the 512 (the tails come through {@link #pageAdded}).
     */
    void pageSplit(long head) {
        lists.reweight(head, 1);
    }

    /** The page left for good (its owner freed it): off its list ({@code del_page_from_lru_list}). */
    void pageRemoved(long pfn) {
        lists.remove(pfn, nrPages(pfn));
        ops.deleteFromLru(pfn);
    }

    /**
     * Models mm/swap.c: mark_page_accessed (Linux 3.10): inactive and unreferenced becomes inactive and referenced;
     * inactive and referenced (on the LRU) is activated ({@code activate_page}) with PG_referenced cleared; any other
     * unreferenced page becomes referenced.
     */
    void markPageAccessed(long pfn) {
        int f = pages.flags(pfn);
        boolean referenced = (f & PageState.PG_REFERENCED) != 0;
        if ((f & (PageState.PG_ACTIVE | PageState.PG_UNEVICTABLE)) == 0 && referenced
            && (f & PageState.PG_LRU) != 0) {
            activatePage(pfn);
            pages.clearFlags(pfn, PageState.PG_REFERENCED);
        } else if (!referenced) {
            pages.setFlags(pfn, PageState.PG_REFERENCED);
        }
    }

    /**
     * Models mm/swap.c: __activate_page (Linux 3.10): an inactive page on the LRU moves to the head of its active list;
     * pgactivate, {@code update_page_reclaim_stat(file, rotated)}.
     */
    private void activatePage(long pfn) {
        if (!lists.linked(pfn)) {
            return;
        }
        int n = nrPages(pfn);
        Lruvec v = lruvecOfPfn(pfn);
        int lru = pageLru(pfn);
        lists.remove(pfn, n);
        ops.deleteFromLru(pfn);
        pages.setFlags(pfn, PageState.PG_ACTIVE);
        ops.addToLru(pfn);
        lists.addHead(v.list(lru + 1), pfn, n);
        mm.countEvent(VmEvent.PGACTIVATE, 1);
        v.updateReclaimStat(LruLists.isFileLru(lru), true, n);
    }

    /**
     * Models mm/swap.c: rotate_reclaimable_page and pagevec_move_tail_fn (Linux 3.10), as end_page_writeback calls
     * them: a PG_reclaim page (the bit is test-and-cleared) that is on the LRU, clean, inactive and evictable moves to
     * the tail of its inactive list, so the next scan frees it; pgrotated.
     */
    void rotateReclaimable(long pfn) {
        int kind = pages.kind(pfn);
        if (kind != PageState.KIND_FILE && kind != PageState.KIND_ANON) {
            return;
        }
        int f = pages.flags(pfn);
        if ((f & PageState.PG_RECLAIM) == 0) {
            return;
        }
        pages.clearFlags(pfn, PageState.PG_RECLAIM);
        if ((f & (PageState.PG_DIRTY | PageState.PG_ACTIVE | PageState.PG_UNEVICTABLE | PageState.PG_LOCKED)) != 0
            || (f & PageState.PG_LRU) == 0 || !lists.linked(pfn)) {
            return;
        }
        lists.moveToTail(pfn, nrPages(pfn));
        mm.countEvent(VmEvent.PGROTATED, 1);
    }

    /**
     * {@code putback_lru_page} of a page this policy isolated: back on the LRU (PG_lru, the zone counter) and at the
     * head of the list its flags name.
     *
     * @return the list it went to
     */
    int putback(Lruvec v, long pfn) {
        ops.putbackLruPage(pfn);
        int lru = pageLru(pfn);
        lists.addHead(v.list(lru), pfn, nrPages(pfn));
        return lru;
    }

    // ---- mm/vmscan.c list-size questions --------------------------------------------------------------------------

    /**
     * Models mm/vmscan.c: inactive_anon_is_low (Linux 3.10): never with no swap configured; with memory cgroups built
     * in ({@code mem_cgroup_inactive_anon_is_low}) the ratio is {@code int_sqrt(10 * GiB)} of the lruvec's own anon
     * pages, recomputed on every call; without them ({@code inactive_anon_is_low_global}) the zone's boot-time
     * {@code inactive_ratio}.
     */
    boolean inactiveAnonIsLow(Lruvec v) {
        if (pages.swapTotalPages() == 0) {
            return false;
        }
        long inactive = size(v, LRU_INACTIVE_ANON);
        long active = size(v, LRU_ACTIVE_ANON);
        long ratio;
        if (memcg) {
            long gb = (inactive + active) >> (30 - 12);
            ratio = gb != 0 ? intSqrt(10 * gb) : 1;
        } else {
            ratio = v.zone.inactiveRatio();
        }
        return inactive * ratio < active;
    }

    /** Models mm/vmscan.c: inactive_file_is_low (Linux 3.10): more active than inactive file pages. */
    boolean inactiveFileIsLow(Lruvec v) {
        return size(v, LRU_ACTIVE_FILE) > size(v, LRU_INACTIVE_FILE);
    }

    /** Models mm/vmscan.c: inactive_list_is_low (Linux 3.10) for the inactive list of an active list's type. */
    boolean inactiveListIsLow(Lruvec v, int lru) {
        return LruLists.isFileLru(lru) ? inactiveFileIsLow(v) : inactiveAnonIsLow(v);
    }

    /**
     * Models mm/vmscan.c: zone_reclaimable_pages (Linux 3.10): the zone's file LRU pages, plus its anon LRU pages while
     * swap has free slots.
     */
    long zoneReclaimablePages(ZoneView z) {
        Lruvec v = lruvec(z);
        long n = size(v, LRU_ACTIVE_FILE) + size(v, LRU_INACTIVE_FILE);
        if (pages.swapFreePages() > 0) {
            n += size(v, LRU_ACTIVE_ANON) + size(v, LRU_INACTIVE_ANON);
        }
        return n;
    }

    /** Models mm/vmscan.c: zone_reclaimable (Linux 3.10): fewer pages scanned than six times the reclaimable ones. */
    boolean zoneReclaimable(ZoneView z) {
        return z.pagesScanned() < zoneReclaimablePages(z) * 6;
    }

    /** {@code int_sqrt}: the floor of the square root. */
    static long intSqrt(long x) {
        long r = (long) Math.sqrt((double) x);
        while (r * r > x) {
            r--;
        }
        while ((r + 1) * (r + 1) <= x) {
            r++;
        }
        return r;
    }
}
