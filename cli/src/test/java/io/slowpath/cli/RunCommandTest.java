package io.slowpath.cli;

import static io.slowpath.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.slowpath.core.scenario.Scenarios;
import io.slowpath.core.scenario.TimeSeries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code slowpath run} end to end, on a small machine. */
class RunCommandTest {
    private static final String[] SMALL = {"--set", "machine.memory=128M", "--set", "simulation.max-slowpath-loops=100"};

    private static String[] args(String... first) {
        String[] a = new String[first.length + SMALL.length];
        System.arraycopy(first, 0, a, 0, first.length);
        System.arraycopy(SMALL, 0, a, first.length, SMALL.length);
        return a;
    }

    @Test
    void listShowsEveryBuiltInScenarioWithWhatItShows() {
        CliRun r = run("run", "--list");
        assertEquals(0, r.code(), r.err());
        for (String name : Scenarios.builtInNames()) {
            assertTrue(r.out().contains(name + "\n    " + name + ": "), r.out());
        }
    }

    @Test
    void runPrintsWarningsAsTheyHappenThenASummaryAndWritesOut(@TempDir Path dir) throws IOException {
        CliRun r = run(args("run", "atomic-burst", "--duration", "10s", "--seed", "3", "--out", dir.toString()));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("slowpath run atomic-burst: 128M RAM, 4 CPU(s), 1 node(s), swap 0, THP never; "
            + "policies kswapd="), r.out());
        assertTrue(r.out().contains("; seed 3; 10.000 s simulated\n"), r.out());
        int warning = r.out().indexOf("netrx: page allocation failure: order:");
        int summary = r.out().indexOf("== atomic-burst: seed 3, 10.000 s simulated");
        assertTrue(warning >= 0 && summary > warning, r.out());
        assertTrue(r.out().contains("vmstat deltas (non-zero, /proc/vmstat names):\n"), r.out());
        assertTrue(r.out().contains("stall: "), r.out());
        assertTrue(r.out().contains("OOM kills: "), r.out());
        assertTrue(r.out().contains("allocation failures (warn_alloc_failed): "), r.out());
        assertTrue(r.out().contains("GFP_ATOMIC"), r.out());
        assertTrue(r.err().isEmpty(), "no progress bar without a terminal: " + r.err());

        String json = Files.readString(dir.resolve("summary.json"));
        assertTrue(json.contains("\"scenario\": \"atomic-burst\""), json);
        assertTrue(json.contains("\n  \"vmstat\": {\n    \"nr_free_pages\": "), json);
        String csv = Files.readString(dir.resolve("timeseries.csv"));
        assertTrue(csv.startsWith(String.join(",", TimeSeries.COLUMNS) + "\n0,"), csv);
        String log = Files.readString(dir.resolve("kernel.log"));
        assertTrue(log.contains("] netrx: page allocation failure: order:"), log);
        assertTrue(log.contains("Mem-Info:"), "show_mem follows the warning");
        String trace = Files.readString(dir.resolve("trace.txt"));
        assertTrue(trace.startsWith("slowpath-trace 1\n# scenario atomic-burst\n# seed 3\n"), trace.substring(0, 100));

        // The recorded trace replays to the same counters.
        Path again = dir.resolve("replay");
        CliRun replay = run("run", "--trace", dir.resolve("trace.txt").toString(), "--out", again.toString());
        assertEquals(0, replay.code(), replay.err());
        String json2 = Files.readString(again.resolve("summary.json"));
        assertEquals(json.substring(json.indexOf("\"page_ops\"")), json2.substring(json2.indexOf("\"page_ops\"")));
        assertEquals(log, Files.readString(again.resolve("kernel.log")));
        assertEquals(csv, Files.readString(again.resolve("timeseries.csv")));
    }

    @Test
    void aScenarioFileRuns(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("hog.conf");
        Files.writeString(f, "# hog: one hog.\nscenario {\n  duration = 1s\n  groups = [ { name = hog, phases = [ "
            + "{ type = anon-hog, size = 50% } ] } ]\n}\n");
        Path box = dir.resolve("box.conf");
        Files.writeString(box, "slowpath.machine.cpus = 3\nslowpath.machine.memory = 1G\n");
        CliRun r = run(args("run", f.toString(), "--config", box.toString()));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("slowpath run hog: 128M RAM, 3 CPU(s)"), "--set wins over --config: " + r.out());
        assertTrue(r.out().contains("\n== hog: seed 1, 1.000 s simulated"), r.out());
        assertTrue(r.out().contains("  pgfault "), r.out());
    }

    @Test
    void badInputExitsTwoWithAClearMessage(@TempDir Path dir) throws IOException {
        CliRun r = run("run", "seed-om");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("slowpath: error: 'seed-om' is neither a built-in scenario nor a file; did you "
            + "mean seed-oom?"), r.err());
        r = run("run");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("give a scenario (a built-in name, see --list, or a file) or --trace FILE"), r.err());
        r = run("run", "seed-oom", "--set", "machine.memroy=1G");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown key slowpath.machine.memroy"), r.err());
        assertTrue(r.err().contains("did you mean slowpath.machine.memory?"), r.err());
        Files.writeString(dir.resolve("typo.conf"), "slowpath.machine.cpu = 3\n");
        r = run("run", "seed-oom", "--config", dir.resolve("typo.conf").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown key slowpath.machine.cpu (" + dir.resolve("typo.conf") + ": 1)"), r.err());
        r = run("run", "seed-oom", "--duration", "20");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--duration '20': expected a positive duration with a unit"), r.err());
        Path f = dir.resolve("bad.conf");
        Files.writeString(f, "scenario {\n  duration = 1s\n  groups = [ { name = a, phases = [ { type = leak, rat = 1M } ] } ]\n}\n");
        r = run("run", f.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown key scenario.groups[0].phases[0].rat (" + f + ": 3); did you mean "
            + "scenario.groups[0].phases[0].rate?"), r.err());
        Path t = dir.resolve("bad.trace");
        Files.writeString(t, "slowpath-trace 1\n0 7 spawn a 0 0 0\n5 7 touch x w\n");
        r = run("run", "--trace", t.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains(t + ":3: vpage must be a whole number, got 'x'"), r.err());
        Path ok = dir.resolve("ok.conf");
        Files.writeString(ok, "scenario { duration = 1s, groups = [ { name = a, phases = [ { type = sleep, "
            + "duration = 1s } ] } ] }\n");
        r = run("run", "--trace", ok.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("not a trace"), r.err());
    }
}
