package io.slowpath.policy.reclaim.stock310;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.slowpath.api.Gfp;
import io.slowpath.api.NodeView;
import io.slowpath.api.compaction.CompactOutcome;
import io.slowpath.api.compaction.CompactResult;
import io.slowpath.api.compaction.CompactionPolicy;
import io.slowpath.api.mm.TaskView;
import io.slowpath.api.reclaim.ReclaimRequest;
import io.slowpath.core.mm.Task;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Where 3.10 reclaim asks compaction (CONFIG_COMPACTION): compaction_ready in shrink_zones, should_continue_reclaim,
 * and kswapd's compact_pgdat after a high-order run (spec part 2, sections 4.4, 7.4 and 8.4), with a mocked
 * compaction policy.
 */
class CompactionInteractionTest {
    private static CompactionPolicy suitable(CompactResult r) {
        CompactionPolicy p = mock(CompactionPolicy.class);
        when(p.configured()).thenReturn(true);
        when(p.compactionSuitable(any(), any(), anyInt())).thenReturn(r);
        return p;
    }

    private static void fillWithPageCache(StockRig rig, long leaveFree) {
        Task t = rig.mm.spawn(1000, "reader", 1000, 0);
        int file = rig.mm.createFile(100_000);
        for (int i = 0; rig.zone.freePages() > leaveFree; i++) {
            rig.mm.readFile(t, file, i);
        }
    }

    private static ReclaimRequest request(StockRig rig, int order) {
        return new ReclaimRequest(List.of(rig.zone), order, Gfp.GFP_KERNEL, rig.zone.type().index());
    }

    @Test
    void compactionReadyAbortsReclaimForACostlyOrderAsProgress() {
        StockRig rig = StockRig.builder().compaction(suitable(CompactResult.COMPACT_CONTINUE)).build();
        long gap = StockReclaim310.balanceGap(rig.zone);
        fillWithPageCache(rig, rig.zone.highWatermark() + gap + (2L << 4) + 200);
        long progress = rig.reclaim.tryToFreePages(rig.services, request(rig, 4));
        assertEquals(1, progress, "the zone is compaction_ready for order 4: reclaim aborted, reported as progress");
        assertEquals(0, rig.event("pgscan_direct_dma32"));
        // Order 3 is not costly: reclaim runs.
        assertTrue(rig.reclaim.tryToFreePages(rig.services, request(rig, 3)) >= 32);
        // Compaction would not run (COMPACT_SKIPPED): reclaim runs for order 4 too.
        StockRig skipped = StockRig.builder().compaction(suitable(CompactResult.COMPACT_SKIPPED)).build();
        fillWithPageCache(skipped, skipped.zone.highWatermark() + gap + (2L << 4) + 200);
        assertTrue(skipped.reclaim.tryToFreePages(skipped.services, request(skipped, 4)) >= 32);
    }

    @Test
    void shouldContinueReclaimFollowsTheSpecsRules() {
        StockRig cont = StockRig.builder().compaction(suitable(CompactResult.COMPACT_CONTINUE)).build();
        StockRig skip = StockRig.builder().compaction(suitable(CompactResult.COMPACT_SKIPPED)).build();
        fillWithPageCache(cont, 2000);
        fillWithPageCache(skip, 2000);
        ScanControl sc = new ScanControl(Gfp.GFP_KERNEL, false, 2, 32, true);
        sc.priority = 9; // order 2 <= 3: in reclaim/compaction only below DEF_PRIORITY - 2
        sc.nrReclaimed = 3;
        assertTrue(cont.vmscan().shouldContinueReclaim(cont.zone, 3, 10, sc), "3 < 2 << 2 and the inactive list is big");
        sc.nrReclaimed = 8;
        assertFalse(cont.vmscan().shouldContinueReclaim(cont.zone, 3, 10, sc), "compaction can go on: stop");
        assertTrue(skip.vmscan().shouldContinueReclaim(skip.zone, 3, 10, sc), "compaction would not run: go on");
        assertFalse(skip.vmscan().shouldContinueReclaim(skip.zone, 0, 10, sc), "nothing reclaimed last round: stop");
        sc.priority = 10;
        assertFalse(skip.vmscan().shouldContinueReclaim(skip.zone, 3, 10, sc), "order 2 at priority 10: not yet");
        ScanControl order0 = new ScanControl(Gfp.GFP_KERNEL, false, 0, 32, true);
        order0.priority = 0;
        assertFalse(skip.vmscan().shouldContinueReclaim(skip.zone, 3, 10, order0), "order 0 never continues");
        StockRig off = StockRig.builder().build(); // compaction knob off: no CONFIG_COMPACTION
        ScanControl big = new ScanControl(Gfp.GFP_KERNEL, false, 9, 32, true);
        assertFalse(off.vmscan().shouldContinueReclaim(off.zone, 3, 10, big));
    }

