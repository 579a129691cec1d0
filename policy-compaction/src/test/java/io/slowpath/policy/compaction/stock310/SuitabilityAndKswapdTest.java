package io.slowpath.policy.compaction.stock310;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.slowpath.api.Gfp;
import io.slowpath.api.MigrateType;
import io.slowpath.api.NodeView;
import io.slowpath.api.VmEvent;
import io.slowpath.api.ZoneStatItem;
import io.slowpath.api.compaction.CompactRequest;
import io.slowpath.api.compaction.CompactResult;
import io.slowpath.api.compaction.Fragmentation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** compaction_suitable's four answers, kswapd's compact_pgdat, compact_node, and migration of pinned pages. */
class SuitabilityAndKswapdTest {
    @Test
    void compactionSuitableChecksTheWatermarkWithTwoBlocksOfSlackThenTheFragmentationIndex() {
        CompactionRig r = new CompactionRig();
        var mm = r.kernel.services();
        assertEquals(CompactResult.COMPACT_CONTINUE, r.policy.compactionSuitable(mm, r.zone, -1), "order -1");
        // A fresh zone: its free order-10 blocks serve order 9 already.
        assertEquals(-1000, Fragmentation.of(r.zone, 9).fragmentationIndex());
        assertEquals(CompactResult.COMPACT_PARTIAL, r.policy.compactionSuitable(mm, r.zone, 9));
        // Nearly full: fewer than low + 2 << 9 free pages for the migration copies.
        r.fill(r.zone.lowWatermark() + 64);
        assertTrue(r.free() <= r.zone.lowWatermark() + (2 << 9));
        assertEquals(CompactResult.COMPACT_SKIPPED, r.policy.compactionSuitable(mm, r.zone, 9));
        // Fragmented with enough free pages: index 1000 - (1000 + F * 1000 / 512) / F, near 1000.
        CompactionRig f = new CompactionRig();
        f.fragment();
        Fragmentation frag = Fragmentation.of(f.zone, 9);
        long free = frag.freePages();
        long expected = 1000 - (1000 + free * 1000 / 512) / frag.freeBlocksTotal();
        assertEquals(expected, frag.fragmentationIndex());
        assertTrue(expected > 500);
        assertEquals(CompactResult.COMPACT_CONTINUE, f.policy.compactionSuitable(f.kernel.services(), f.zone, 9));
        // The same zone with vm.extfrag_threshold at or above its index: a lack of memory, reclaim instead.
        Stock310Compaction strict = new Stock310Compaction((int) expected, 0);
        assertEquals(CompactResult.COMPACT_SKIPPED, strict.compactionSuitable(f.kernel.services(), f.zone, 9));
        Stock310Compaction below = new Stock310Compaction((int) expected - 1, 0);
        assertEquals(CompactResult.COMPACT_CONTINUE, below.compactionSuitable(f.kernel.services(), f.zone, 9));
    }

    @Test
    void reclaimAsksCompactionDeferredThroughTheServicesAndTheAttemptCounts() {
        CompactionRig r = new CompactionRig();
        var mm = r.kernel.services();
        assertFalse(mm.compactionDeferred(r.zone, 9));
        r.policy.deferCompaction(mm, r.zone, 9);
        assertTrue(mm.compactionDeferred(r.zone, 9), "shift 1: the first attempt after a failure is skipped");
        assertEquals(1, r.policy.considered(r.zone));
        assertFalse(mm.compactionDeferred(r.zone, 9));
    }

