package io.slowpath.core.scenario;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One parsed scenario: its name, its description (the comment it starts with), the configuration overrides it
 * applies on top of reference.conf (its {@code slowpath { ... }} section: machine size, sysctls, policies), its
 * simulated duration, its sample interval, and either task groups with behaviours or a recorded trace to replay.
 * Load one with {@link Scenarios#load}; run it with {@link ScenarioRunner}.
 */
public final class Scenario {
    private final String name;
    private final String description;
    private final String source;
    private final Config overrides;
    private final long durationNs;
    private final long sampleIntervalNs;
    private final List<TaskGroup> groups;
    private final TraceReplay.Parsed trace;

    Scenario(String name, String description, String source, Config overrides, long durationNs,
             long sampleIntervalNs, List<TaskGroup> groups, TraceReplay.Parsed trace) {
        this.name = Objects.requireNonNull(name);
        this.description = Objects.requireNonNull(description);
        this.source = Objects.requireNonNull(source);
        this.overrides = Objects.requireNonNull(overrides);
        this.durationNs = durationNs;
        this.sampleIntervalNs = sampleIntervalNs;
        this.groups = List.copyOf(groups);
        this.trace = trace;
    }

    /** The name: a built-in scenario's name, or the file name without {@code .conf}. */
    public String name() {
        return name;
    }

    /** What the scenario shows: its leading comment, without the {@code #}s. */
    public String description() {
        return description;
    }

    /** Where it was loaded from (a resource or a file path). */
    public String source() {
        return source;
    }

    /** The configuration it applies over reference.conf (the file's {@code slowpath} section, rooted at slowpath). */
    public Config overrides() {
        return overrides;
    }

    /** The simulated time a run lasts at most (it ends earlier once every task is done). */
    public long durationNs() {
        return durationNs;
    }

    /**
     * The same scenario with another simulated duration (e.g. a short run in a test); the sample interval shrinks
     * with it when it would be longer than the new duration, and grows when it would give more than a million
     * samples.
     */
    public Scenario withDurationNs(long ns) {
        if (ns <= 0) {
            throw new IllegalArgumentException("duration must be positive, got " + ns + " ns");
        }
        long interval = Math.min(sampleIntervalNs, ns);
        if (ns / interval > Scenarios.MAX_SAMPLES) {
            interval = (ns + Scenarios.MAX_SAMPLES - 1) / Scenarios.MAX_SAMPLES;
        }
        return new Scenario(name, description, source, overrides, ns, interval, groups, trace);
    }

    /**
     * The same scenario with {@code config} (e.g. a {@code --config} file describing a machine) applied over its own
     * {@code slowpath} overrides; {@code --set} strings given to the runner still win.
     *
     * @throws io.slowpath.core.config.SlowpathConfigException when the merged configuration is not valid
     */
    public Scenario withConfig(Config config) {
        Config merged = config.withFallback(overrides);
        io.slowpath.core.config.ConfigLoader.validate(merged, List.of());
        return new Scenario(name, description, source, merged, durationNs, sampleIntervalNs, groups, trace);
    }

    /** Simulated time between two samples of the time series. */
    public long sampleIntervalNs() {
        return sampleIntervalNs;
    }

    /** Whether the scenario replays a recorded trace instead of running behaviours. */
    public boolean isTrace() {
        return trace != null;
    }

    /** The task groups, each as {@code name x count: phase types}, for listings. */
    public List<String> groupSummaries() {
        List<String> out = new ArrayList<>();
        for (TaskGroup g : groups) {
            List<String> types = new ArrayList<>();
            for (PhaseSpec p : g.phases()) {
                types.add(p.type());
            }
            out.add(g.name() + " x" + g.count() + ": " + String.join(", ", types));
        }
        return out;
    }

    List<TaskGroup> groups() {
        return groups;
    }

    TraceReplay.Parsed trace() {
        return trace;
    }
}
