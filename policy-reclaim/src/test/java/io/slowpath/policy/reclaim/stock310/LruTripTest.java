package io.slowpath.policy.reclaim.stock310;

import static io.slowpath.policy.reclaim.stock310.LruLists.LRU_ACTIVE_ANON;
import static io.slowpath.policy.reclaim.stock310.LruLists.LRU_ACTIVE_FILE;
import static io.slowpath.policy.reclaim.stock310.LruLists.LRU_INACTIVE_ANON;
import static io.slowpath.policy.reclaim.stock310.LruLists.LRU_INACTIVE_FILE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.slowpath.api.Gfp;
import io.slowpath.api.VmEvent;
import io.slowpath.api.ZoneStatItem;
import io.slowpath.api.mm.PageState;
import io.slowpath.core.mm.Fault;
import io.slowpath.core.mm.Task;
import io.slowpath.core.mm.VmaKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-worked trips of single pages through the five lists (spec part 2, sections 1, 5 and 6). */
class LruTripTest {
    private static ScanControl direct() {
        return new ScanControl(Gfp.GFP_HIGHUSER_MOVABLE, false, 0, ScanControl.SWAP_CLUSTER_MAX, true);
    }

    private static int listOf(StockRig rig, long pfn) {
        int l = rig.lru().lists.listOf(pfn);
        return l < 0 ? -1 : l - rig.lruvec().base;
    }

    @Test
    void anUnmappedFilePageIsPromotedByTwoReadsAndDemotedAndFreedByReclaim() {
        StockRig rig = StockRig.builder().build();
        Task t = rig.mm.spawn(1000, "reader", 1000, 0);
        int file = rig.mm.createFile(16);
        PageState pages = rig.services.pages();
        Lruvec v = rig.lruvec();

        rig.mm.readFile(t, file, 0); // lru_cache_add_file, then mark_page_accessed
        long pfn = rig.mm.pageCachePfn(file, 0);
        assertEquals(LRU_INACTIVE_FILE, listOf(rig, pfn), "page cache starts on the inactive file list");
        assertTrue(pages.test(pfn, PageState.PG_REFERENCED | PageState.PG_LRU), "first touch: referenced");
        assertEquals(1, rig.zone.stat(ZoneStatItem.NR_INACTIVE_FILE));
        assertArrayEquals(new long[] {0, 1}, v.recentScanned);
        assertArrayEquals(new long[] {0, 0}, v.recentRotated);

        rig.mm.readFile(t, file, 0); // inactive,referenced -> active,unreferenced
        assertEquals(LRU_ACTIVE_FILE, listOf(rig, pfn));
        assertFalse(pages.test(pfn, PageState.PG_REFERENCED));
        assertTrue(pages.test(pfn, PageState.PG_ACTIVE));
        assertEquals(1, rig.event(VmEvent.PGACTIVATE));
        assertEquals(0, rig.zone.stat(ZoneStatItem.NR_INACTIVE_FILE));
        assertEquals(1, rig.zone.stat(ZoneStatItem.NR_ACTIVE_FILE));
        assertArrayEquals(new long[] {0, 2}, v.recentScanned, "activate_page: scanned and rotated");
        assertArrayEquals(new long[] {0, 1}, v.recentRotated);

        rig.mm.readFile(t, file, 0); // active,unreferenced -> active,referenced
        assertTrue(pages.test(pfn, PageState.PG_REFERENCED | PageState.PG_ACTIVE));
        assertEquals(1, rig.event(VmEvent.PGACTIVATE), "no second activation");

        rig.vmscan().shrinkActiveList(32, v, direct(), LRU_ACTIVE_FILE);
        assertEquals(LRU_INACTIVE_FILE, listOf(rig, pfn), "unmapped: page_referenced is 0, so it is deactivated");
        assertTrue(pages.test(pfn, PageState.PG_REFERENCED), "shrink_active_list leaves PG_referenced alone");
        assertEquals(1, rig.event("pgrefill_dma32"));
        assertEquals(1, rig.event(VmEvent.PGDEACTIVATE));
        assertEquals(1, rig.zone.pagesScanned());
        assertArrayEquals(new long[] {0, 3}, v.recentScanned);

        ScanControl sc = direct();
        assertEquals(1, rig.vmscan().shrinkInactiveList(32, v, sc, LRU_INACTIVE_FILE),
            "PG_referenced unmapped file page: PAGEREF_RECLAIM_CLEAN, and it is clean: freed");
        assertEquals(-1, rig.mm.pageCachePfn(file, 0));
        assertEquals(1, sc.nrScanned);
        assertEquals(1, rig.event("pgscan_direct_dma32"));
        assertEquals(1, rig.event("pgsteal_direct_dma32"));
        assertEquals(0, rig.event("pgscan_kswapd_dma32"));
        assertEquals(2, rig.zone.pagesScanned());
        assertEquals(0, rig.zone.stat(ZoneStatItem.NR_INACTIVE_FILE));
        assertEquals(List.of(), rig.mm.audit());
    }