    @Test
    void tryToCompactPagesSkipsOrderZeroAndGfpWithoutFsOrIo() {
        CompactionRig r = new CompactionRig();
        r.fragment();
        for (int gfp : new int[] {Gfp.GFP_NOFS, Gfp.GFP_NOIO}) {
            assertEquals(CompactResult.COMPACT_SKIPPED, r.policy.tryToCompactPages(r.kernel.services(),
                new CompactRequest(List.of(r.zone), 9, gfp, 2, 0, true)).result());
        }
        assertEquals(CompactResult.COMPACT_SKIPPED, r.policy.tryToCompactPages(r.kernel.services(),
            new CompactRequest(List.of(r.zone), 0, Gfp.GFP_KERNEL, 2, 0, true)).result());
        assertEquals(0, r.kernel.machine().event(VmEvent.COMPACT_STALL), "no compact_stall for those");
    }

    @Test
    void kswapdCompactsAsyncNeverDefersAndLeavesTheSkipHintsForItsOwnSleep() {
        CompactionRig r = new CompactionRig();
        r.fragment(false);
        NodeView node = r.kernel.machine().nodes().get(0);
        var kswapd = r.kernel.kswapdTask(0);
        r.kernel.runAs(kswapd, () -> r.kernel.services().compactPgdat(node, 9));
        assertTrue(r.hugeFreeBlocks() >= 2, "async compaction of MOVABLE pageblocks built blocks");
        assertEquals(10, r.policy.orderFailed(r.zone), "the order watermark is met: compact_order_failed = order + 1");
        assertEquals(0, r.kernel.machine().event(VmEvent.COMPACT_STALL), "kswapd's compaction is no stall");
        // Run again until the scanners meet: kswapd does not ask itself to flush the skip hints.
        for (int i = 0; i < 4; i++) {
            r.kernel.runAs(kswapd, () -> r.kernel.services().compactPgdat(node, 10));
        }
        assertEquals(0, r.policy.deferShift(r.zone), "async compaction is never deferred");
        assertFalse(r.policy.blockskipFlush(r.zone));
        assertEquals(List.of(), r.mm.audit());
    }

    @Test
    void compactNodeRunsEveryZoneToTheMeetingPoint() {
        CompactionRig r = new CompactionRig();
        r.fragment();
        r.policy.compactNode(r.kernel.services(), r.kernel.machine().nodes().get(0));
        assertTrue(r.hugeFreeBlocks() >= 2);
        assertEquals(0, r.kernel.machine().event(VmEvent.COMPACT_STALL));
        assertEquals(0, r.policy.deferShift(r.zone));
        assertTrue(r.policy.blockskipFlush(r.zone), "it ran to COMPLETE as a task, not as kswapd");
        assertEquals(List.of(), r.mm.audit());
    }

    @Test
    void pinnedPagesAreRetriedTenTimesThenPutBackWithoutCountingAFailure() {
        CompactionRig r = new CompactionRig();
        r.fragment();
        long[] pinned = new long[r.holey.length];
        for (int i = 0; i < r.holey.length; i++) {
            pinned[i] = r.block(r.holey[i]); // one page in four stays mapped: the first of each block
            r.mm.pinPage(pinned[i]);
        }
        r.kernel.callAs(r.task, () -> r.policy.tryToCompactPages(r.kernel.services(),
            new CompactRequest(List.of(r.zone), 9, Gfp.GFP_TRANSHUGE, 2, MigrateType.MOVABLE.index(), true)));
        for (long p : pinned) {
            assertTrue(r.mm.pages().isAnon(p), "pinned page " + p + " stayed");
            assertTrue(r.kernel.services().pages().test(p, io.slowpath.api.mm.PageState.PG_LRU), "and is back on the LRU");
        }
        assertEquals(0, r.hugeFreeBlocks(), "no nearly empty pageblock could be emptied");
        assertEquals(0, r.kernel.machine().event(VmEvent.PGMIGRATE_FAIL), "-EAGAIN to the end is no pgmigrate_fail");
        assertTrue(r.kernel.machine().event(VmEvent.PGMIGRATE_SUCCESS) > 0);
        assertEquals(0, r.zone.stat(ZoneStatItem.NR_ISOLATED_ANON));
        assertEquals(List.of(), r.mm.audit());
    }
}
