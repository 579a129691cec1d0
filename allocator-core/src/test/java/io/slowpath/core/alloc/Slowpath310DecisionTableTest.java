package io.slowpath.core.alloc;

import static io.slowpath.core.alloc.SlowpathTestRig.Memory.AT_MIN;
import static io.slowpath.core.alloc.SlowpathTestRig.Memory.EMPTY;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.same;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import io.slowpath.api.Gfp;
import io.slowpath.api.MigrateType;
import io.slowpath.api.VmEvent;
import io.slowpath.api.ZoneType;
import io.slowpath.api.compaction.CompactOutcome;
import io.slowpath.api.compaction.CompactRequest;
import io.slowpath.api.compaction.CompactResult;
import io.slowpath.api.mm.TaskView;
import io.slowpath.api.oom.OomOutcome;
import io.slowpath.api.oom.OomRequest;
import io.slowpath.api.reclaim.ReclaimRequest;
import io.slowpath.api.trace.DecisionTrace;
import io.slowpath.api.trace.TraceStep;
import io.slowpath.core.mm.Task;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;

/**
 * The decision table of mm/page_alloc.c: __alloc_pages_slowpath (Linux 3.10, as the seed shows it), driven through a
 * real machine and {@link BuddyAllocator} with mocked policies. One test per row; the expected values come from the
 * seed and spec part 3 sections 1-2 (step numbers S1..S20 of section 1.2), never from the code under test.
 *
 * <pre>
 * row  request                                  memory / policy answers                 exit
 * ---  ---------------------------------------  --------------------------------------  -------------------------
 *  1   GFP_ATOMIC 0x20, order 0                 empty                                   NOPAGE after S8
 *  2   GFP_NOFS 0x50, order 0                   empty, reclaim 0                         LIVELOCK (S17 loop)
 *  3   GFP_KERNEL|NORETRY 0x10d0, order 0       empty, reclaim 0                         NOPAGE after S18
 *  4   GFP_KERNEL|NORETRY, order 2              empty, compact COMPLETE, reclaim 7       NOPAGE after S18
 *  5   GFP_KERNEL 0xd0, order 4                 empty, reclaim 0                         NOPAGE after S15d (costly)
 *  6   GFP_NOFS|NOFAIL 0x850, order 0           empty, 5th reclaim frees                 GOT_PG after S14
 *  7   GFP_KERNEL|NOFAIL 0x8d0, order 4         empty, reclaim 0, OOM frees              GOT_PG after S6 (restart)
 *  8   GFP_TRANSHUGE 0x4352da, order 9          empty, compaction deferred               NOPAGE after S13
 *  9   GFP_TRANSHUGE, order 9                   empty, async compaction contended        NOPAGE after S13
 * 10   GFP_TRANSHUGE, order 9                   empty, compact COMPLETE, reclaim 0       NOPAGE after S18
 * 11   GFP_KERNEL, TIF_MEMDIE                   at min                                   GOT_PG after S7
 * 12   GFP_KERNEL, TIF_MEMDIE                   empty                                    NOPAGE after S10
 * 13   GFP_KERNEL, PF_MEMALLOC                  at min                                   GOT_PG after S7
 * 14   GFP_KERNEL, PF_MEMALLOC                  empty                                    NOPAGE after S9
 * 15   GFP_KERNEL|NOFAIL, PF_MEMALLOC           empty                                    LIVELOCK (in S7)
 * 16   GFP_KERNEL|NOFAIL, TIF_MEMDIE            empty                                    LIVELOCK (in S7)
 * 17   GFP_KERNEL, order 0                      empty, reclaim 0, OOM kill frees         GOT_PG after S6 (restart)
 * 18   GFP_KERNEL, order 0                      empty, OOM lock busy, 2nd reclaim frees  GOT_PG after S14
 * 19   GFP_KERNEL, order 0                      empty, reclaim frees but returns 0       GOT_PG after S15c
 * 20   GFP_DMA32|GFP_KERNEL 0xd4, order 0       empty, reclaim 0                         NOPAGE after S15d (lowmem)
 * 21   GFP_THISNODE|GFP_KERNEL 0x412d0          empty                                    NOPAGE after S2
 * 22   __GFP_THISNODE|GFP_KERNEL 0x400d0        empty, reclaim 0                         LIVELOCK (S15e loop)
 * 23   GFP_KERNEL|NORETRY, order 2              empty, COMPACT_SKIPPED                   NOPAGE after S18
 * 24   GFP_KERNEL, order 2                      empty, compaction frees                  GOT_PG after S11
 * 25   GFP_KERNEL|NORETRY, order 3              empty, compaction deferred (no THP)      NOPAGE after S18
 * 26   GFP_KERNEL|REPEAT 0x4d0, order 4         empty, reclaim 5 each pass               NOPAGE after S18 (4 passes)
 * 27   GFP_KERNEL, order 4 (no REPEAT)          empty, reclaim 5                         NOPAGE after S18 (1 pass)
 * 28   GFP_KERNEL, PF_DUMPCORE                  empty, reclaim 0                         NOPAGE after S15b
 * 29   GFP_KERNEL, oom_killer_disabled          empty, reclaim 0                         NOPAGE after S15a
 * 30   GFP_KERNEL, order 0                      empty, reclaim 0, OOM panics             KernelPanic
 * 31   GFP_NOFS, congested preferred zone       empty, reclaim 0                         LIVELOCK, wait traced
 * 32   any, order 11                            -                                        rejected before the slow path
 * 33   GFP_KERNEL, order 0                      at min, OOM marks current TIF_MEMDIE     GOT_PG after S7 (restart)
 * 34   GFP_ATOMIC, order 0                      at min                                   GOT_PG after S6
 * 35   GFP_KERNEL|NOFAIL, PF_DUMPCORE           empty, reclaim 0, OOM frees              GOT_PG after S6 (restart)
 * W1-4 warn_alloc_failed: first line, __GFP_NOWARN, 10 per 5 s, the window boundary
 * </pre>
 */
class Slowpath310DecisionTableTest {
    private static final int GFP_KERNEL = Gfp.GFP_KERNEL;
    private static final int GFP_NOFS = Gfp.GFP_NOFS;
    private static final int DMA32 = ZoneType.DMA32.index();
    private static final int NORMAL = ZoneType.NORMAL.index();

    // ---- S8 ------------------------------------------------------------------------------------------------------

