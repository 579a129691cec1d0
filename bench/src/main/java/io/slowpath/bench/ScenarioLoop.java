package io.slowpath.bench;

import io.slowpath.core.config.SlowpathConfigException;
import io.slowpath.core.scenario.RunListener;
import io.slowpath.core.scenario.RunResult;
import io.slowpath.core.scenario.Scenario;
import io.slowpath.core.scenario.ScenarioRunner;
import io.slowpath.core.scenario.Scenarios;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Runs one scenario again and again in one JVM and prints the CPU time of each run, for the per-path costs of
 * docs/benchmarks.md (a JMH iteration is one whole run, too coarse to compare sub-second scenarios). Run without JMH,
 * with a fixed pre-touched heap as the figures were taken:
 * <pre>
 * java -Xms4g -Xmx4g -XX:+AlwaysPreTouch -cp bench/target/benchmarks.jar io.slowpath.bench.ScenarioLoop \
 *     paths/read-miss 12 [policies.reclaim=off ...]
 * </pre>
 * The first argument is a built-in scenario, a scenario file, or {@code paths/NAME}: one of the scenarios shipped
 * with this class ({@code read-miss}, {@code anon-fault}, {@code stream}, {@code working-set}, {@code empty}). The
 * second is the number of runs; the rest are settings as {@code slowpath run --set} takes them. The last line gives
 * the median of the second half of the runs (the first half warms the JIT up).
 */
public final class ScenarioLoop {
    private ScenarioLoop() {
    }

    /** Entry point: {@code SCENARIO RUNS [SETTING...]}; bad arguments end with a one-line error and status 2. */
    public static void main(String[] args) throws IOException {
        try {
            run(args);
        } catch (IllegalArgumentException | SlowpathConfigException e) {
            System.err.println("ScenarioLoop: error: " + e.getMessage());
            System.exit(2);
        }
    }

    private static void run(String[] args) throws IOException {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: ScenarioLoop SCENARIO|FILE|paths/NAME RUNS [key=value ...]");
        }
        Scenario scenario = load(args[0]);
        int runs;
        try {
            runs = Integer.parseInt(args[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("RUNS must be a whole number, got '" + args[1] + "'");
        }
        if (runs < 1) {
            throw new IllegalArgumentException("RUNS must be at least 1, got " + runs);
        }
        List<String> settings = List.of(args).subList(2, args.length);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] cpuNs = new long[runs];
        RunResult last = null;
        for (int i = 0; i < runs; i++) {
            long start = threads.getCurrentThreadCpuTime();
            last = ScenarioRunner.run(scenario, settings, 1, "loop", RunListener.NONE);
            cpuNs[i] = threads.getCurrentThreadCpuTime() - start;
            System.out.printf(Locale.ROOT, "run %d: %.1f ms of CPU%n", i, cpuNs[i] / 1e6);
        }
        long[] warm = Arrays.copyOfRange(cpuNs, runs / 2, runs);
        Arrays.sort(warm);
        long median = warm[warm.length / 2];
        System.out.printf(Locale.ROOT, "%s: median of the last %d runs %.1f ms of CPU; %,d page operations per run"
            + " (%.2f M/s of CPU)%n", args[0], warm.length, median / 1e6, last.pageOps(), last.pageOps() * 1e3 / median);
    }

    private static Scenario load(String arg) throws IOException {
        if (!arg.startsWith("paths/")) {
            return Scenarios.load(arg);
        }
        String resource = "io/slowpath/bench/" + arg + ".conf";
        try (InputStream in = ScenarioLoop.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no scenario " + arg + " (shipped: paths/read-miss, paths/anon-fault,"
                    + " paths/stream, paths/working-set, paths/empty)");
            }
            return Scenarios.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), arg.substring(6), resource);
        }
    }
}