    @Test
    void anAnonymousPageStartsActiveIsDeactivatedAndSwappedUnlessTouchedAgain() {
        StockRig rig = StockRig.builder().swap(1024).build();
        Task t = rig.mm.spawn(1000, "anon", 1000, 0);
        long start = rig.mm.mmap(t, 2, VmaKind.ANON);
        rig.mm.touch(t, start, true);
        rig.mm.touch(t, start + 1, true);
        long a = rig.mm.pfnAt(t, start);
        long b = rig.mm.pfnAt(t, start + 1);
        Lruvec v = rig.lruvec();
        assertEquals(LRU_ACTIVE_ANON, listOf(rig, a), "do_anonymous_page: lru_cache_add_lru(LRU_ACTIVE_ANON)");
        assertArrayEquals(new long[] {2, 0}, v.recentScanned);
        assertArrayEquals(new long[] {2, 0}, v.recentRotated, "adding to an active list counts as a rotation");

        rig.vmscan().shrinkActiveList(32, v, direct(), LRU_ACTIVE_ANON);
        assertEquals(LRU_INACTIVE_ANON, listOf(rig, a), "referenced anon pages are deactivated all the same");
        assertEquals(LRU_INACTIVE_ANON, listOf(rig, b));
        assertArrayEquals(new long[] {4, 0}, v.recentScanned);
        assertArrayEquals(new long[] {4, 0}, v.recentRotated, "both were young: both count as rotated");
        assertEquals(2, rig.event(VmEvent.PGDEACTIVATE));

        rig.mm.touch(t, start, false); // a is young again; b is not
        ScanControl sc = direct();
        assertEquals(1, rig.vmscan().shrinkInactiveList(32, v, sc, LRU_INACTIVE_ANON));
        assertEquals(4, sc.nrScanned, "each page counts twice: it is mapped");
        assertEquals(LRU_ACTIVE_ANON, listOf(rig, a), "a PTE reference activates a swap-backed page");
        assertEquals(1, rig.event(VmEvent.PGACTIVATE));
        assertEquals(1, rig.event(VmEvent.PSWPOUT));
        assertTrue(rig.mm.swapSlotAt(t, start + 1) >= 0, "b went to swap");
        assertEquals(1, t.swapEntries());
        assertArrayEquals(new long[] {6, 0}, v.recentScanned);
        assertArrayEquals(new long[] {5, 0}, v.recentRotated, "the reactivated page is a rotation");

        long before = rig.kernel.clock().now();
        assertEquals(Fault.MAJOR, rig.mm.touch(t, start + 1, false), "swap-in is a major fault");
        assertTrue(rig.kernel.clock().now() - before >= rig.services.costs().swapInIoNs(),
            "the task waited the cost model's swap-in latency");
        assertEquals(1, rig.event(VmEvent.PGMAJFAULT));
        assertEquals(1, rig.event(VmEvent.PSWPIN));
        assertEquals(LRU_INACTIVE_ANON, listOf(rig, rig.mm.pfnAt(t, start + 1)), "swap-in lands on inactive anon");
        assertEquals(0, t.swapEntries(), "MM_SWAPENTS follows the entry back");
        assertEquals(List.of(), rig.mm.audit());
    }

    @Test
    void aMappedFilePageNeedsTwoObservedUsesToBeActivated() {
        StockRig rig = StockRig.builder().build();
        Task t = rig.mm.spawn(1000, "mapper", 1000, 0);
        long start = rig.mm.mmap(t, 4, VmaKind.FILE);
        rig.mm.touch(t, start, false);
        long pfn = rig.mm.pfnAt(t, start);
        Lruvec v = rig.lruvec();
        assertEquals(LRU_INACTIVE_FILE, listOf(rig, pfn));
        rig.vmscan().shrinkInactiveList(32, v, direct(), LRU_INACTIVE_FILE);
        assertEquals(LRU_INACTIVE_FILE, listOf(rig, pfn), "one PTE reference: PAGEREF_KEEP, one more trip");
        assertTrue(rig.services.pages().test(pfn, PageState.PG_REFERENCED));
        rig.mm.touch(t, start, false);
        rig.vmscan().shrinkInactiveList(32, v, direct(), LRU_INACTIVE_FILE);
        assertEquals(LRU_ACTIVE_FILE, listOf(rig, pfn), "referenced again: activated");
        assertEquals(1, rig.event(VmEvent.PGACTIVATE));
        rig.vmscan().shrinkActiveList(32, v, direct(), LRU_ACTIVE_FILE);
        rig.vmscan().shrinkInactiveList(32, v, direct(), LRU_INACTIVE_FILE);
        assertEquals(-1, rig.mm.pfnAt(t, start), "unreferenced since: unmapped and freed");
        assertEquals(0, t.fileRss());
        assertEquals(List.of(), rig.mm.audit());
    }

    @Test
    void writebackEndRotatesAReclaimPageToTheInactiveTail() {
        StockRig rig = StockRig.builder().build();
        Task t = rig.mm.spawn(1000, "writer", 1000, 0);
        int file = rig.mm.createFile(8);
        for (int i = 0; i < 3; i++) {
            rig.mm.readFile(t, file, i);
        }
        long first = rig.mm.pageCachePfn(file, 0);
        Lru lru = rig.lru();
        int list = rig.lruvec().list(LRU_INACTIVE_FILE);
        assertEquals(first, lru.lists.tail(list), "the oldest page is at the tail");
        long newest = rig.mm.pageCachePfn(file, 2);
        rig.services.pages().setFlags(newest, PageState.PG_RECLAIM);
        lru.rotateReclaimable(newest);
        assertEquals(newest, lru.lists.tail(list), "rotate_reclaimable_page: to the tail, reclaimed next");
        assertEquals(1, rig.event(VmEvent.PGROTATED));
        assertFalse(rig.services.pages().test(newest, PageState.PG_RECLAIM), "PG_reclaim is test-and-cleared");
        lru.rotateReclaimable(first);
        assertEquals(1, rig.event(VmEvent.PGROTATED), "no PG_reclaim: no rotation");
    }
}
