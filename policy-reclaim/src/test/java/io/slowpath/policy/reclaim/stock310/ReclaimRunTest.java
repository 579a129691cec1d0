package io.slowpath.policy.reclaim.stock310;

import static io.slowpath.policy.reclaim.stock310.LruLists.LRU_ACTIVE_ANON;
import static io.slowpath.policy.reclaim.stock310.LruLists.LRU_INACTIVE_ANON;
import static io.slowpath.policy.reclaim.stock310.LruLists.LRU_INACTIVE_FILE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.slowpath.api.Gfp;
import io.slowpath.api.VmEvent;
import io.slowpath.api.ZoneStatItem;
import io.slowpath.api.mm.PageState;
import io.slowpath.core.mm.Task;
import io.slowpath.core.mm.VmaKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reclaim on a real core over a known mix of clean and dirty page-cache pages and anonymous pages: what is freed,
 * written, swapped and activated, pass by pass.
 */
class ReclaimRunTest {
    private static final int CLEAN = 200;
    private static final int DIRTY = 100;
    private static final int ANON = 300;
    private static final int HOT = 50;

    private static ScanControl direct() {
        return new ScanControl(Gfp.GFP_HIGHUSER_MOVABLE, false, 0, ScanControl.SWAP_CLUSTER_MAX, true);
    }

    private static ScanControl kswapd(int priority) {
        ScanControl sc = new ScanControl(Gfp.GFP_KERNEL, true, 0, Long.MAX_VALUE, true);
        sc.priority = priority;
        return sc;
    }

    @Test
    void cleanPagesAreFreedDirtyOnesWrittenByKswapdThenFreedAnonSwappedOrActivated() {
        StockRig rig = StockRig.builder().swap(4096).build();
        Task t = rig.mm.spawn(1000, "mix", 1000, 0);
        int clean = rig.mm.createFile(CLEAN);
        int dirty = rig.mm.createFile(DIRTY);
        for (int i = 0; i < CLEAN; i++) {
            rig.mm.readFile(t, clean, i);
        }
        for (int i = 0; i < DIRTY; i++) {
            rig.mm.writeFile(t, dirty, i);
        }
        long anon = rig.mm.mmap(t, ANON, VmaKind.ANON);
        for (int i = 0; i < ANON; i++) {
            rig.mm.touch(t, anon + i, true);
        }
        Vmscan vs = rig.vmscan();
        Lruvec v = rig.lruvec();
        assertEquals(CLEAN + DIRTY, rig.zone.stat(ZoneStatItem.NR_INACTIVE_FILE));
        assertEquals(ANON, rig.zone.stat(ZoneStatItem.NR_ACTIVE_ANON));
        assertEquals(DIRTY, rig.zone.stat(ZoneStatItem.NR_DIRTY));

        // Direct reclaim: clean pages go, dirty ones are never written by direct reclaim (PG_reclaim, kept).
        assertEquals(CLEAN, vs.shrinkInactiveList(CLEAN + DIRTY, v, direct(), LRU_INACTIVE_FILE));
        assertEquals(CLEAN + DIRTY, rig.event("pgscan_direct_dma32"));
        assertEquals(CLEAN, rig.event("pgsteal_direct_dma32"));
        assertEquals(DIRTY, rig.zone.stat(ZoneStatItem.NR_VMSCAN_IMMEDIATE_RECLAIM));
        assertEquals(0, rig.zone.stat(ZoneStatItem.NR_VMSCAN_WRITE));
        assertEquals(0, rig.zone.stat(ZoneStatItem.NR_WRITEBACK));
        assertEquals(DIRTY, rig.zone.stat(ZoneStatItem.NR_INACTIVE_FILE));
        for (int i = 0; i < CLEAN; i++) {
            assertEquals(-1, rig.mm.pageCachePfn(clean, i));
        }

        // kswapd at priority 10 still may not write file pages.
        assertEquals(0, vs.shrinkInactiveList(DIRTY, v, kswapd(10), LRU_INACTIVE_FILE));
        assertEquals(2 * DIRTY, rig.zone.stat(ZoneStatItem.NR_VMSCAN_IMMEDIATE_RECLAIM));
        assertEquals(0, rig.zone.stat(ZoneStatItem.NR_WRITEBACK));

        // kswapd at priority 9 writes them, and does not free them in the same pass.
        long pgpgout = rig.event(VmEvent.PGPGOUT);
        assertEquals(0, vs.shrinkInactiveList(DIRTY, v, kswapd(9), LRU_INACTIVE_FILE));
        assertEquals(DIRTY, rig.zone.stat(ZoneStatItem.NR_VMSCAN_WRITE));
        assertEquals(DIRTY, rig.zone.stat(ZoneStatItem.NR_WRITEBACK));
        assertEquals(0, rig.zone.stat(ZoneStatItem.NR_DIRTY));
        assertEquals(pgpgout + 4L * DIRTY, rig.event(VmEvent.PGPGOUT));
        // Under writeback they are kept (PG_reclaim) by any pass.
        assertEquals(0, vs.shrinkInactiveList(DIRTY, v, direct(), LRU_INACTIVE_FILE));
        long dirtyPfn = rig.mm.pageCachePfn(dirty, 0);
        assertTrue(rig.services.pages().test(dirtyPfn, PageState.PG_WRITEBACK | PageState.PG_RECLAIM));

        // The writes end writebackIoNs later; each PG_reclaim page rotates to the inactive tail.
        rig.kernel.runUntil(rig.kernel.clock().now() + rig.services.costs().writebackIoNs());
        assertEquals(0, rig.zone.stat(ZoneStatItem.NR_WRITEBACK));
        assertEquals(DIRTY, rig.zone.stat(ZoneStatItem.NR_WRITTEN));
        assertEquals(DIRTY, rig.event(VmEvent.PGROTATED));
        assertEquals(DIRTY, vs.shrinkInactiveList(DIRTY, v, kswapd(12), LRU_INACTIVE_FILE), "clean now: freed");
        assertEquals(DIRTY, rig.event("pgsteal_kswapd_dma32"));
        assertEquals(3 * DIRTY, rig.event("pgscan_kswapd_dma32"), "three kswapd passes over the dirty pages");
        assertEquals(0, rig.zone.stat(ZoneStatItem.NR_INACTIVE_FILE));

        // Anonymous pages: deactivated (all young: all rotated), then swapped unless touched again meanwhile.
        vs.shrinkActiveList(ANON, v, kswapd(12), LRU_ACTIVE_ANON);
        assertEquals(ANON, rig.event(VmEvent.PGDEACTIVATE));
        assertEquals(ANON, rig.event("pgrefill_dma32"));
        assertEquals(ANON, rig.zone.stat(ZoneStatItem.NR_INACTIVE_ANON));
        for (int i = 0; i < HOT; i++) {
            rig.mm.touch(t, anon + i, false);
        }
        long activate = rig.event(VmEvent.PGACTIVATE);
        assertEquals(ANON - HOT, vs.shrinkInactiveList(ANON, v, kswapd(12), LRU_INACTIVE_ANON));
        assertEquals(activate + HOT, rig.event(VmEvent.PGACTIVATE));
        assertEquals(ANON - HOT, rig.event(VmEvent.PSWPOUT));
        assertEquals(ANON - HOT, t.swapEntries());
        assertEquals(HOT, t.anonRss());
        assertEquals(HOT, rig.zone.stat(ZoneStatItem.NR_ACTIVE_ANON));
        assertEquals(0, rig.zone.stat(ZoneStatItem.NR_INACTIVE_ANON));
        assertEquals(4096 - (ANON - HOT), rig.services.pages().swapFreePages());
        for (int i = 0; i < ANON; i++) {
            assertEquals(i >= HOT, rig.mm.swapSlotAt(t, anon + i) >= 0, "page " + i);
        }
        assertEquals(0, rig.zone.stat(ZoneStatItem.NR_ISOLATED_ANON) + rig.zone.stat(ZoneStatItem.NR_ISOLATED_FILE));
        assertEquals(List.of(), rig.mm.audit());
    }

