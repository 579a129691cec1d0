package io.slowpath.core.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The runner: determinism, sampling, progress, and the result's fields. */
class ScenarioRunnerTest {
    private static final String DEMO = """
        # demo: two hogs, a reader and network bursts.
        scenario {
          duration = 3s
          sample-interval = 250ms
          groups = [
            { name = hog, count = 2, phases = [ { type = anon-hog, size = 60%, think = 10us } ] }
            { name = reader, phases = [ { type = file-stream, size = 30%, passes = 0 } ] }
            { name = netrx, phases = [ { type = atomic-burst, burst = 1%, interval = 50ms, hold = 5ms } ] }
          ]
        }
        """;

    private static RunResult demo(long seed, RunListener l) {
        return ScenarioRunner.run(Scenarios.parse(DEMO, "demo", "demo.conf"), Small.SETS, seed, "a", l);
    }

    @Test
    void sameScenarioSettingsAndSeedGiveTheSameResultBitForBit() {
        RunResult a = demo(7, RunListener.NONE);
        RunResult b = demo(7, RunListener.NONE);
        assertEquals(a, b);
        assertEquals(RunReport.json(a), RunReport.json(b));
        assertEquals(a.series().toCsv(), b.series().toCsv());
        assertTrue(a.pageOps() > 10_000, "the workload ran: " + a.pageOps());
    }

    @Test
    void recordingATraceDoesNotChangeTheRun() {
        Scenario s = Scenarios.parse(DEMO, "demo", "demo.conf");
        RunResult plain = ScenarioRunner.run(s, Small.SETS, 5, "a", RunListener.NONE);
        RunResult traced = ScenarioRunner.run(s, Small.SETS, 5, "a", RunListener.NONE, new java.io.StringWriter());
        assertEquals(plain, traced);
    }

    @Test
    void theSeedDrivesTheWorkload() {
        Scenario s = Scenarios.load("seed-oom").withDurationNs(3_000_000_000L);
        RunResult a = ScenarioRunner.run(s, Small.SETS, 1, "a", RunListener.NONE);
        RunResult b = ScenarioRunner.run(s, Small.SETS, 2, "a", RunListener.NONE);
        assertNotEquals(a.vmstatDelta(), b.vmstatDelta(), "Zipf working sets differ with the seed");
        assertEquals(2, b.seed());
    }

    @Test
    void samplesEveryIntervalAndReportsProgress() {
        List<long[]> progress = new ArrayList<>();
        List<String> log = new ArrayList<>();
        RunResult r = demo(1, new RunListener() {
            @Override
            public void progress(long done, long total) {
                progress.add(new long[] {done, total});
            }

            @Override
            public void kernelLog(String line) {
                log.add(line);
            }
        });
        assertEquals(TimeSeries.COLUMNS, r.series().columns());
        assertEquals(13, r.series().rows().size(), "time 0, then every 250 ms of 3 s");
        assertEquals(3000, r.series().values("time_ms")[12]);
        assertEquals(12, progress.size());
        assertEquals(3_000_000_000L, progress.get(11)[0]);
        assertEquals(3_000_000_000L, progress.get(11)[1]);
        assertEquals(3_000_000_000L, r.simulatedNs());
        assertEquals(r.kernelLog(), log, "every log line reached the listener as printed");
        long[] free = r.series().values("nr_free_pages");
        assertTrue(java.util.Arrays.stream(free).min().getAsLong() < free[0] / 4, "the hogs used up memory");
        assertEquals(0, r.series().values("pgscan_kswapd")[0], "cumulative counts start at 0");
    }

    @Test
    void vmstatDeltasAreKeyedByProcNamesInKernelOrder() {
        RunResult r = demo(1, RunListener.NONE);
        List<String> names = new ArrayList<>(r.vmstatDelta().keySet());
        assertEquals("nr_free_pages", names.get(0));
        assertTrue(names.indexOf("pgfault") > names.indexOf("nr_dirty_threshold"));
        assertTrue(names.indexOf("thp_fault_alloc") < names.indexOf("thp_fault_fallback"));
        long faults = r.vmstatDelta().get("pgfault");
        assertTrue(faults > 0);
        assertEquals(r.vmstatDelta().get("pgalloc_dma") + r.vmstatDelta().get("pgalloc_dma32")
            + r.vmstatDelta().get("pgalloc_normal") + r.vmstatDelta().get("pgalloc_movable")
            + r.vmstatDelta().get("pgfree") + faults, r.pageOps());
        assertTrue(r.latency().containsKey("GFP_HIGHUSER_MOVABLE") && r.latency().containsKey("GFP_ATOMIC"));
        LatencySummary l = r.latency().get("GFP_HIGHUSER_MOVABLE");
        assertTrue(l.p50Ns() <= l.p90Ns() && l.p90Ns() <= l.p99Ns() && l.p99Ns() <= l.p999Ns()
            && l.p999Ns() <= l.maxNs());
    }

    @Test
    void gfpClasses() {
        assertEquals("GFP_HIGHUSER_MOVABLE", RunStats.gfpClass(0x280da));
        assertEquals("GFP_HIGHUSER_MOVABLE", RunStats.gfpClass(0x201da));
        assertEquals("GFP_TRANSHUGE", RunStats.gfpClass(0x4352da));
        assertEquals("GFP_TRANSHUGE", RunStats.gfpClass(0x4352ca));
        assertEquals("GFP_ATOMIC", RunStats.gfpClass(0x20));
        assertEquals("GFP_KERNEL", RunStats.gfpClass(0xd0));
        assertEquals("GFP_TEMPORARY", RunStats.gfpClass(0x800d0));
    }

    @Test
    void summaryJsonHasAVmstatObjectOfEveryDelta() {
        RunResult r = demo(1, RunListener.NONE);
        String json = RunReport.json(r);
        assertTrue(json.startsWith("{\n  \"scenario\": \"demo\",\n  \"label\": \"a\",\n  \"seed\": 1,\n"), json);
        assertTrue(json.contains("\n  \"vmstat\": {\n    \"nr_free_pages\": " + r.vmstatDelta().get("nr_free_pages")
            + ",\n"), json);
        assertTrue(json.contains("\"pgfault\": " + r.vmstatDelta().get("pgfault")), json);
        assertTrue(json.contains("\"GFP_ATOMIC\": {\n      \"count\": "), json);
        assertTrue(json.contains("\"thp_success_percent\": null"), json);
        String text = RunReport.summary(r);
        assertTrue(text.contains("vmstat deltas (non-zero, /proc/vmstat names):\n  nr_free_pages"), text);
        assertTrue(text.contains("THP: no huge-page faults"), text);
        assertTrue(text.contains("GFP_HIGHUSER_MOVABLE"), text);
    }
}
