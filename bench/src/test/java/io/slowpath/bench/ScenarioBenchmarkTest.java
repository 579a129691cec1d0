package io.slowpath.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.slowpath.core.scenario.RunResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's counters are the run's numbers (functional check only; speed is measured with JMH). */
class ScenarioBenchmarkTest {
    @Test
    void countersCarryTheRunsOutcome(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("tiny.conf"), String.join("\n",
            "slowpath { simulation.max-slowpath-loops = 20 }",
            "scenario {",
            "  duration = 1s",
            "  sample-interval = 100ms",
            "  groups = [ { name = hog, count = 1, phases = [ { type = anon-hog, size = 150%, batch = 16,"
                + " think = 50us } ] } ]",
            "}"));
        ScenarioBenchmark b = new ScenarioBenchmark();
        b.scenario = file.toString();
        b.policies = "stock";
        b.memory = "64M";
        b.seed = 1;
        b.setUp();
        ScenarioBenchmark.Speed speed = new ScenarioBenchmark.Speed();
        speed.reset();
        ScenarioBenchmark.Outcomes outcomes = new ScenarioBenchmark.Outcomes();
        outcomes.reset(2, 1);
        RunResult r = b.run(speed, outcomes);
        b.run(speed, outcomes);
        assertEquals(2 * r.pageOps(), speed.pageOps, "operations add up over the iteration");
        assertEquals(2 * r.vmstatDelta().get("pgfault"), speed.pageFaults);
        assertTrue(r.oomKills().size() > 0, "stock 3.10 kills the hog");
        // events: each of the 2 iterations reports half, so JMH's sum is one run's outcome
        assertEquals(r.oomKills().size(), 2 * outcomes.oomKills, 1e-9);
        assertEquals(r.pageOps(), 2 * outcomes.runPageOps, 1e-6);
        assertEquals(r.stallNs() / 1e6, 2 * outcomes.stallMs, 1e-9);
        assertEquals(r.simulatedNs() / 1e9, 2 * outcomes.simulatedS, 1e-9);
        assertEquals(ScenarioBenchmark.sum(r, "pgscan_kswapd_") + ScenarioBenchmark.sum(r, "pgscan_direct_"),
            2 * outcomes.pagesScanned, 1e-9);
    }
}
