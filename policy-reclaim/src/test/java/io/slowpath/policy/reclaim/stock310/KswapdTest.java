package io.slowpath.policy.reclaim.stock310;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.slowpath.api.Gfp;
import io.slowpath.api.VmEvent;
import io.slowpath.core.mm.Task;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * kswapd as an actor of the simulated kernel: woken by the slow path when a zone falls below its low watermark,
 * balancing to the high watermark, napping HZ/10 and then sleeping (spec part 2, section 8).
 */
class KswapdTest {
    private static final long MS = 1_000_000L;

    /** Reads new pages of {@code file} from {@code next} until kswapd is scheduled; returns the next offset. */
    private static int readUntilKswapdWakes(StockRig rig, Task t, int file, int next) {
        while (!rig.kernel.kswapdRunning(0)) {
            long freeBefore = rig.zone.freePages();
            rig.mm.readFile(t, file, next++);
            if (rig.kernel.kswapdRunning(0)) {
                assertTrue(freeBefore <= rig.zone.lowWatermark() + 1,
                    "kswapd was woken with " + freeBefore + " free, low watermark " + rig.zone.lowWatermark());
            }
        }
        return next;
    }

    private static StockKswapd310 kswapd(StockRig rig) {
        return (StockKswapd310) rig.kswapd;
    }

    @Test
    void wokenAtTheLowWatermarkItBalancesToTheHighWatermarkThenNapsAndSleeps() {
        StockRig rig = StockRig.builder().kswapd().build();
        Task t = rig.mm.spawn(1000, "reader", 1000, 0);
        int file = rig.mm.createFile(100_000);
        assertTrue(kswapd(rig).sleeping(0));
        int next = readUntilKswapdWakes(rig, t, file, 0);
        assertEquals(0, rig.event(VmEvent.PAGEOUTRUN), "woken, not yet run");
        assertTrue(next > 16_384 - 2 * rig.zone.lowWatermark(), "memory filled up first: " + next);

        long woke = rig.kernel.clock().now();
        rig.kernel.runUntil(woke + 50 * MS);
        Kswapd k = kswapd(rig).node(0);
        assertNotNull(k);
        assertTrue(k.napping(), "balanced: in the HZ/10 nap of kswapd_try_to_sleep");
        assertTrue(rig.zone.freePages() > rig.zone.highWatermark(), "balanced at the high watermark: "
            + rig.zone.freePages() + " free, high " + rig.zone.highWatermark());
        assertTrue(rig.zone.freePages() < rig.zone.highWatermark() + 256, "and not far beyond it");
        assertTrue(rig.event(VmEvent.PAGEOUTRUN) >= 1);
        assertTrue(rig.event("pgsteal_kswapd_dma32") > 0);
        assertTrue(rig.event("pgscan_kswapd_dma32") >= rig.event("pgsteal_kswapd_dma32"));
        assertEquals(0, rig.event("pgscan_direct_dma32"), "the reader never entered direct reclaim");
        assertEquals(0, rig.event(VmEvent.ALLOCSTALL));

        rig.kernel.runUntil(woke + 1000 * MS);
        assertFalse(rig.kernel.kswapdRunning(0), "after the nap: the full sleep");
        assertTrue(k.sleeping());
        assertEquals(0, rig.event(VmEvent.KSWAPD_LOW_WMARK_HIT_QUICKLY));
        assertEquals(0, rig.event(VmEvent.KSWAPD_HIGH_WMARK_HIT_QUICKLY));
        assertEquals(List.of(), rig.mm.audit());
    }

    @Test
    void aWakeupDuringTheNapCountsLowWmarkHitQuickly() {
        StockRig rig = StockRig.builder().kswapd().build();
        Task t = rig.mm.spawn(1000, "reader", 1000, 0);
        int file = rig.mm.createFile(100_000);
        int next = readUntilKswapdWakes(rig, t, file, 0);
        long now = rig.kernel.clock().now();
        Kswapd k = null;
        while (k == null || !k.napping()) {
            now += MS;
            rig.kernel.runUntil(now);
            k = kswapd(rig).node(0);
        }
        long pageoutrun = rig.event(VmEvent.PAGEOUTRUN);
        while (rig.zone.freePages() > rig.zone.lowWatermark()) {
            rig.mm.readFile(t, file, next++);
        }
        rig.mm.readFile(t, file, next++); // enters the slow path: wakeup_kswapd finds kswapd on its wait queue
        rig.kernel.runUntil(rig.kernel.clock().now() + 1000 * MS);
        assertEquals(1, rig.event(VmEvent.KSWAPD_LOW_WMARK_HIT_QUICKLY));
        assertEquals(0, rig.event(VmEvent.KSWAPD_HIGH_WMARK_HIT_QUICKLY));
        assertTrue(rig.event(VmEvent.PAGEOUTRUN) > pageoutrun, "it balanced again");
        assertTrue(k.sleeping());
        assertTrue(rig.zone.freePages() > rig.zone.highWatermark());
    }