    @Test
    void kswapdCompactsTheNodeAfterAHighOrderRunThatLeftNoBlock() {
        CompactionPolicy compaction = suitable(CompactResult.COMPACT_CONTINUE);
        when(compaction.tryToCompactPages(any(), any())).thenReturn(CompactOutcome.of(CompactResult.COMPACT_SKIPPED));
        StockRig rig = StockRig.builder().pages(4096).kswapd().compaction(compaction).build();
        Task t = rig.mm.spawn(1000, "pinner", 1000, 0);
        // Take every page (PF_MEMALLOC: the reserves too), then give back one in eight, up to just under the high
        // watermark: no order-2 block, order 0 not balanced either, and no LRU page to reclaim.
        java.util.List<Long> pinned = new java.util.ArrayList<>();
        t.setFlags(TaskView.PF_MEMALLOC);
        for (long p; (p = rig.kernel.allocPages(t, Gfp.GFP_KERNEL | Gfp.__GFP_NOWARN | Gfp.__GFP_NORETRY, 0)) >= 0; ) {
            pinned.add(p);
        }
        t.clearFlags(TaskView.PF_MEMALLOC);
        long given = 0;
        for (long p : pinned) {
            if (p % 8 == 0 && given < rig.zone.highWatermark() - 8) {
                rig.kernel.freePages(t, p, 0);
                given++;
            }
        }
        rig.kernel.allocator().drainAllPages();
        assertFalse(rig.zone.allUnreclaimable(), "the frees reset all_unreclaimable");
        assertTrue(rig.zone.freePages() < rig.zone.highWatermark());
        rig.kernel.allocPages(t, Gfp.GFP_KERNEL | Gfp.__GFP_NOWARN | Gfp.__GFP_NORETRY, 2);
        rig.kernel.runUntil(rig.kernel.clock().now() + 1_000_000_000L);
        // compaction_suitable says CONTINUE, so kswapd tests the zone at order 0: below high, it shrinks it, finds
        // nothing and marks it all_unreclaimable, which pgdat_balanced counts as balanced for order 2; no zone meets
        // the order-2 low watermark, so balance_pgdat ends with compact_pgdat.
        assertTrue(rig.zone.allUnreclaimable());
        verify(compaction, atLeastOnce()).compactPgdat(any(), any(NodeView.class), eq(2));
        assertEquals(2, ((StockKswapd310) rig.kswapd).node(0).balancedOrder(), "balanced at order 2");
        assertTrue(((StockKswapd310) rig.kswapd).node(0).sleeping());
    }

    @Test
    void theOffCompactionPolicyMeansNoConfigCompactionWhateverTheKnob() {
        StockRig off = StockRig.builder().settings(StockReclaimSettings.defaults()).build();
        assertTrue(off.reclaim.settings().compaction(), "the knob says CONFIG_COMPACTION");
        assertFalse(off.services.compactionConfigured(), "the off policy says no compaction");
        assertFalse(off.vmscan().compactionEnabled());
        StockRig stock = StockRig.builder().compaction(suitable(CompactResult.COMPACT_CONTINUE)).build();
        assertTrue(stock.vmscan().compactionEnabled());
        StockRig knobOff = StockRig.builder().compaction(suitable(CompactResult.COMPACT_CONTINUE))
            .settings(StockReclaimSettings.defaults().withCompaction(false)).build();
        assertFalse(knobOff.vmscan().compactionEnabled(), "the knob turns it off whatever the policy");
    }
}