    @Test
    @DisplayName("row 1 S8: GFP_ATOMIC with nothing free wakes kswapd, fails at once, never reclaims")
    void atomicFailsWithoutReclaim() {
        SlowpathTestRig r = new SlowpathTestRig(EMPTY, 10).kswapdWantsToRun();

        assertEquals(-1, r.alloc(Gfp.GFP_ATOMIC, 0));

        assertTrace(r, List.of("S3", "S4", "S6", "S8", "S19"), "NOPAGE after S8");
        assertEquals(Gfp.GFP_ATOMIC, r.trace().gfp(), "the slow path's mask, without the fast path's __GFP_HARDWALL");
        InOrder o = inOrder(r.kswapd, r.failures);
        // wake_all_kswapd: every zone up to gfp_zone (NORMAL), classzone = zone_idx(preferred_zone) = DMA32
        o.verify(r.kswapd).wakeup(same(r.mm), same(r.dma32()), eq(0), eq(DMA32));
        o.verify(r.kswapd).wakeup(same(r.mm), same(r.dma()), eq(0), eq(DMA32));
        o.verify(r.failures).warnAllocFailed(r.task, Gfp.GFP_ATOMIC, 0);
        verify(r.waker, atLeastOnce()).wake(r.node0());
        verifyNoInteractions(r.reclaim, r.compaction, r.oom);
        verify(r.mm, never()).countEvent(any(), anyLong());
    }

    // ---- S17 loop without __GFP_FS ---------------------------------------------------------------------------------

    @Test
    @DisplayName("row 2 S17: GFP_NOFS with no progress reclaims, never calls the OOM killer, loops until the cap")
    void nofsNeverOoms() {
        SlowpathTestRig r = new SlowpathTestRig(EMPTY, 5);
        List<Boolean> memallocDuringReclaim = new ArrayList<>();
        when(r.reclaim.tryToFreePages(any(), any())).thenAnswer(inv -> {
            memallocDuringReclaim.add(r.task.hasFlag(TaskView.PF_MEMALLOC));
            return 0L;
        });

        assertEquals(-1, r.alloc(GFP_NOFS, 0));

        List<String> want = new ArrayList<>(List.of("S3", "S4"));
        want.addAll(repeat(List.of("S6", "S14", "S17"), 5));
        want.add("LOOP");
        assertTrace(r, want, "LIVELOCK");
        ArgumentCaptor<ReclaimRequest> req = ArgumentCaptor.forClass(ReclaimRequest.class);
        verify(r.reclaim, times(5)).tryToFreePages(same(r.mm), req.capture());
        assertEquals(new ReclaimRequest(r.zonelistUpTo(GFP_NOFS), 0, GFP_NOFS, NORMAL), req.getValue());
        assertEquals(Collections.nCopies(5, true), memallocDuringReclaim, "PF_MEMALLOC is set around try_to_free_pages");
        assertFalse(r.task.hasFlag(TaskView.PF_MEMALLOC), "and cleared afterwards");
        verifyNoInteractions(r.oom);
        // S17 goes to REBALANCE, not RESTART: kswapd is woken once per zone, on the first pass only
        verify(r.kswapd, times(2)).wakeup(any(), any(), anyInt(), anyInt());
        verify(r.failures, never()).warnAllocFailed(any(), anyInt(), anyInt());
    }

    // ---- __GFP_NORETRY ---------------------------------------------------------------------------------------------

    @Test
    @DisplayName("row 3 S17/S18: __GFP_NORETRY order 0 fails after one reclaim pass, no OOM, no compaction")
    void noretryOrder0() {
        SlowpathTestRig r = new SlowpathTestRig(EMPTY, 10);
        int gfp = GFP_KERNEL | Gfp.__GFP_NORETRY;

        assertEquals(-1, r.alloc(gfp, 0));

        assertTrace(r, List.of("S3", "S4", "S6", "S14", "S17", "S19"), "NOPAGE after S18");
        verify(r.reclaim, times(1)).tryToFreePages(any(), any());
        verifyNoInteractions(r.oom, r.compaction);
        verify(r.failures).warnAllocFailed(r.task, gfp, 0);
    }

    @Test
    @DisplayName("row 4 S11/S14/S18: __GFP_NORETRY order 2: async compaction, one reclaim, one sync compaction, defer")
    void noretryOrder2AsyncThenSync() {
        SlowpathTestRig r = new SlowpathTestRig(EMPTY, 10);
        int gfp = GFP_KERNEL | Gfp.__GFP_NORETRY;
        when(r.compaction.tryToCompactPages(any(), any())).thenReturn(CompactOutcome.of(CompactResult.COMPACT_COMPLETE));
        r.parkOnPcp(10);
        List<Integer> pcpAtReclaim = new ArrayList<>();
        when(r.reclaim.tryToFreePages(any(), any())).thenAnswer(inv -> {
            pcpAtReclaim.add(r.dma32().pcpCount(0));
            return 7L;
        });

        assertEquals(-1, r.alloc(gfp, 2));

        assertTrace(r, List.of("S3", "S4", "S6", "S11", "S14", "S17", "S18", "S19"), "NOPAGE after S18");
        InOrder o = inOrder(r.compaction, r.reclaim, r.mm);
        ArgumentCaptor<CompactRequest> cr = ArgumentCaptor.forClass(CompactRequest.class);
        o.verify(r.compaction).compactionDeferred(r.mm, r.dma32(), 2);
        o.verify(r.compaction).tryToCompactPages(same(r.mm), cr.capture());
        o.verify(r.mm).countEvent(VmEvent.COMPACT_FAIL, 1);
        o.verify(r.reclaim).tryToFreePages(any(), any());
        o.verify(r.compaction).compactionDeferred(r.mm, r.dma32(), 2);
        o.verify(r.compaction).tryToCompactPages(same(r.mm), cr.capture());
        o.verify(r.mm).countEvent(VmEvent.COMPACT_FAIL, 1);
        o.verify(r.compaction).deferCompaction(r.mm, r.dma32(), 2);
        assertEquals(List.of(false, true), cr.getAllValues().stream().map(CompactRequest::sync).toList(),
            "S11 is async, S18 is sync");
        verify(r.compaction, times(1)).deferCompaction(any(), any(), anyInt());
        verify(r.mm, times(2)).countEvent(VmEvent.COMPACT_FAIL, 1);
        verify(r.mm, never()).countEvent(eq(VmEvent.COMPACT_SUCCESS), anyLong());
        assertEquals(List.of(0), pcpAtReclaim, "a compaction that ran drains the local per-CPU lists (drain_pages)");
        verifyNoInteractions(r.oom);
    }

