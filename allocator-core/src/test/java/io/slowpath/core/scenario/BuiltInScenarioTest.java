package io.slowpath.core.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.slowpath.api.Gfp;
import io.slowpath.api.trace.DecisionTrace;
import io.slowpath.api.trace.TraceStep;
import io.slowpath.core.sim.ToyPolicies;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every built-in scenario runs on a small machine and does what it is there to show. The assertions hold whatever
 * policies are selected (they are about the workload and the slow path's entry points, not a policy's choices).
 */
class BuiltInScenarioTest {
    @Test
    void seedOomEndsInAnAnonymousFaultCallingTheOomPolicy() {
        List<DecisionTrace> oomCalls = new ArrayList<>();
        RunResult r = Small.run("seed-oom", 20, new RunListener() {
            @Override
            public void decisionTrace(DecisionTrace t) {
                if (t.gfp() == (Gfp.GFP_HIGHUSER_MOVABLE | Gfp.__GFP_ZERO)
                    && t.steps().stream().map(TraceStep::function).anyMatch("out_of_memory"::equals)) {
                    oomCalls.add(t);
                }
            }
        });
        assertFalse(oomCalls.isEmpty(), "an anonymous fault (0x280da) reached out_of_memory");
        assertTrue(r.stallNs() > 0, "tasks stalled in the slow path");
        assertTrue(Small.max(r, "nr_anon") > Small.pages(r) * 8 / 10, "anonymous memory filled the machine");
        assertEquals(r.series().values("oom_kills")[r.series().rows().size() - 1], r.oomKills().size());
        for (OomKill k : r.oomKills()) {
            assertTrue(k.pid() >= ScenarioRunner.FIRST_PID && !k.name().equals("sshd"), "sshd has oom_score_adj -1000");
        }
    }

    @Test
    void atomicBurstPrintsPageAllocationFailureWarnings() {
        RunResult r = Small.run("atomic-burst", 15, RunListener.NONE);
        assertTrue(r.allocFailures().stream().anyMatch(f -> f.gfp() == Gfp.GFP_ATOMIC && f.comm().equals("netrx")),
            "GFP_ATOMIC allocations failed");
        assertTrue(r.kernelLog().stream().anyMatch(l -> l.matches("\\[ *\\d+\\.\\d{6}] netrx: page allocation "
            + "failure: order:[0-3], mode:0x20")), "warn_alloc_failed printed the kernel's warning");
        assertTrue(r.latency().get("GFP_ATOMIC").count() > 0);
    }

    @Test
    void thpFragmentationFaultsHugePages() {
        RunResult r = Small.run("thp-fragmentation", 40, RunListener.NONE);
        assertTrue(r.thpFaultAlloc() + r.thpFaultFallback() > 0, "huge-page faults happened");
        assertEquals(r.vmstatDelta().get("thp_fault_alloc"), r.thpFaultAlloc());
        assertEquals(r.vmstatDelta().get("thp_fault_fallback"), r.thpFaultFallback());
        assertTrue(r.latency().containsKey("GFP_TRANSHUGE"));
        assertTrue(Small.max(r, "nr_file") > Small.pages(r) / 4, "the fragmenter left page cache behind");
    }

    @Test
    void pagecachePressureStreamsMoreFileDataThanMemory() {
        RunResult r = Small.run("pagecache-pressure", 30, RunListener.NONE);
        assertTrue(Small.max(r, "nr_file") > Small.pages(r) / 2, "the page cache filled memory");
        // With any reclaim at all, the stream goes on past the size of memory.
        // (Only the toy FIFO reclaim, so that no other policy depends on the LRU lists a stock reclaim would keep.)
        RunResult fifo = ScenarioRunner.run(Scenarios.load("pagecache-pressure").withDurationNs(30_000_000_000L),
            concat(Small.SETS, "policies.reclaim=test-fifo", "policies.kswapd=off", "policies.compaction=off",
                "policies.oom=off"), 1, "fifo", RunListener.NONE, null,
            List.of(reg -> reg.reclaim("test-fifo", s -> ToyPolicies.fifoReclaim())));
        long memoryKb = 128 * 1024;
        assertTrue(fifo.vmstatDelta().get("pgpgin") > memoryKb, "read " + fifo.vmstatDelta().get("pgpgin") + " kB");
    }

    @Test
    void slowLeakGrowsUntilMemoryRunsOut() {
        // Without swap, so that the leak shows as resident anonymous memory whatever the reclaim policy does.
        RunResult r = ScenarioRunner.run(Scenarios.load("slow-leak"), concat(Small.SETS, "swap.size=0"), 1, "",
            RunListener.NONE);
        long[] anon = r.series().values("nr_anon");
        assertTrue(anon[anon.length / 10] < Small.pages(r) / 2, "slowly");
        assertTrue(Small.max(r, "nr_anon") > Small.pages(r) * 8 / 10, "the leak used up memory");
    }

    @Test
    void mixedServerRunsEveryKindOfWork() {
        StringWriter trace = new StringWriter();
        RunResult r = ScenarioRunner.run(Scenarios.load("mixed-server").withDurationNs(20_000_000_000L), Small.SETS,
            1, "test", RunListener.NONE, trace);
        String t = trace.toString();
        for (String op : List.of(" spawn ", " fork ", " exit", " mmap anon ", " mmap file ", " touch ", " file ",
            " read ", " write ", " slab-alloc ", " slab-free ", " alloc ", " free ")) {
            assertTrue(t.contains(op), "the trace has" + op);
        }
        assertTrue(r.latency().get("GFP_ATOMIC").count() > 0);
        assertTrue(r.latency().get("GFP_TEMPORARY").count() > 0, "reclaimable slab");
        assertTrue(r.vmstatDelta().get("pgpgin") > 0 && r.vmstatDelta().get("pgfault") > 0);
    }

    static List<String> concat(List<String> a, String... more) {
        List<String> out = new ArrayList<>(a);
        out.addAll(List.of(more));
        return out;
    }
}
