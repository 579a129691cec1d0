package io.slowpath.policy.reclaim.stock310;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.slowpath.api.VmEvent;
import io.slowpath.api.mm.MmServices;
import io.slowpath.api.oom.OomOutcome;
import io.slowpath.api.oom.OomPolicy;
import io.slowpath.api.trace.DecisionTrace;
import io.slowpath.api.trace.TraceStep;
import io.slowpath.core.mm.PageCacheResult;
import io.slowpath.core.mm.Task;
import io.slowpath.core.mm.VmaKind;
import io.slowpath.core.sim.TaskActor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Whole workloads on a real simulated kernel with stock reclaim and kswapd running as actors. */
class WorkloadTest {
    private static final long MS = 1_000_000L;

    @Test
    void aHotWorkingSetSurvivesAStreamingReadLargerThanMemory() {
        StockRig rig = StockRig.builder().kswapd().build();
        Task hotTask = rig.mm.spawn(1000, "hot", 1000, 0);
        Task streamTask = rig.mm.spawn(1001, "stream", 1000, 0);
        int hot = rig.mm.createFile(HOT);
        int stream = rig.mm.createFile(STREAM);
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < HOT; i++) {
                rig.mm.readFile(hotTask, hot, i); // twice: mark_page_accessed activates the hot set
            }
        }
        long[] hotMisses = {0};
        long[] hotReads = {0};
        int[] hotNext = {0};
        int[] streamNext = {0};
        TaskActor.start(rig.kernel, hotTask, (k, t, r) -> {
            for (int i = 0; i < 256; i++) {
                if (rig.mm.readFile(t, hot, hotNext[0]) == PageCacheResult.MISS) {
                    hotMisses[0]++;
                }
                hotReads[0]++;
                hotNext[0] = (hotNext[0] + 1) % HOT;
            }
            return streamNext[0] >= STREAM ? TaskActor.Behaviour.DONE : 100 * MS;
        }, 1, rig.kernel.clock().now());
        TaskActor streamer = TaskActor.start(rig.kernel, streamTask, (k, t, r) -> {
            for (int i = 0; i < 64 && streamNext[0] < STREAM; i++) {
                rig.mm.readFile(t, stream, streamNext[0]++);
            }
            return streamNext[0] >= STREAM ? TaskActor.Behaviour.DONE : 0;
        }, 1, rig.kernel.clock().now());
        while (!streamer.finished()) {
            rig.kernel.runUntil(rig.kernel.loop().nextTime());
        }
        rig.kernel.runUntil(rig.kernel.clock().now() + 1000 * MS);
        long resident = 0;
        for (int i = 0; i < HOT; i++) {
            if (rig.mm.pageCachePfn(hot, i) >= 0) {
                resident++;
            }
        }
        long streamResident = 0;
        for (int i = 0; i < STREAM; i++) {
            if (rig.mm.pageCachePfn(stream, i) >= 0) {
                streamResident++;
            }
        }
        assertTrue(resident >= HOT * 99 / 100, "the hot set stayed resident: " + resident + " of " + HOT);
        assertTrue(hotMisses[0] <= hotReads[0] / 100, "hot misses " + hotMisses[0] + " of " + hotReads[0]);
        assertTrue(streamResident < 16_384 - HOT, "the stream was mostly evicted: " + streamResident);
        long stolen = rig.event("pgsteal_kswapd_dma32") + rig.event("pgsteal_direct_dma32");
        assertTrue(stolen >= STREAM - 16_384, "the stream was reclaimed: " + stolen);
        assertTrue(rig.event("pgsteal_kswapd_dma32") > rig.event("pgsteal_direct_dma32"),
            "kswapd did most of the reclaim in the background");
        assertEquals(List.of(), rig.mm.audit());
    }

    private static final int HOT = 2048;
    private static final int STREAM = 40_000;

    @Test
    void anAnonymousHogWithoutSwapMakesNoProgressAndReachesTheOomPolicy() {
        OomPolicy oom = mock(OomPolicy.class);
        when(oom.outOfMemory(any(), any())).thenReturn(OomOutcome.none());
        StockRig rig = StockRig.builder().kswapd().oom(oom).maxLoops(3).build();
        Task hog = rig.mm.spawn(1000, "hog", 1000, 0);
        long n = 20_000;
        long start = rig.mm.mmap(hog, n, VmaKind.ANON);
        List<DecisionTrace> traces = new ArrayList<>();
        rig.kernel.onDecisionTrace(traces::add);
        long[] next = {0};
        TaskActor actor = TaskActor.start(rig.kernel, hog, (k, t, r) -> {
            rig.mm.touch(t, start + next[0]++, true);
            return next[0] >= n || !rig.mm.pagefaultOoms().isEmpty() ? TaskActor.Behaviour.DONE : 10_000;
        }, 1, 0);
        while (!actor.finished()) {
            rig.kernel.runUntil(rig.kernel.loop().nextTime());
        }
        verify(oom, atLeastOnce()).outOfMemory(any(MmServices.class), argThat(req -> req.order() == 0));
        assertTrue(rig.zone.allUnreclaimable(), "kswapd found nothing to reclaim: all_unreclaimable");
        DecisionTrace oomTrace = traces.stream()
            .filter(tr -> tr.stepNames().contains("S15c")).findFirst().orElseThrow();
        List<String> steps = new ArrayList<>();
        for (TraceStep s : oomTrace.steps()) {
            steps.add(s.step() + " " + s.function() + ": " + s.outcome());
        }
        assertTrue(steps.contains("S14 try_to_free_pages: no progress"), String.join("\n", steps));
        assertTrue(steps.stream().anyMatch(s -> s.startsWith("S15c out_of_memory")), String.join("\n", steps));
        assertTrue(rig.event(VmEvent.ALLOCSTALL) >= 1);
        assertEquals(0, rig.event(VmEvent.PSWPOUT), "no swap: nothing was swapped");
        assertTrue(next[0] > 14_000, "the hog filled memory first: " + next[0]);
    }
}
