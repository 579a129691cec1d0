package io.slowpath.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.slowpath.core.config.ConfigLoader;
import com.typesafe.config.ConfigFactory;
import io.slowpath.core.scenario.RunListener;
import io.slowpath.core.scenario.RunReport;
import io.slowpath.core.scenario.RunResult;
import io.slowpath.core.scenario.Scenario;
import io.slowpath.core.scenario.ScenarioRunner;
import io.slowpath.core.scenario.Scenarios;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code slowpath run}: runs one scenario (built in, a scenario file, or a recorded trace with {@code --trace}),
 * prints the kernel log as it is printed and a summary at the end, and with {@code --out} writes summary.json,
 * timeseries.csv, kernel.log and trace.txt.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Run one simulation: a built-in scenario, a scenario file or (--trace) a recorded trace. Prints "
        + "every kernel log line (OOM reports, page allocation failure warnings) as it happens, then a summary: "
        + "vmstat deltas, stall time, OOM kills, THP success rate and allocation latency per gfp class.",
        "Built-in scenarios: see --list."})
final class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "SCENARIO|FILE",
        description = "A built-in scenario name (see --list) or a scenario file (.conf).")
    String scenario;



    @Mixin
    ScenarioConfigOptions options;

    @Option(names = "--seed", paramLabel = "N", description = "The workload's random seed (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--out", paramLabel = "DIR",
        description = "Write summary.json, timeseries.csv, kernel.log and trace.txt (the recorded trace) to DIR.")
    Path out;

    @Option(names = "--trace", paramLabel = "FILE",
        description = "Replay a recorded trace (e.g. an earlier run's trace.txt) instead of a scenario's behaviours.")
    Path trace;

    @Option(names = "--duration", paramLabel = "TIME",
        description = "Simulated time to run instead of the scenario's own duration, e.g. 20s or 5m.")
    String duration;

    @Option(names = "--list", description = "List the built-in scenarios and what each shows.")
    boolean list;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (list) {
            for (String name : Scenarios.builtInNames()) {
                Scenario s = Scenarios.load(name);
                o.println(name);
                for (String line : s.description().split("\n")) {
                    o.println("    " + line);
                }
                o.println();
            }
            o.flush();
            return 0;
        }
        if ((scenario == null) == (trace == null)) {
            throw new IllegalArgumentException(scenario == null
                ? "give a scenario (a built-in name, see --list, or a file) or --trace FILE"
                : "give either a scenario or --trace FILE, not both");
        }
        Scenario s = Scenarios.load(scenario != null ? scenario : trace.toString());
        if (trace != null && !s.isTrace()) {
            throw new IllegalArgumentException("--trace " + trace + ": not a trace (its first line is not "
                + "'slowpath-trace 1')");
        }
        if (duration != null) {
            s = s.withDurationNs(durationNs(duration));
        }
        s = options.applyTo(s);
        if (out != null) {
            try {
                Files.createDirectories(out);
            } catch (IOException e) {
                throw new IllegalArgumentException("--out " + out + ": cannot create the directory: " + e.getMessage());
            }
        }
        o.println(header(s));
        o.flush();
        Progress progress = new Progress(o, err, System.console() != null);
        RunResult r;
        try (Writer traceOut = out == null ? null : Files.newBufferedWriter(out.resolve("trace.txt"),
            StandardCharsets.UTF_8)) {
            r = ScenarioRunner.run(s, options.sets(), seed, "", progress, traceOut);
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalArgumentException("--out " + out + ": cannot write trace.txt: " + e.getMessage());
        }
        progress.clear();
        o.print(RunReport.summary(r));
        if (out != null) {
            write(out.resolve("summary.json"), RunReport.json(r));
            write(out.resolve("timeseries.csv"), r.series().toCsv());
            write(out.resolve("kernel.log"), RunReport.kernelLog(r));
            o.println("wrote " + out.resolve("summary.json") + ", timeseries.csv, kernel.log, trace.txt");
        }
        o.flush();
        return 0;
    }

    /** What runs: the scenario, the machine, swap and THP, the four policies, the seed and the simulated time. */
    private String header(Scenario s) {
        Config c = ConfigLoader.validate(s.overrides(), options.sets());
        String p = "slowpath.policies.";
        return String.format(Locale.ROOT, "slowpath run %s: %s RAM, %d CPU(s), %d node(s), swap %s, THP %s; policies "
                + "kswapd=%s reclaim=%s compaction=%s oom=%s; seed %d; %s simulated",
            s.name(), c.getString("slowpath.machine.memory"), c.getInt("slowpath.machine.cpus"),
            c.getInt("slowpath.machine.nodes"), c.getString("slowpath.swap.size"),
            c.getString("slowpath.transparent_hugepage.enabled"), c.getString(p + "kswapd"),
            c.getString(p + "reclaim"), c.getString(p + "compaction"), c.getString(p + "oom"), seed,
            RunReport.duration(s.durationNs()));
    }

    /** A duration with a unit, as in the configuration (e.g. 500ms, 20s, 5m). */
    static long durationNs(String text) {
        long ns;
        try {
            ns = ConfigFactory.parseString("d = \"" + text.replace("\"", "") + "\"").getDuration("d").toNanos();
        } catch (ConfigException e) {
            throw new IllegalArgumentException("--duration '" + text + "': expected a duration with a unit, e.g. 20s");
        }
        if (ns <= 0 || !text.trim().matches(".*[a-z]")) {
            throw new IllegalArgumentException("--duration '" + text + "': expected a positive duration with a unit, "
                + "e.g. 20s");
        }
        return ns;
    }

    private static void write(Path p, String text) {
        try {
            Files.writeString(p, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("--out: cannot write " + p + ": " + e.getMessage());
        }
    }

    /** Kernel log lines to stdout as printed; on a terminal, a progress bar of simulated time on stderr. */
    private static final class Progress implements RunListener {
        private static final int WIDTH = 30;
        private final PrintWriter out;
        private final PrintWriter err;
        private final boolean terminal;
        private boolean shown;
        private int lastPermille = -1;
        private long done;
        private long total;

        Progress(PrintWriter out, PrintWriter err, boolean terminal) {
            this.out = out;
            this.err = err;
            this.terminal = terminal;
        }

        @Override
        public void progress(long simulatedNs, long totalNs) {
            done = simulatedNs;
            total = totalNs;
            int permille = (int) (simulatedNs * 1000 / Math.max(1, totalNs));
            if (terminal && permille != lastPermille) {
                lastPermille = permille;
                draw();
            }
        }

        private void draw() {
            int filled = (int) ((long) lastPermille * WIDTH / 1000);
            err.print(String.format(Locale.ROOT, "\r[%s%s] %.1f / %.1f s simulated", "#".repeat(filled),
                ".".repeat(WIDTH - filled), done / 1e9, total / 1e9));
            err.flush();
            shown = true;
        }

        @Override
        public void kernelLog(String line) {
            clear();
            out.println(line);
            out.flush();
            if (terminal && lastPermille >= 0) {
                draw();
            }
        }

        void clear() {
            if (shown) {
                err.print("\r" + " ".repeat(WIDTH + 40) + "\r");
                err.flush();
                shown = false;
            }
        }
    }
}
