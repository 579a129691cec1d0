package io.slowpath.core.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.slowpath.core.config.SlowpathConfigException;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Record a run's trace, replay it: identical counters, series and log; bad trace lines name file:line. */
class TraceRoundTripTest {
    private static void roundTrip(String name, long seconds) {
        Scenario s = Scenarios.load(name).withDurationNs(seconds * 1_000_000_000L);
        StringWriter trace = new StringWriter();
        RunResult recorded = ScenarioRunner.run(s, Small.SETS, 3, "rec", RunListener.NONE, trace);
        String text = trace.toString();
        assertTrue(text.startsWith("slowpath-trace 1\n# scenario " + name + "\n# seed 3\n# duration-ns "
            + seconds * 1_000_000_000L + "\n"), text.substring(0, 200));

        Scenario replay = Scenarios.parse(text, name + "-trace", name + ".trace");
        assertTrue(replay.isTrace());
        assertEquals(s.durationNs(), replay.durationNs());
        assertEquals(s.sampleIntervalNs(), replay.sampleIntervalNs());
        StringWriter again = new StringWriter();
        // No --set: the machine and settings come from the trace's header.
        RunResult replayed = ScenarioRunner.run(replay, List.of(), 3, "rec", RunListener.NONE, again);
        assertEquals(recorded.vmstatDelta(), replayed.vmstatDelta());
        assertEquals(recorded.series(), replayed.series());
        assertEquals(recorded.kernelLog(), replayed.kernelLog());
        assertEquals(recorded.oomKills(), replayed.oomKills());
        assertEquals(recorded.allocFailures(), replayed.allocFailures());
        assertEquals(recorded.latency(), replayed.latency());
        assertEquals(recorded.stallNs(), replayed.stallNs());
        assertEquals(recorded.pageOps(), replayed.pageOps());
        String replayTrace = again.toString();
        assertEquals(text.substring(text.indexOf("\n# seed")), replayTrace.substring(replayTrace.indexOf("\n# seed")),
            "replaying records the same operations again");
    }

    @Test
    void mixedServerReplaysToIdenticalCounters() {
        roundTrip("mixed-server", 20);
    }

    @Test
    void thpFragmentationReplaysToIdenticalCounters() {
        roundTrip("thp-fragmentation", 30);
    }

    @Test
    void seedOomReplaysToIdenticalCounters() {
        roundTrip("seed-oom", 10);
    }

    @Test
    void aHandWrittenTraceRuns() {
        String t = """
            slowpath-trace 1
            # config {"slowpath":{"machine":{"memory":"64M"}}}
            0 500 spawn tiny 1000 0 0
            0 500 mmap anon 100 1048576
            1000 500 touch 1048576 w
            1000 500 touch 1048577 r
            2000 500 file 1 10
            2000 500 read 1 0
            3000 500 alloc 1 GFP_ATOMIC 3
            4000 500 free 1
            5000 500 exit
            """;
        RunResult r = ScenarioRunner.run(Scenarios.parse(t, "tiny", "tiny.trace"), List.of(), 1, "", RunListener.NONE);
        assertEquals(2, r.vmstatDelta().get("pgfault"));
        assertEquals(4, r.vmstatDelta().get("pgpgin"), "one page read: 4 kB");
        assertEquals(1_000_005_000L, r.simulatedNs(), "without a header duration: a second after the last line");
    }

    private static String bad(String body) {
        return assertThrows(SlowpathConfigException.class, () -> {
            Scenario s = Scenarios.parse("slowpath-trace 1\n" + body, "t", "t.trace");
            ScenarioRunner.run(s, List.of("machine.memory=64M"), 1, "", RunListener.NONE);
        }).getMessage();
    }

    @Test
    void badLinesNameTheFileLineAndProblem() {
        assertEquals("t.trace:3: unknown operation 'tuch' (did you mean touch?); operations: spawn, fork, exit, mmap, "
            + "munmap, touch, file, read, write, slab-alloc, slab-free, alloc, free",
            bad("0 5 spawn a 0 0 0\n10 5 tuch 0 w\n"));
        assertEquals("t.trace:2: pid 5 has no spawn, and no fork created it, before its first operation",
            bad("0 5 touch 0 w\n"));
        assertEquals("t.trace:3: time 5 is before the previous line's 10 (lines must be in the order they ran)",
            bad("10 5 spawn a 0 0 0\n5 5 exit\n"));
        assertEquals("t.trace:2: expected 'touch <vpage> r|w', got 1 argument(s)", bad("0 5 spawn a 0 0 0\n0 5 touch 1\n")
            .replace("t.trace:3", "t.trace:2").replaceFirst("^t.trace:2", "t.trace:2"));
        assertEquals("t.trace:2: time must be a whole number, got 'x'", bad("x 5 spawn a 0 0 0\n"));
        assertTrue(bad("0 5 spawn a 0 0 0\n1 5 mmap anon 10 12345\n")
            .startsWith("t.trace:3: mmap placed the area at "), "checked when replayed");
        assertEquals("t.trace:1: unsupported trace format 'slowpath-trace 9' (this simulator reads 'slowpath-trace 1')",
            assertThrows(SlowpathConfigException.class, () -> Scenarios.parse("slowpath-trace 9\n", "t", "t.trace"))
                .getMessage());
        assertTrue(bad("# config {\"slowpath\":{\"machine\":{\"memroy\":\"1G\"}}}\n0 5 spawn a 0 0 0\n")
            .contains("did you mean slowpath.machine.memory?"));
        assertTrue(bad("0 5 spawn a 0 0 7\n").startsWith("t.trace:2: cpu 7 is not in 0..1"));
    }
}