    @Test
    void aFullSwapDeviceActivatesAnonPagesInsteadOfSwappingThem() {
        StockRig rig = StockRig.builder().swap(10).build();
        Task t = rig.mm.spawn(1000, "anon", 1000, 0);
        long anon = rig.mm.mmap(t, 40, VmaKind.ANON);
        for (int i = 0; i < 40; i++) {
            rig.mm.touch(t, anon + i, true);
        }
        Vmscan vs = rig.vmscan();
        Lruvec v = rig.lruvec();
        vs.shrinkActiveList(40, v, kswapd(12), LRU_ACTIVE_ANON);
        assertEquals(10, vs.shrinkInactiveList(40, v, kswapd(12), LRU_INACTIVE_ANON));
        assertEquals(0, rig.services.pages().swapFreePages());
        assertEquals(30, rig.event(VmEvent.PGACTIVATE), "add_to_swap failed: activated");
        assertEquals(30, rig.zone.stat(ZoneStatItem.NR_ACTIVE_ANON));
        assertEquals(10, t.swapEntries());
        // With no free slot get_scan_count scans file only, and zone_reclaimable_pages drops the anon lists.
        ScanCount c = vs.getScanCount(v, kswapd(0));
        assertEquals(ScanBalance.SCAN_FILE, c.balance());
        assertEquals(0, rig.lru().zoneReclaimablePages(rig.zone));
        assertEquals(List.of(), rig.mm.audit());
    }

    @Test
    void directReclaimFreesAClusterForAnAllocationThatFailedTheMinWatermark() {
        StockRig rig = StockRig.builder().pages(8192).build();
        Task t = rig.mm.spawn(1000, "reader", 1000, 0);
        int file = rig.mm.createFile(100_000);
        long minFree = rig.zone.minWatermark();
        int i = 0;
        while (rig.event(VmEvent.ALLOCSTALL) == 0) {
            rig.mm.readFile(t, file, i++);
        }
        assertTrue(i > 8192 - 2 * minFree, "the zone filled up first: " + i);
        assertTrue(rig.event("pgsteal_direct_dma32") >= ScanControl.SWAP_CLUSTER_MAX,
            "one try_to_free_pages frees a cluster: " + rig.event("pgsteal_direct_dma32"));
        assertEquals(1, rig.event(VmEvent.ALLOCSTALL));
        assertTrue(rig.mm.pageCachePfn(file, i - 1) >= 0, "the allocation that stalled got its page");
        assertEquals(-1, rig.mm.pageCachePfn(file, 0), "the oldest page went first");
        // Keep reading: reclaim keeps up and never reports no progress.
        for (int k = 0; k < 20_000; k++) {
            rig.mm.readFile(t, file, i++);
        }
        assertEquals(List.of(), ((StockRig.RecordingOom) rig.oom).calls);
        assertTrue(rig.event(VmEvent.ALLOCSTALL) > 100);
        assertEquals(List.of(), rig.mm.audit());
    }
}
