package io.slowpath.bench;

import io.slowpath.cli.compare.PolicySets;
import io.slowpath.core.config.ConfigLoader;
import io.slowpath.core.scenario.RunListener;
import io.slowpath.core.scenario.RunResult;
import io.slowpath.core.scenario.Scenario;
import io.slowpath.core.scenario.ScenarioRunner;
import io.slowpath.core.scenario.Scenarios;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;

/**
 * A comparison run in JMH's formats: each invocation runs one whole scenario under one policy set (the sets of
 * {@code slowpath compare --policies}), and the simulated outcomes are JMH auxiliary counters beside the wall time.
 *
 * <p>Primary score: scenario runs per wall-clock second. {@link Speed} (JMH "operations" counters, so rates per
 * second): simulated page operations and page faults. {@link Outcomes} (JMH "events" counters): the simulated
 * outcome of one run, which the same seed makes the same in every invocation: OOM kills, stall time (ms), pages
 * scanned, allocation stalls, compaction stalls, page operations and simulated seconds of one run.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar ScenarioBenchmark -p scenario=seed-oom -p policies=stock,no-compaction
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// A fixed, pre-touched heap: each run allocates a few hundred MiB of page metadata, and without pre-touching, runs
// varied by half (most likely first-touch page faults on that memory; docs/benchmarks.md, "Speed work, second round").
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@State(Scope.Benchmark)
public class ScenarioBenchmark {
    /** The scenario: a built-in name or a scenario file. */
    @Param({"seed-oom", "pagecache-pressure"})
    public String scenario;

    /** The policy set: a name from {@code slowpath.policy-sets} or inline {@code kind=name+kind=name}. */
    @Param({"stock"})
    public String policies;

    /** Simulated RAM ({@code machine.memory}). */
    @Param({"16G"})
    public String memory;

    /** The workload's seed. */
    @Param({"1"})
    public long seed;

    private Scenario loaded;
    private List<String> settings;

    /** Loads the scenario and resolves the policy set once. */
    @Setup(Level.Trial)
    public void setUp() {
        loaded = Scenarios.load(scenario);
        settings = new ArrayList<>();
        settings.add("machine.memory=" + memory);
        settings.addAll(PolicySets.from(ConfigLoader.defaults()).resolve(policies).settings());
    }

    /** Simulated work per wall-clock second (JMH divides these by the iteration's time). */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Speed {
        /** Simulated page operations: pages allocated, pages freed and page faults. */
        public long pageOps;
        /** Simulated page faults (pgfault). */
        public long pageFaults;

        /** Starts each iteration from zero. */
        @Setup(Level.Iteration)
        public void reset() {
            pageOps = 0;
            pageFaults = 0;
        }
    }

    /**
     * The simulated outcome of one run (the same in every invocation: same scenario, settings and seed). JMH adds
     * event counters up over the measurement iterations (and forks), so each iteration reports the run's outcome
     * divided by their number: the score JMH prints is the outcome of one run.
     */
    @AuxCounters(AuxCounters.Type.EVENTS)
    @State(Scope.Thread)
    public static class Outcomes {
        /** Tasks the OOM killer killed. */
        public double oomKills;
        /** Slow-path stall time of all tasks, simulated ms. */
        public double stallMs;
        /** pgscan_kswapd + pgscan_direct. */
        public double pagesScanned;
        /** allocstall: direct reclaim entries. */
        public double allocstall;
        /** compact_stall: direct compaction entries. */
        public double compactStall;
        /** Simulated page operations of one run. */
        public double runPageOps;
        /** Simulated seconds of one run. */
        public double simulatedS;

        private double share;

        /** Zero before each iteration; the share of the sum one iteration contributes. */
        @Setup(Level.Iteration)
        public void reset(BenchmarkParams benchmark, IterationParams iteration) {
            reset(iteration.getCount(), benchmark.getForks());
        }

        void reset(int iterations, int forks) {
            oomKills = 0;
            stallMs = 0;
            pagesScanned = 0;
            allocstall = 0;
            compactStall = 0;
            runPageOps = 0;
            simulatedS = 0;
            share = 1.0 / (Math.max(1, iterations) * Math.max(1, forks));
        }

        void record(RunResult r) {
            oomKills = share * r.oomKills().size();
            stallMs = share * r.stallNs() / 1e6;
            pagesScanned = share * (sum(r, "pgscan_kswapd_") + sum(r, "pgscan_direct_"));
            allocstall = share * r.vmstatDelta().getOrDefault("allocstall", 0L);
            compactStall = share * r.vmstatDelta().getOrDefault("compact_stall", 0L);
            runPageOps = share * r.pageOps();
            simulatedS = share * r.simulatedNs() / 1e9;
        }
    }

    /** Runs the scenario once. */
    @Benchmark
    public RunResult run(Speed speed, Outcomes outcomes) {
        RunResult r = ScenarioRunner.run(loaded, settings, seed, policies, RunListener.NONE);
        speed.pageOps += r.pageOps();
        speed.pageFaults += r.vmstatDelta().getOrDefault("pgfault", 0L);
        outcomes.record(r);
        return r;
    }

    /** A per-zone vmstat family summed over the zone types (pgscan_direct_throttle is not a zone). */
    static long sum(RunResult r, String prefix) {
        long s = 0;
        for (String zone : List.of("dma", "dma32", "normal", "movable")) {
            s += r.vmstatDelta().getOrDefault(prefix + zone, 0L);
        }
        return s;
    }
}
