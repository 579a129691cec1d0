package io.slowpath.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.slowpath.api.Gfp;
import io.slowpath.core.scenario.RunListener;
import io.slowpath.core.scenario.RunResult;
import io.slowpath.core.scenario.ScenarioRunner;
import io.slowpath.core.scenario.Scenarios;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every built-in scenario under the default policies (stock 3.10: the policy modules are on this module's class
 * path) on a 128 MiB machine, showing what it is there to show. (allocator-core's BuiltInScenarioTest runs them under
 * the off policies.)
 */
class BuiltInScenariosStockTest {
    private static final List<String> SMALL = List.of("machine.memory=128M");

    private static RunResult run(String name, long seconds, String... sets) {
        List<String> all = new java.util.ArrayList<>(SMALL);
        all.addAll(List.of(sets));
        return ScenarioRunner.run(Scenarios.load(name).withDurationNs(seconds * 1_000_000_000L), all, 1, "stock",
            RunListener.NONE);
    }

    private static long delta(RunResult r, String name) {
        return r.vmstatDelta().get(name);
    }

    @Test
    void seedOomKillsTheRunawayThroughAnAnonymousFault() {
        RunResult r = run("seed-oom", 20);
        assertTrue(r.oomKills().size() >= 1, "the OOM killer ran");
        assertEquals("leaky-app", r.oomKills().get(0).name(), "the largest task is the victim");
        assertTrue(r.kernelLog().stream().anyMatch(l -> l.endsWith("] leaky-app invoked oom-killer: "
            + "gfp_mask=0x280da, order=0, oom_score_adj=0")), "an anonymous fault invoked the OOM killer");
        assertTrue(r.kernelLog().stream().anyMatch(l -> l.contains("] Out of memory: Kill process "
            + r.oomKills().get(0).pid() + " (leaky-app) score " + r.oomKills().get(0).score() + " or sacrifice child")),
            "the report's score is the one the run records");
        assertTrue(r.oomKills().stream().noneMatch(k -> k.name().equals("sshd")), "oom_score_adj -1000 is spared");
    }

    @Test
    void atomicBurstFailsInInterruptContextWhileReclaimRuns() {
        RunResult r = run("atomic-burst", 15);
        assertTrue(r.allocFailures().stream().anyMatch(f -> f.gfp() == Gfp.GFP_ATOMIC && f.order() == 3));
        assertTrue(r.kernelLog().stream().anyMatch(l -> l.contains("] netrx: page allocation failure: order:")));
        assertTrue(delta(r, "pgsteal_kswapd_dma32") > 0, "kswapd reclaimed page cache meanwhile");
    }

    @Test
    void thpFragmentationNeedsCompaction() {
        RunResult r = run("thp-fragmentation", 40);
        assertTrue(r.thpFaultAlloc() > 0);
        assertTrue(delta(r, "compact_stall") > 0, "huge-page faults entered direct compaction");
        RunResult off = run("thp-fragmentation", 40, "policies.kswapd=off", "policies.reclaim=off",
            "policies.compaction=off", "policies.oom=off");
        assertTrue(off.thpFaultFallback() > off.thpFaultAlloc(), "memory is fragmented: without reclaim and "
            + "compaction most huge-page faults fall back (" + off.thpFaultAlloc() + " allocated, "
            + off.thpFaultFallback() + " fell back)");
    }

    @Test
    void pagecachePressureStreamsMoreThanMemoryThroughReclaim() {
        RunResult r = run("pagecache-pressure", 20);
        assertTrue(delta(r, "pgpgin") > 128 * 1024, "read " + delta(r, "pgpgin") + " kB through 128 MiB");
        assertTrue(delta(r, "pgsteal_kswapd_dma32") + delta(r, "pgsteal_direct_dma32") > 0);
    }

    @Test
    void slowLeakIsHiddenBySwap() {
        RunResult r = run("slow-leak", 300);
        assertTrue(delta(r, "pswpout") > 0, "the leaked pages went to swap");
    }

    @Test
    void mixedServerRuns() {
        RunResult r = run("mixed-server", 20);
        assertTrue(r.pageOps() > 0 && delta(r, "pgpgin") > 0 && r.latency().get("GFP_ATOMIC").count() > 0);
    }
}