    // ---- may_oom exemptions and S15d ------------------------------------------------------------------------------

    @Test
    @DisplayName("row 5 S15c/S15d: order 4 GFP_KERNEL, no progress: no kill for a costly order, fails at S15d")
    void costlyOrderSkipsKill() {
        SlowpathTestRig r = new SlowpathTestRig(EMPTY, 10);

        assertEquals(-1, r.alloc(GFP_KERNEL, 4));

        assertTrace(r, List.of("S3", "S4", "S6", "S11", "S14", "S15c", "S15d", "S19"), "NOPAGE after S15d");
        assertTrue(step(r.trace(), "S15c").outcome().contains("no kill"), step(r.trace(), "S15c").outcome());
        verifyNoInteractions(r.oom);
        verify(r.compaction, times(1)).tryToCompactPages(any(), any());
        assertFalse(r.dma32().oomLocked() || r.dma().oomLocked(), "clear_zonelist_oom ran");
        verify(r.failures).warnAllocFailed(r.task, GFP_KERNEL, 4);
    }

    // ---- __GFP_NOFAIL ----------------------------------------------------------------------------------------------

    @Test
    @DisplayName("row 6 S17: GFP_NOFS|__GFP_NOFAIL keeps retrying until the 5th reclaim frees memory")
    void nofailRetriesUntilMemoryAppears() {
        SlowpathTestRig r = new SlowpathTestRig(EMPTY, 50);
        int gfp = GFP_NOFS | Gfp.__GFP_NOFAIL;
        AtomicInteger calls = new AtomicInteger();
        when(r.reclaim.tryToFreePages(any(), any())).thenAnswer(inv ->
            calls.incrementAndGet() == 5 ? (long) r.release(2048) : 0L);

        long pfn = r.alloc(gfp, 0);

        assertTrue(pfn >= 0);
        List<String> want = new ArrayList<>(List.of("S3", "S4"));
        want.addAll(repeat(List.of("S6", "S14", "S17"), 4));
        want.addAll(List.of("S6", "S14"));
        assertTrace(r, want, "GOT_PG after S14");
        assertEquals(pfn, r.trace().result());
        verify(r.reclaim, times(5)).tryToFreePages(any(), any());
        verifyNoInteractions(r.oom);
        verify(r.failures, never()).warnAllocFailed(any(), anyInt(), anyInt());
    }

    @Test
    @DisplayName("row 7 S15c/S15e: __GFP_NOFAIL order 4 is not exempt from the OOM killer and restarts after it")
    void nofailCostlyOrderCallsOom() {
        SlowpathTestRig r = new SlowpathTestRig(EMPTY, 10);
        int gfp = GFP_KERNEL | Gfp.__GFP_NOFAIL;
        when(r.oom.outOfMemory(any(), any())).thenAnswer(inv -> {
            r.release(2048);
            return OomOutcome.killed(777, 321);
        });

        long pfn = r.alloc(gfp, 4);

        assertTrue(pfn >= 0);
        assertTrace(r, List.of("S3", "S4", "S6", "S11", "S14", "S15c", "S15e", "S3", "S4", "S6"), "GOT_PG after S6");
        ArgumentCaptor<OomRequest> req = ArgumentCaptor.forClass(OomRequest.class);
        verify(r.oom).outOfMemory(same(r.mm), req.capture());
        assertEquals(new OomRequest(r.zonelistUpTo(gfp), gfp, 4, NORMAL, false), req.getValue());
    }

    // ---- THP (__GFP_NO_KSWAPD) -------------------------------------------------------------------------------------

    @Test
    @DisplayName("row 8 S13: GFP_TRANSHUGE order 9 with compaction deferred: no kswapd, no reclaim, fails at S13")
    void thpDeferred() {
        SlowpathTestRig r = new SlowpathTestRig(EMPTY, 10).kswapdWantsToRun();
        when(r.compaction.compactionDeferred(any(), any(), anyInt())).thenReturn(true);

        assertEquals(-1, r.alloc(Gfp.GFP_TRANSHUGE, 9));

        assertTrace(r, List.of("S4", "S6", "S11", "S13", "S19"), "NOPAGE after S13");
        verify(r.compaction).compactionDeferred(r.mm, r.dma32(), 9);
        verify(r.compaction, never()).tryToCompactPages(any(), any());
        verifyNoInteractions(r.kswapd, r.waker, r.reclaim, r.oom);
        verify(r.failures).warnAllocFailed(r.task, Gfp.GFP_TRANSHUGE, 9);
    }

    @Test
    @DisplayName("row 9 S13: GFP_TRANSHUGE whose async compaction was contended fails at S13 without reclaim")
    void thpContended() {
        SlowpathTestRig r = new SlowpathTestRig(EMPTY, 10);
        when(r.compaction.tryToCompactPages(any(), any()))
            .thenReturn(new CompactOutcome(CompactResult.COMPACT_PARTIAL, true));

        assertEquals(-1, r.alloc(Gfp.GFP_TRANSHUGE, 9));

        assertTrace(r, List.of("S4", "S6", "S11", "S13", "S19"), "NOPAGE after S13");
        verify(r.mm).countEvent(VmEvent.COMPACT_FAIL, 1);
        verify(r.compaction, never()).deferCompaction(any(), any(), anyInt());
        verifyNoInteractions(r.reclaim, r.oom, r.kswapd);
    }

    @Test
    @DisplayName("row 10 S11/S18: GFP_TRANSHUGE: async compaction, one reclaim, sync compaction, deferral after sync")
    void thpAsyncThenSync() {
        SlowpathTestRig r = new SlowpathTestRig(EMPTY, 10);
        int gfp = Gfp.GFP_TRANSHUGE;
        when(r.compaction.tryToCompactPages(any(), any())).thenReturn(CompactOutcome.of(CompactResult.COMPACT_COMPLETE));

        assertEquals(-1, r.alloc(gfp, 9));

        assertTrace(r, List.of("S4", "S6", "S11", "S14", "S17", "S18", "S19"), "NOPAGE after S18");
        InOrder o = inOrder(r.compaction, r.reclaim);
        ArgumentCaptor<CompactRequest> cr = ArgumentCaptor.forClass(CompactRequest.class);
        o.verify(r.compaction).tryToCompactPages(same(r.mm), cr.capture());
        o.verify(r.reclaim).tryToFreePages(same(r.mm),
            eq(new ReclaimRequest(r.zonelistUpTo(gfp), 9, gfp, ZoneType.MOVABLE.index())));
        o.verify(r.compaction).tryToCompactPages(same(r.mm), cr.capture());
        o.verify(r.compaction).deferCompaction(r.mm, r.dma32(), 9);
        int movable = MigrateType.MOVABLE.index();
        assertEquals(List.of(
            new CompactRequest(r.zonelistUpTo(gfp), 9, gfp, ZoneType.MOVABLE.index(), movable, false),
            new CompactRequest(r.zonelistUpTo(gfp), 9, gfp, ZoneType.MOVABLE.index(), movable, true)),
            cr.getAllValues());
        verify(r.compaction, times(1)).deferCompaction(any(), any(), anyInt());
        verify(r.mm, times(2)).countEvent(VmEvent.COMPACT_FAIL, 1);
        verifyNoInteractions(r.oom, r.kswapd);
    }

