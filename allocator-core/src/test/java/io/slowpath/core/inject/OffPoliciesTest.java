package io.slowpath.core.inject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.slowpath.api.Gfp;
import io.slowpath.api.ZoneView;
import io.slowpath.api.compaction.CompactOutcome;
import io.slowpath.api.compaction.CompactRequest;
import io.slowpath.api.compaction.CompactResult;
import io.slowpath.api.mm.MmServices;
import io.slowpath.api.oom.OomOutcome;
import io.slowpath.api.oom.OomRequest;
import io.slowpath.api.reclaim.KswapdPolicy;
import io.slowpath.api.reclaim.ReclaimRequest;
import io.slowpath.api.trace.DecisionTrace;
import io.slowpath.core.mm.Task;
import io.slowpath.core.sim.SimulatedKernel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The built-in "off" policies: a kernel without kswapd, reclaim, compaction or an OOM killer that kills. */
class OffPoliciesTest {
    @Test
    void eachOffPolicyDoesNothingAndSaysSo() {
        SimulatedKernel k = Kernels.kernel("machine.memory=128M");
        MmServices mm = k.services();
        ZoneView dma32 = k.machine().populatedZoneList().get(1);
        List<ZoneView> zonelist = List.of(dma32);
        assertFalse(new OffPolicies.NoKswapd().wakeup(mm, dma32, 0, 1));
        assertEquals(KswapdPolicy.SLEEP, new OffPolicies.NoKswapd().run(mm, k.machine().nodes().get(0)));
        assertEquals(0, new OffPolicies.NoReclaim().tryToFreePages(mm, new ReclaimRequest(zonelist, 0, Gfp.GFP_KERNEL, 1)));
        OffPolicies.NoCompaction c = new OffPolicies.NoCompaction();
        assertFalse(c.compactionDeferred(mm, dma32, 3));
        assertEquals(CompactOutcome.of(CompactResult.COMPACT_SKIPPED),
            c.tryToCompactPages(mm, new CompactRequest(zonelist, 3, Gfp.GFP_KERNEL, 1, 0, true)));
        assertEquals(OomOutcome.none(), new OffPolicies.NoOomKiller().outOfMemory(mm,
            new OomRequest(zonelist, Gfp.GFP_KERNEL, 0, 1, false)));
        assertEquals(0, k.clock().now(), "none of them spends simulated time");
    }

    @Test
    void aKernelWithEverythingOffLoopsUntilMaxSlowpathLoopsAndRecordsALivelock() {
        SimulatedKernel k = Kernels.kernel(CustomPolicyExampleTest.SMALL_MACHINE, "machine.cpus=1",
            "simulation.max-slowpath-loops=4");
        Task task = new Task(500, 500, 1, "hog", 0, 0);
        k.addTask(task);
        while (k.allocPages(task, Gfp.GFP_KERNEL, 0) >= 0) {
            assertFalse(k.kswapdRunning(0), "kswapd off is never woken");
        }
        DecisionTrace t = k.lastTrace();
        assertEquals("LIVELOCK", t.exit());
        assertTrue(t.steps().stream().anyMatch(s -> s.step().equals("S14") && s.outcome().equals("no progress")),
            t.render());
        assertTrue(t.steps().stream().anyMatch(s -> s.function().equals("out_of_memory") && s.outcome().equals("no kill")),
            t.render());
        // Order 0 never compacts; each pass ends in S15e (restart after the OOM path) until the limit.
        assertEquals(4, t.steps().stream().filter(s -> s.step().equals("S15e")).count(), t.render());
        assertEquals("gave up after 4 passes without a page; the kernel would keep looping",
            t.steps().get(t.steps().size() - 1).outcome());
    }
}
