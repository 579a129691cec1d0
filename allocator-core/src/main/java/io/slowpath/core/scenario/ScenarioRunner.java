package io.slowpath.core.scenario;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import io.slowpath.api.VmEvent;
import io.slowpath.api.plugin.PolicyPlugin;
import io.slowpath.core.alloc.Slowpath310;
import io.slowpath.core.config.ConfigLoader;
import io.slowpath.core.config.SlowpathConfigException;
import io.slowpath.core.inject.Kernels;
import io.slowpath.core.mm.MmModel;
import io.slowpath.core.mm.Task;
import io.slowpath.core.proc.VmStat;
import io.slowpath.core.sim.SimulatedKernel;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one scenario: boots the simulated kernel its configuration describes (reference.conf, then the scenario's
 * own {@code slowpath} overrides, then the caller's {@code --set} strings, then the seed), starts its task groups
 * (or its recorded trace), runs the event loop for the scenario's simulated duration, sampling the counters every
 * sample interval, and returns what happened. The same scenario, settings and seed give an equal
 * {@link RunResult}, bit for bit.
 *
 * <p>Tasks get pids from {@value #FIRST_PID} in group order and run on CPU {@code pid index % cpus}; each task's
 * random stream depends on the seed and its pid only.
 */
public final class ScenarioRunner {
    /** The pid of the first task of the first group. */
    public static final int FIRST_PID = 1000;

    private ScenarioRunner() {
    }

    /**
     * Runs {@code scenario} without recording a trace.
     *
     * @param sets     {@code key=value} overrides applied over the scenario's own configuration
     * @param seed     the seed of every random choice of the workload ({@code slowpath.simulation.seed})
     * @param label    the caller's name for this run (kept in the result)
     * @param listener progress, kernel log lines and decision traces as they happen
     * @throws SlowpathConfigException when the configuration or the scenario is wrong
     */
    public static RunResult run(Scenario scenario, List<String> sets, long seed, String label, RunListener listener) {
        return run(scenario, sets, seed, label, listener, null);
    }

    /**
     * Runs {@code scenario}, recording every workload operation to {@code trace} (null: no trace) in the
     * {@link TraceFormat}; {@code ./slowpath run --trace} replays it to the same counters.
     *
     * @throws SlowpathConfigException when the configuration or the scenario is wrong
     * @throws java.io.UncheckedIOException when the trace cannot be written
     */
    public static RunResult run(Scenario scenario, List<String> sets, long seed, String label, RunListener listener,
                                Writer trace) {
        return run(scenario, sets, seed, label, listener, trace, List.of());
    }

    /**
     * Runs {@code scenario} with extra policy plugins beside those of the class path and plugins directory (as
     * {@link Kernels.Builder#plugin}), e.g. a research policy selected with {@code --set policies.reclaim=mine}.
     *
     * @param trace   where to record the trace, or null
     * @param plugins plugins registering more policies by name
     * @throws SlowpathConfigException when the configuration or the scenario is wrong
     */
    public static RunResult run(Scenario scenario, List<String> sets, long seed, String label, RunListener listener,
                                Writer trace, List<PolicyPlugin> plugins) {
        List<String> all = new ArrayList<>(sets);
        all.add("simulation.seed=" + seed);
        Config config = ConfigLoader.validate(scenario.overrides(), all);
        Kernels.Builder builder = Kernels.builder().config(config);
        plugins.forEach(builder::plugin);
        SimulatedKernel kernel = builder.build();
        MmModel mm = kernel.mm();
        TraceSink sink = null;
        if (trace != null) {
            sink = new TraceSink(trace);
            String json = config.withOnlyPath("slowpath").root().render(ConfigRenderOptions.concise());
            sink.raw(TraceFormat.header(scenario.name(), seed, scenario.durationNs(), scenario.sampleIntervalNs(), json)
                .stripTrailing());
        }
        Ops ops = new Ops(kernel, mm, sink);
        RunListener l = listener == null ? RunListener.NONE : listener;
        long machinePages = World.machinePages(kernel);
        RunStats stats = new RunStats(kernel, l, machinePages + mm.swap().totalPages());
        kernel.observe(stats);
        kernel.onLog(stats::printk);
        kernel.onDecisionTrace(l::decisionTrace);
        Map<String, Long> before = vmstat(kernel);
        long pgops0 = pageOps(kernel);

        int pids = 0;
        for (TaskGroup g : scenario.groups()) {
            pids += g.count();
        }
        World world = new World(kernel, ops, seed, FIRST_PID + pids);
        if (scenario.isTrace()) {
            TraceReplay.start(scenario.trace(), world);
        } else {
            int pid = FIRST_PID;
            int cpus = kernel.machine().cpus();
            for (TaskGroup g : scenario.groups()) {
                for (int i = 0; i < g.count(); i++) {
                    Task t = new Task(pid, pid, 1, g.name(), g.uid(), g.oomScoreAdj());
                    t.setCpu((pid - FIRST_PID) % cpus);
                    new ScenarioActor(world, t, g.phases(), g.exit(), true, i).start(g.startNs());
                    pid++;
                }
            }
        }

        Sampler sampler = new Sampler(kernel, stats);
        List<long[]> rows = new ArrayList<>();
        rows.add(sampler.sample(0));
        long duration = scenario.durationNs();
        long interval = scenario.sampleIntervalNs();
        long done = 0;
        try {
            while (done < duration) {
                long t = Math.min(duration, done + interval);
                kernel.runUntil(t);
                rows.add(sampler.sample(t));
                done = t;
                l.progress(done, duration);
            }
        } catch (Slowpath310.KernelPanic panic) {
            stats.printk(panic.getMessage());
            done = Math.max(done, kernel.clock().now());
            rows.add(sampler.sample(done));
        } finally {
            if (sink != null) {
                sink.flush();
            }
        }

        Map<String, Long> after = vmstat(kernel);
        Map<String, Long> delta = new LinkedHashMap<>();
        for (Map.Entry<String, Long> e : after.entrySet()) {
            delta.put(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L));
        }
        return new RunResult(scenario.name(), label, seed, done, delta,
            new TimeSeries(TimeSeries.COLUMNS, rows), stats.kills, stats.failures, kernel.memstallNs(),
            stats.latency(), delta.get(VmEvent.THP_FAULT_ALLOC.procName()),
            delta.get(VmEvent.THP_FAULT_FALLBACK.procName()), stats.log, pageOps(kernel) - pgops0);
    }

    /** /proc/vmstat as name to value, in the kernel's order. */
    static Map<String, Long> vmstat(SimulatedKernel kernel) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String line : VmStat.render(kernel.machine()).split("\n")) {
            int sp = line.indexOf(' ');
            out.put(line.substring(0, sp), Long.parseLong(line.substring(sp + 1).trim()));
        }
        return out;
    }

    /** Pages allocated, pages freed and page faults so far. */
    private static long pageOps(SimulatedKernel kernel) {
        var m = kernel.machine();
        return m.event(VmEvent.PGALLOC_DMA) + m.event(VmEvent.PGALLOC_DMA32) + m.event(VmEvent.PGALLOC_NORMAL)
            + m.event(VmEvent.PGALLOC_MOVABLE) + m.event(VmEvent.PGFREE) + m.event(VmEvent.PGFAULT);
    }
}