    // ---- TIF_MEMDIE and PF_MEMALLOC ---------------------------------------------------------------------------------

    @Test
    @DisplayName("row 11 S7: a TIF_MEMDIE task allocates below the min watermark (ALLOC_NO_WATERMARKS)")
    void memdieBelowWatermarks() {
        SlowpathTestRig r = new SlowpathTestRig(AT_MIN, 10);
        r.task.setMemdie(true);

        long pfn = r.alloc(GFP_KERNEL, 0);

        assertTrue(pfn >= 0);
        assertTrace(r, List.of("S3", "S4", "S6", "S7"), "GOT_PG after S7");
        assertTrue(step(r.trace(), "S6").outcome().startsWith("fail"), "the min-watermark attempt failed first");
        verifyNoInteractions(r.reclaim, r.compaction, r.oom);
    }

    @Test
    @DisplayName("row 12 S10: a TIF_MEMDIE task with nothing free does not loop")
    void memdieNothingFree() {
        SlowpathTestRig r = new SlowpathTestRig(EMPTY, 10);
        r.task.setMemdie(true);

        assertEquals(-1, r.alloc(GFP_KERNEL, 0));

        assertTrace(r, List.of("S3", "S4", "S6", "S7", "S10", "S19"), "NOPAGE after S10");
        verifyNoInteractions(r.reclaim, r.compaction, r.oom);
        verify(r.failures).warnAllocFailed(r.task, GFP_KERNEL, 0);
    }

    @Test
    @DisplayName("row 13 S7: a PF_MEMALLOC task allocates below the min watermark")
    void memallocBelowWatermarks() {
        SlowpathTestRig r = new SlowpathTestRig(AT_MIN, 10);
        r.task.setFlags(TaskView.PF_MEMALLOC);

        assertTrue(r.alloc(GFP_KERNEL, 0) >= 0);

        assertTrace(r, List.of("S3", "S4", "S6", "S7"), "GOT_PG after S7");
        verifyNoInteractions(r.reclaim, r.compaction, r.oom);
    }

    @Test
    @DisplayName("row 14 S9: a PF_MEMALLOC task with nothing free fails rather than recurse into reclaim")
    void memallocNothingFree() {
        SlowpathTestRig r = new SlowpathTestRig(EMPTY, 10);
        r.task.setFlags(TaskView.PF_MEMALLOC);

        assertEquals(-1, r.alloc(GFP_KERNEL, 0));

        assertTrace(r, List.of("S3", "S4", "S6", "S7", "S9", "S19"), "NOPAGE after S9");
        verifyNoInteractions(r.reclaim, r.compaction, r.oom);
        assertTrue(r.task.hasFlag(TaskView.PF_MEMALLOC), "the caller's own PF_MEMALLOC is left alone");
    }

    @Test
    @DisplayName("row 15 S7: PF_MEMALLOC|__GFP_NOFAIL with nothing free loops in __alloc_pages_high_priority, never fails")
    void memallocNofailLoopsInHighPriority() {
        SlowpathTestRig r = new SlowpathTestRig(EMPTY, 4);
        r.task.setFlags(TaskView.PF_MEMALLOC);

        assertEquals(-1, r.alloc(GFP_KERNEL | Gfp.__GFP_NOFAIL, 0));

        // 3.10 never leaves the do/while of __alloc_pages_high_priority: S9 is never reached and nothing is reported
        assertEquals("LIVELOCK", r.trace().exit(), r.trace().render());
        assertFalse(r.trace().stepNames().contains("S9"), r.trace().render());
        verify(r.failures, never()).warnAllocFailed(any(), anyInt(), anyInt());
    }

    @Test
    @DisplayName("row 16 S7: TIF_MEMDIE|__GFP_NOFAIL with nothing free loops in S7 and never enters reclaim")
    void memdieNofailLoopsInHighPriority() {
        SlowpathTestRig r = new SlowpathTestRig(EMPTY, 4);
        r.task.setMemdie(true);

        assertEquals(-1, r.alloc(GFP_KERNEL | Gfp.__GFP_NOFAIL, 0));

        assertEquals("LIVELOCK", r.trace().exit(), r.trace().render());
        verifyNoInteractions(r.reclaim, r.oom);
        verify(r.failures, never()).warnAllocFailed(any(), anyInt(), anyInt());
    }

    // ---- the OOM killer --------------------------------------------------------------------------------------------

    @Test
    @DisplayName("row 17 S15c/S15e: order-0 GFP_KERNEL, no progress: out_of_memory, restart, the victim's pages serve it")
    void oomKillThenRestart() {
        SlowpathTestRig r = oomRow();

        long pfn = r.alloc(GFP_KERNEL, 0);

        assertTrue(pfn >= 0);
        assertTrace(r, List.of("S3", "S4", "S6", "S14", "S15c", "S15e", "S3", "S4", "S6"), "GOT_PG after S6");
        assertTrue(step(r.trace(), "S15c").outcome().contains("777"), step(r.trace(), "S15c").outcome());
        InOrder o = inOrder(r.kswapd, r.reclaim, r.oom);
        o.verify(r.kswapd).wakeup(r.mm, r.dma32(), 0, DMA32);
        o.verify(r.kswapd).wakeup(r.mm, r.dma(), 0, DMA32);
        o.verify(r.reclaim).tryToFreePages(same(r.mm), eq(new ReclaimRequest(r.zonelistUpTo(GFP_KERNEL), 0,
            GFP_KERNEL, NORMAL)));
        o.verify(r.oom).outOfMemory(same(r.mm), eq(new OomRequest(r.zonelistUpTo(GFP_KERNEL), GFP_KERNEL, 0, NORMAL,
            false)));
        o.verify(r.kswapd).wakeup(r.mm, r.dma32(), 0, DMA32);
        o.verify(r.kswapd).wakeup(r.mm, r.dma(), 0, DMA32);
        verify(r.reclaim, times(1)).tryToFreePages(any(), any());
        assertFalse(r.dma32().oomLocked() || r.dma().oomLocked(), "clear_zonelist_oom ran");
        verify(r.failures, never()).warnAllocFailed(any(), anyInt(), anyInt());
    }