    @Test
    void memoryTakenDuringTheNapWithoutAWakeupCountsHighWmarkHitQuickly() {
        StockRig rig = StockRig.builder().kswapd().build();
        Task t = rig.mm.spawn(1000, "reader", 1000, 0);
        int file = rig.mm.createFile(100_000);
        readUntilKswapdWakes(rig, t, file, 0);
        long now = rig.kernel.clock().now();
        Kswapd k = null;
        while (k == null || !k.napping()) {
            now += MS;
            rig.kernel.runUntil(now);
            k = kswapd(rig).node(0);
        }
        // Below high but above low: no allocation enters the slow path, so nothing wakes kswapd.
        while (rig.zone.freePages() >= rig.zone.highWatermark()) {
            assertTrue(rig.kernel.allocPages(t, Gfp.GFP_KERNEL, 0) >= 0);
        }
        assertTrue(rig.zone.freePages() > rig.zone.lowWatermark());
        rig.kernel.runUntil(rig.kernel.clock().now() + 1000 * MS);
        assertEquals(1, rig.event(VmEvent.KSWAPD_HIGH_WMARK_HIT_QUICKLY), "not balanced after the nap");
        assertEquals(0, rig.event(VmEvent.KSWAPD_LOW_WMARK_HIT_QUICKLY));
        assertTrue(k.sleeping(), "it balanced again and slept");
        assertTrue(rig.zone.freePages() > rig.zone.highWatermark());
    }

    @Test
    void aNodeWithNothingToReclaimIsMarkedAllUnreclaimableAndKswapdSleeps() {
        StockRig rig = StockRig.builder().kswapd().build();
        Task t = rig.mm.spawn(1000, "pinner", 1000, 0);
        while (rig.zone.freePages() > rig.zone.lowWatermark()) {
            rig.kernel.allocPages(t, Gfp.GFP_KERNEL, 0);
        }
        rig.kernel.allocPages(t, Gfp.GFP_KERNEL, 0);
        assertTrue(rig.kernel.kswapdRunning(0));
        rig.kernel.runUntil(rig.kernel.clock().now() + 1000 * MS);
        assertTrue(rig.event(VmEvent.PAGEOUTRUN) >= 1);
        assertTrue(rig.zone.allUnreclaimable(), "no LRU pages: kswapd marked the zone all_unreclaimable");
        assertTrue(kswapd(rig).node(0).sleeping(), "an all_unreclaimable zone counts as balanced: kswapd sleeps");
    }

    @Test
    void aHighOrderWakeupFallsBackToOrderZeroAfterAFruitlessPriorityCycle() {
        StockRig rig = StockRig.builder().kswapd().build();
        Task t = rig.mm.spawn(1000, "pinner", 1000, 0);
        // Pin every page, then free one in eight: free memory is plenty for order 0 but holds no order-3 block.
        java.util.List<Long> pinned = new java.util.ArrayList<>();
        for (long p; (p = rig.kernel.allocPages(t, Gfp.GFP_KERNEL | Gfp.__GFP_NOWARN | Gfp.__GFP_NORETRY, 0)) >= 0; ) {
            pinned.add(p);
        }
        for (long p : pinned) {
            if (p % 8 == 0) {
                rig.kernel.freePages(t, p, 0);
            }
        }
        rig.kernel.allocator().drainAllPages();
        rig.kernel.runUntil(rig.kernel.clock().now() + 1000 * MS); // kswapd (woken while pinning) settles first
        long pageoutrun = rig.event(VmEvent.PAGEOUTRUN);
        // LRU pages reclaim cannot free yet: page cache under writeback (it never ends in this test).
        int file = rig.mm.createFile(1000);
        for (int i = 0; i < 1000; i++) {
            rig.mm.writeFile(t, file, i);
            rig.mm.startWriteback(rig.mm.pageCachePfn(file, i));
        }
        assertTrue(rig.zone.freePages() > rig.zone.highWatermark(), "order 0 is balanced");
        assertEquals(0, rig.zone.nrFree(3));
        rig.kernel.allocPages(t, Gfp.GFP_KERNEL | Gfp.__GFP_NOWARN | Gfp.__GFP_NORETRY, 3);
        Kswapd k = kswapd(rig).node(0);
        assertEquals(3, k.maxOrder(), "the order-3 request reached kswapd");
        rig.kernel.runUntil(rig.kernel.clock().now() + 2000 * MS);
        assertEquals(0, k.balancedOrder(), "a full priority cycle freed under 32 pages: order 0, which is balanced");
        assertTrue(rig.event(VmEvent.PAGEOUTRUN) >= pageoutrun + 2, "loop_again after the fruitless cycle");
        assertTrue(k.sleeping());
        assertFalse(rig.zone.allUnreclaimable(), "pages_scanned stayed under 6x the reclaimable pages");
        assertEquals(0, rig.event("pgsteal_kswapd_dma32"));
        assertTrue(rig.event("pgscan_kswapd_dma32") >= 1000, "the writeback pages were scanned");
    }
}
