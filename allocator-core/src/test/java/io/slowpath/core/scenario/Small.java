package io.slowpath.core.scenario;

import java.util.List;

/** The small machine the scenario tests run on, so that every built-in scenario runs in seconds. */
final class Small {
    /** 128 MiB, and livelocks (3.10 would retry for ever) given up after 100 slow-path passes. */
    static final List<String> SETS = List.of("machine.memory=128M", "simulation.max-slowpath-loops=100");

    private Small() {
    }

    static RunResult run(String name, long seconds, RunListener listener) {
        return ScenarioRunner.run(Scenarios.load(name).withDurationNs(seconds * 1_000_000_000L), SETS, 1, "test",
            listener);
    }

    static long max(RunResult r, String column) {
        long m = Long.MIN_VALUE;
        for (long v : r.series().values(column)) {
            m = Math.max(m, v);
        }
        return m;
    }

    /** Free pages at the start: about the machine's managed pages. */
    static long pages(RunResult r) {
        return r.series().values("nr_free_pages")[0];
    }
}