    @Test
    @DisplayName("row 17b render: the OOM row's trace reads like the seed: freelist, reclaim, out_of_memory")
    void oomRowRendersLikeTheSeed() {
        SlowpathTestRig r = oomRow();
        r.alloc(GFP_KERNEL, 0);

        String text = r.trace().render();

        int freelist = text.indexOf("get_page_from_freelist");
        int reclaim = Math.max(text.indexOf("try_to_free_pages"), text.indexOf("__alloc_pages_direct_reclaim"));
        int oom = text.indexOf("out_of_memory");
        assertTrue(freelist >= 0 && reclaim > freelist && oom > reclaim, text);
        assertTrue(text.startsWith("__alloc_pages_slowpath(gfp_mask=0xd0, order=0)"), text);
        assertTrue(text.contains("=> GOT_PG after S6"), text);
    }

    /** Row 17's setup: reclaim makes no progress; the OOM "kill" frees 2048 pages and reports pid 777. */
    @Test
    @DisplayName("row 17c S15e: while a victim is still dying, restarts are waiting, not a livelock")
    void abortedScansWaitForTheDyingVictim() {
        SlowpathTestRig r = new SlowpathTestRig(EMPTY, 10);
        AtomicInteger scans = new AtomicInteger();
        when(r.oom.outOfMemory(any(), any())).thenAnswer(inv -> {
            if (scans.incrementAndGet() < 25) {
                r.clock.spend(SlowpathTestRig.STEP_NS);
                return new OomOutcome(OomOutcome.Action.ABORTED, 0, 0);
            }
            r.release(2048);
            return OomOutcome.none();
        });

        assertTrue(r.alloc(GFP_KERNEL, 0) >= 0, r.trace().render());

        assertEquals(25, scans.get(), "25 passes through out_of_memory, more than the cap of 10");
        assertEquals("GOT_PG after S6", r.trace().exit(), r.trace().render());
    }

    @Test
    @DisplayName("row 17d S15e: a victim dying for over a second of simulated time: restarts count again, livelock")
    void aVictimThatNeverExitsEndsInTheLivelockCap() {
        SlowpathTestRig r = new SlowpathTestRig(EMPTY, 10);
        AtomicInteger scans = new AtomicInteger();
        when(r.oom.outOfMemory(any(), any())).thenAnswer(inv -> {
            scans.incrementAndGet();
            r.clock.spend(100_000_000L);
            return new OomOutcome(OomOutcome.Action.ABORTED, 0, 0);
        });

        assertEquals(-1, r.alloc(GFP_KERNEL, 0));

        assertEquals("LIVELOCK", r.trace().exit(), r.trace().render());
        // passes 1..10 wait (the first abort at 0.1 s, the tenth ends at 1.0 s), then 10 more count to the cap
        assertEquals(20, scans.get(), r.trace().render());
    }

    private static SlowpathTestRig oomRow() {
        SlowpathTestRig r = new SlowpathTestRig(EMPTY, 10);
        when(r.oom.outOfMemory(any(), any())).thenAnswer(inv -> {
            assertTrue(r.dma32().oomLocked() && r.dma().oomLocked(),
                "out_of_memory runs with ZONE_OOM_LOCKED set on every zone up to gfp_zone");
            r.release(2048);
            return OomOutcome.killed(777, 512);
        });
        return r;
    }

    @Test
    @DisplayName("row 18 S15c: OOM lock busy: no kill, 1 jiffy asleep, restart; the lock is not cleared")
    void oomLockBusy() {
        SlowpathTestRig r = new SlowpathTestRig(EMPTY, 10);
        r.dma32().setOomLocked(true);
        AtomicInteger calls = new AtomicInteger();
        when(r.reclaim.tryToFreePages(any(), any())).thenAnswer(inv ->
            calls.incrementAndGet() == 2 ? (long) r.release(2048) : 0L);

        assertTrue(r.alloc(GFP_KERNEL, 0) >= 0);

        assertTrace(r, List.of("S3", "S4", "S6", "S14", "S15c", "S15e", "S3", "S4", "S6", "S14"), "GOT_PG after S14");
        assertEquals(SlowpathTestRig.JIFFY_NS, step(r.trace(), "S15c").spentNs(), "schedule_timeout_uninterruptible(1)");
        verifyNoInteractions(r.oom);
        assertTrue(r.dma32().oomLocked(), "the other task's lock is left alone");
        assertFalse(r.dma().oomLocked(), "try_set_zonelist_oom locks all zones or none");
    }

    @Test
    @DisplayName("row 19 S15c: the last-chance high-watermark attempt finds pages another task freed")
    void lastChanceHighWatermark() {
        SlowpathTestRig r = new SlowpathTestRig(EMPTY, 10);
        when(r.reclaim.tryToFreePages(any(), any())).thenAnswer(inv -> {
            r.releaseAboveHigh();
            return 0L;
        });

        assertTrue(r.alloc(GFP_KERNEL, 0) >= 0);

        assertTrace(r, List.of("S3", "S4", "S6", "S14", "S15c"), "GOT_PG after S15c");
        verifyNoInteractions(r.oom);
        assertFalse(r.dma32().oomLocked() || r.dma().oomLocked(), "clear_zonelist_oom ran");
    }

    @Test
    @DisplayName("row 20 S15d: lowmem-only GFP_DMA32 (0xd4) with no progress: no kill, fails at S15d")
    void lowmemNoKill() {
        SlowpathTestRig r = new SlowpathTestRig(EMPTY, 10);
        int gfp = GFP_KERNEL | Gfp.__GFP_DMA32;

        assertEquals(-1, r.alloc(gfp, 0));

        assertTrace(r, List.of("S3", "S4", "S6", "S14", "S15c", "S15d", "S19"), "NOPAGE after S15d");
        verify(r.reclaim).tryToFreePages(r.mm, new ReclaimRequest(r.zonelistUpTo(gfp), 0, gfp, DMA32));
        verifyNoInteractions(r.oom);
    }

    @Test
    @DisplayName("row 21 S2: GFP_THISNODE gives up at once: no kswapd, no reclaim")
    void thisnodeGivesUp() {
        SlowpathTestRig r = new SlowpathTestRig(EMPTY, 10);
        int gfp = Gfp.GFP_THISNODE | GFP_KERNEL;

        assertEquals(-1, r.alloc(gfp, 0));

        assertTrace(r, List.of("S2", "S19"), "NOPAGE after S2");
        verifyNoInteractions(r.kswapd, r.waker, r.reclaim, r.compaction, r.oom);
        verify(r.failures).warnAllocFailed(r.task, gfp, 0);
    }

    @Test
    @DisplayName("row 22 S15c/S15e: bare __GFP_THISNODE, no progress: may_oom never kills, the slow path restarts")
    void bareThisnodeRestartsWithoutKill() {
        SlowpathTestRig r = new SlowpathTestRig(EMPTY, 3);
        int gfp = Gfp.__GFP_THISNODE | GFP_KERNEL;

        assertEquals(-1, r.alloc(gfp, 0));

        List<String> want = new ArrayList<>(repeat(List.of("S3", "S4", "S6", "S14", "S15c", "S15e"), 3));
        want.add("LOOP");
        assertTrace(r, want, "LIVELOCK");
        assertTrue(step(r.trace(), "S15c").outcome().contains("__GFP_THISNODE"), step(r.trace(), "S15c").outcome());
        verifyNoInteractions(r.oom);
    }

    // ---- compaction ------------------------------------------------------------------------------------------------

    @Test
    @DisplayName("row 23 S11/S18: COMPACT_SKIPPED: no drain, no compact_* counter, no deferral")
    void compactionSkipped() {
        SlowpathTestRig r = new SlowpathTestRig(EMPTY, 10);
        r.parkOnPcp(10);

        assertEquals(-1, r.alloc(GFP_KERNEL | Gfp.__GFP_NORETRY, 2));

        assertTrace(r, List.of("S3", "S4", "S6", "S11", "S14", "S17", "S18", "S19"), "NOPAGE after S18");
        verify(r.compaction, times(2)).tryToCompactPages(any(), any());
        verify(r.compaction, never()).deferCompaction(any(), any(), anyInt());
        verify(r.compaction, never()).compactionSucceeded(any(), any(), anyInt());
        verify(r.mm, never()).countEvent(any(), anyLong());
        assertEquals(10, r.dma32().pcpCount(0), "drain_pages is not called after COMPACT_SKIPPED");
    }

    @Test
    @DisplayName("row 24 S11: compaction makes a page: compactionSucceeded and compact_success, no reclaim")
    void compactionSucceeds() {
        SlowpathTestRig r = new SlowpathTestRig(EMPTY, 10);
        List<Boolean> memalloc = new ArrayList<>();
        when(r.compaction.tryToCompactPages(any(), any())).thenAnswer(inv -> {
            memalloc.add(r.task.hasFlag(TaskView.PF_MEMALLOC));
            r.release(2048);
            return CompactOutcome.of(CompactResult.COMPACT_PARTIAL);
        });

        assertTrue(r.alloc(GFP_KERNEL, 2) >= 0);

        assertTrace(r, List.of("S3", "S4", "S6", "S11"), "GOT_PG after S11");
        InOrder o = inOrder(r.compaction, r.mm);
        o.verify(r.compaction).compactionDeferred(r.mm, r.dma32(), 2);
        o.verify(r.compaction).tryToCompactPages(same(r.mm), eq(new CompactRequest(r.zonelistUpTo(GFP_KERNEL), 2,
            GFP_KERNEL, NORMAL, MigrateType.UNMOVABLE.index(), false)));
        o.verify(r.compaction).compactionSucceeded(r.mm, r.dma32(), 2);
        o.verify(r.mm).countEvent(VmEvent.COMPACT_SUCCESS, 1);
        verify(r.mm, never()).countEvent(eq(VmEvent.COMPACT_FAIL), anyLong());
        verify(r.compaction, never()).deferCompaction(any(), any(), anyInt());
        verifyNoInteractions(r.reclaim, r.oom);
        assertEquals(List.of(true), memalloc, "PF_MEMALLOC is set around try_to_compact_pages");
        assertFalse(r.task.hasFlag(TaskView.PF_MEMALLOC));
    }

    @Test
    @DisplayName("row 25 S11/S13: deferred compaction without __GFP_NO_KSWAPD goes on to reclaim")
    void deferredWithoutNoKswapdReclaims() {
        SlowpathTestRig r = new SlowpathTestRig(EMPTY, 10);
        when(r.compaction.compactionDeferred(any(), any(), anyInt())).thenReturn(true);

        assertEquals(-1, r.alloc(GFP_KERNEL | Gfp.__GFP_NORETRY, 3));

        assertTrace(r, List.of("S3", "S4", "S6", "S11", "S14", "S17", "S18", "S19"), "NOPAGE after S18");
        verify(r.compaction, times(2)).compactionDeferred(r.mm, r.dma32(), 3);
        verify(r.compaction, never()).tryToCompactPages(any(), any());
        verify(r.reclaim, times(1)).tryToFreePages(any(), any());
    }

    // ---- should_alloc_retry ----------------------------------------------------------------------------------------

    @Test
    @DisplayName("row 26 S17: __GFP_REPEAT order 4 retries while pages_reclaimed < 16 (5, 10, 15 retry; 20 stops)")
    void repeatRetriesWhileBelowOrderPages() {
        SlowpathTestRig r = new SlowpathTestRig(EMPTY, 50);
        int gfp = GFP_KERNEL | Gfp.__GFP_REPEAT;
        when(r.reclaim.tryToFreePages(any(), any())).thenReturn(5L);

        assertEquals(-1, r.alloc(gfp, 4));

        List<String> want = new ArrayList<>(List.of("S3", "S4"));
        want.addAll(repeat(List.of("S6", "S11", "S14", "S17"), 4));
        want.addAll(List.of("S18", "S19"));
        assertTrace(r, want, "NOPAGE after S18");
        verify(r.reclaim, times(4)).tryToFreePages(any(), any());
        List<String> s17 = r.trace().steps().stream().filter(s -> s.step().equals("S17")).map(TraceStep::outcome)
            .toList();
        assertAll(
            () -> assertTrue(s17.get(0).contains("5"), s17.get(0)),
            () -> assertTrue(s17.get(2).contains("15"), s17.get(2)),
            () -> assertTrue(s17.get(3).contains("no retry"), s17.get(3)));
        ArgumentCaptor<CompactRequest> cr = ArgumentCaptor.forClass(CompactRequest.class);
        verify(r.compaction, times(5)).tryToCompactPages(any(), cr.capture());
        assertEquals(List.of(false, true, true, true, true), cr.getAllValues().stream().map(CompactRequest::sync)
            .toList(), "sync_migration stays true across REBALANCE");
        verifyNoInteractions(r.oom);
    }

    @Test
    @DisplayName("row 27 S17: order 4 without __GFP_REPEAT does not retry after progress")
    void costlyWithoutRepeatDoesNotRetry() {
        SlowpathTestRig r = new SlowpathTestRig(EMPTY, 50);
        when(r.reclaim.tryToFreePages(any(), any())).thenReturn(5L);

        assertEquals(-1, r.alloc(GFP_KERNEL, 4));

        assertTrace(r, List.of("S3", "S4", "S6", "S11", "S14", "S17", "S18", "S19"), "NOPAGE after S18");
        verify(r.reclaim, times(1)).tryToFreePages(any(), any());
        verifyNoInteractions(r.oom);
    }

    // ---- S15a / S15b ------------------------------------------------------------------------------------------------

    @Test
    @DisplayName("row 28 S15b: PF_DUMPCORE: no OOM kill")
    void dumpcore() {
        SlowpathTestRig r = new SlowpathTestRig(EMPTY, 10);
        r.task.setFlags(TaskView.PF_DUMPCORE);

        assertEquals(-1, r.alloc(GFP_KERNEL, 0));

        assertTrace(r, List.of("S3", "S4", "S6", "S14", "S15b", "S19"), "NOPAGE after S15b");
        verifyNoInteractions(r.oom);
    }

    @Test
    @DisplayName("row 29 S15a: oom_killer_disabled: no OOM kill")
    void oomKillerDisabled() {
        SlowpathTestRig r = new SlowpathTestRig(EMPTY, 10);
        r.slowpath.setOomKillerDisabled(true);

        assertEquals(-1, r.alloc(GFP_KERNEL, 0));

        assertTrace(r, List.of("S3", "S4", "S6", "S14", "S15a", "S19"), "NOPAGE after S15a");
        verifyNoInteractions(r.oom);
    }

    @Test
    @DisplayName("row 30 S15c: out_of_memory panics: the slow path throws KernelPanic")
    void oomPanics() {
        SlowpathTestRig r = new SlowpathTestRig(EMPTY, 10);
        when(r.oom.outOfMemory(any(), any())).thenReturn(new OomOutcome(OomOutcome.Action.PANIC, 0, 0));

        Slowpath310.KernelPanic p = assertThrows(Slowpath310.KernelPanic.class, () -> r.alloc(GFP_KERNEL, 0));

        assertTrue(p.getMessage().startsWith("Kernel panic - not syncing:"), p.getMessage());
    }

    // ---- time ------------------------------------------------------------------------------------------------------

    @Test
    @DisplayName("row 31 S17: wait_iff_congested sleeps HZ/50 on a congested zone, and the trace accounts for it")
    void congestionWaitIsTraced() {
        SlowpathTestRig r = new SlowpathTestRig(EMPTY, 3);
        r.dma32().setCongested(true);
        long before = r.clock.now();

        r.alloc(GFP_NOFS, 0);

        long spent = r.clock.now() - before;
        assertTrue(spent >= 3 * SlowpathTestRig.CONGESTION_WAIT_NS, "three S17 waits of HZ/50: " + spent);
        DecisionTrace t = r.trace();
        assertEquals(spent, t.spentNs(), "every simulated nanosecond of the slow path belongs to a step\n"
            + t.render());
        t.steps().stream().filter(s -> s.step().equals("S17")).forEach(s ->
            assertEquals(SlowpathTestRig.CONGESTION_WAIT_NS, s.spentNs(), "S17 (should_alloc_retry + "
                + "wait_iff_congested) took the HZ/50 sleep\n" + t.render()));
    }

    // ---- S1 ------------------------------------------------------------------------------------------------------

    @Test
    @DisplayName("row 32 S1: order >= MAX_ORDER never reaches the slow path (the allocator rejects it)")
    void orderTooLargeRejectedBeforeSlowPath() {
        SlowpathTestRig r = new SlowpathTestRig(EMPTY, 10);

        assertThrows(IllegalArgumentException.class, () -> r.alloc(GFP_KERNEL, 11));

        assertNull(r.trace());
        verifyNoInteractions(r.failures, r.kswapd, r.reclaim);
    }

    @Test
    @DisplayName("row 33 S15e/S4/S7: out_of_memory picks current (TIF_MEMDIE): after RESTART it allocates below min")
    void currentBecomesVictimThenUsesReserves() {
        SlowpathTestRig r = new SlowpathTestRig(AT_MIN, 10);
        when(r.oom.outOfMemory(any(), any())).thenAnswer(inv -> {
            r.task.setMemdie(true);
            return new OomOutcome(OomOutcome.Action.CURRENT_MEMDIE, 0, 0);
        });

        assertTrue(r.alloc(GFP_KERNEL, 0) >= 0);

        assertTrace(r, List.of("S3", "S4", "S6", "S14", "S15c", "S15e", "S3", "S4", "S6", "S7"), "GOT_PG after S7");
        verify(r.reclaim, times(1)).tryToFreePages(any(), any());
        verify(r.oom, times(1)).outOfMemory(any(), any());
    }

    @Test
    @DisplayName("row 34 S6: GFP_ATOMIC dips below the min watermark (ALLOC_HIGH|ALLOC_HARDER) and succeeds at S6")
    void atomicUsesHighAndHarder() {
        SlowpathTestRig r = new SlowpathTestRig(AT_MIN, 10);

        assertTrue(r.alloc(Gfp.GFP_ATOMIC, 0) >= 0);

        assertTrace(r, List.of("S3", "S4", "S6"), "GOT_PG after S6");
        verifyNoInteractions(r.reclaim, r.compaction, r.oom, r.failures);
    }

    @Test
    @DisplayName("row 35 S15b: PF_DUMPCORE with __GFP_NOFAIL still reaches the OOM killer")
    void dumpcoreNofailStillOoms() {
        SlowpathTestRig r = oomRow();
        r.task.setFlags(TaskView.PF_DUMPCORE);
        int gfp = GFP_KERNEL | Gfp.__GFP_NOFAIL;

        assertTrue(r.alloc(gfp, 0) >= 0);

        assertTrace(r, List.of("S3", "S4", "S6", "S14", "S15c", "S15e", "S3", "S4", "S6"), "GOT_PG after S6");
        verify(r.oom, times(1)).outOfMemory(any(), any());
    }

    // ---- S4: gfp_to_alloc_flags (part 1, 9.2) ------------------------------------------------------------------

    @ParameterizedTest(name = "gfp {0} flags {1} memdie {2} -> alloc_flags {3}")
    @DisplayName("S4 gfp_to_alloc_flags follows the part-1 table 9.2")
    @CsvSource({
        "0xd0,     0,     false, 0x40",
        "0x200da,  0,     false, 0x40",
        "0x20,     0,     false, 0x30",
        "0x0,      0,     false, 0x10",
        "0x10020,  0,     false, 0x20",
        "0xd0,     0x800, false, 0x44",
        "0xd0,     0,     true,  0x44",
        "0x100d0,  0x800, false, 0x40",
        "0x20d0,   0,     false, 0x44",
        "0x4352da, 0,     false, 0x40",
        "0x4352ca, 0,     false, 0x40",
    })
    void gfpToAllocFlags(String gfp, String pf, boolean memdie, String want) {
        Task t = new Task(1, 1, 0, "t", 0, 0);
        t.setFlags(Integer.decode(pf));
        t.setMemdie(memdie);
        assertEquals(Integer.decode(want), Slowpath310.gfpToAllocFlags(Integer.decode(gfp), t));
    }

    @ParameterizedTest(name = "gfp {0}, memdie {1}: S4 records {2}")
    @DisplayName("S4 records alloc_flags by their mm/internal.h names")
    @CsvSource({
        "0xd0, false, ALLOC_WMARK_MIN|ALLOC_CPUSET",
        "0x20, false, ALLOC_WMARK_MIN|ALLOC_HARDER|ALLOC_HIGH",
        "0xd0, true,  ALLOC_WMARK_MIN|ALLOC_NO_WATERMARKS|ALLOC_CPUSET",
    })
    void s4RecordsFlagNames(String gfp, boolean memdie, String want) {
        SlowpathTestRig r = new SlowpathTestRig(EMPTY, 1);
        r.task.setMemdie(memdie);
        r.slowpath.setOomKillerDisabled(true);

        r.alloc(Integer.decode(gfp), 0);

        assertEquals(want, step(r.trace(), "S4").outcome(), r.trace().render());
    }

    // ---- S19: warn_alloc_failed (real reporter) ---------------------------------------------------------------

    @Test
    @DisplayName("W1 S19: a failed GFP_ATOMIC prints '<comm>: page allocation failure: order:0, mode:0x20'")
    void warnFirstLine() {
        SlowpathTestRig r = new SlowpathTestRig(EMPTY, 10, true);

        r.alloc(Gfp.GFP_ATOMIC, 0);

        assertEquals("stress-ng-vm: page allocation failure: order:0, mode:0x20", r.log.get(0));
        assertTrue(step(r.trace(), "S19").outcome().contains("reported"), step(r.trace(), "S19").outcome());
    }

    @Test
    @DisplayName("W2 S19: __GFP_NOWARN suppresses the report")
    void warnSuppressedByNowarn() {
        SlowpathTestRig r = new SlowpathTestRig(EMPTY, 10, true);

        r.alloc(Gfp.GFP_ATOMIC | Gfp.__GFP_NOWARN, 0);

        assertEquals(List.of(), r.log);
        assertTrue(step(r.trace(), "S19").outcome().contains("__GFP_NOWARN"), step(r.trace(), "S19").outcome());
    }

    @Test
    @DisplayName("W3 S19: nopage_rs: the 11th report within 5 s is suppressed; the next window says so")
    void warnRateLimited() {
        SlowpathTestRig r = new SlowpathTestRig(EMPTY, 10, true);
        for (int i = 0; i < 10; i++) {
            r.alloc(Gfp.GFP_ATOMIC, 0);
        }
        assertEquals(10, failureLines(r.log));

        r.alloc(Gfp.GFP_ATOMIC, 0);
        assertEquals(10, failureLines(r.log), "the 11th within 5 s is suppressed");
        assertTrue(step(r.trace(), "S19").outcome().contains("rate limit"), step(r.trace(), "S19").outcome());

        r.clock.spend(5_000_000_000L + SlowpathTestRig.JIFFY_NS);
        int before = r.log.size();
        r.alloc(Gfp.GFP_ATOMIC, 0);
        assertEquals("warn_alloc_failed: 1 callbacks suppressed", r.log.get(before));
        assertEquals(11, failureLines(r.log));
    }

    @Test
    @DisplayName("W4 S19: ___ratelimit opens a new window only when MORE than 5 s have passed (time_is_before_jiffies)")
    void warnWindowBoundaryIsStrict() {
        SlowpathTestRig r = new SlowpathTestRig(EMPTY, 10, true);
        WarnAllocFailed w = (WarnAllocFailed) r.failures;
        r.clock.setNow(1_000_000_000L);
        for (int i = 0; i < 10; i++) {
            assertTrue(w.warnAllocFailed(r.task, Gfp.GFP_ATOMIC, 0));
        }
        r.clock.setNow(1_000_000_000L + 5_000_000_000L);
        assertFalse(w.warnAllocFailed(r.task, Gfp.GFP_ATOMIC, 0),
            "jiffies == begin + interval: time_is_before_jiffies is false, still the old window");
        r.clock.setNow(1_000_000_000L + 5_000_000_000L + SlowpathTestRig.JIFFY_NS);
        assertTrue(w.warnAllocFailed(r.task, Gfp.GFP_ATOMIC, 0), "one jiffy later the window reopens");
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private static void assertTrace(SlowpathTestRig r, List<String> steps, String exit) {
        DecisionTrace t = r.trace();
        assertAll(
            () -> assertEquals(steps, t.stepNames(), t.render()),
            () -> assertEquals(exit, t.exit(), t.render()));
    }

    private static TraceStep step(DecisionTrace t, String name) {
        return t.steps().stream().filter(s -> s.step().equals(name)).findFirst()
            .orElseThrow(() -> new AssertionError("no step " + name + " in\n" + t.render()));
    }

    private static List<String> repeat(List<String> block, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.addAll(block);
        }
        return out;
    }

    private static long failureLines(List<String> log) {
        return log.stream().filter(l -> l.contains(": page allocation failure: ")).count();
    }
}
