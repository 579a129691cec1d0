package io.slowpath.cli.compare;

import com.typesafe.config.Config;
import io.slowpath.cli.ScenarioConfigOptions;
import io.slowpath.cli.report.ComparisonTable;
import io.slowpath.cli.report.ReportData;
import io.slowpath.cli.report.ReportFiles;
import io.slowpath.cli.report.VariantReport;
import io.slowpath.core.config.ConfigLoader;
import io.slowpath.core.config.SlowpathConfigException;
import io.slowpath.core.inject.Kernels;
import io.slowpath.core.scenario.RunListener;
import io.slowpath.core.scenario.RunResult;
import io.slowpath.core.scenario.Scenario;
import io.slowpath.core.scenario.ScenarioRunner;
import io.slowpath.core.scenario.Scenarios;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
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
 * {@code slowpath compare}: runs one scenario with one seed under several policy sets or settings, prints the
 * outcomes side by side and writes report.html (table and charts), a PNG per chart, compare.json, compare.csv and
 * each variant's kernel log. With no scenario, policies or variants it runs the default comparison of
 * {@code slowpath.compare.default}.
 */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Run the same workload with the same seed under each policy set (--policies) or setting value "
        + "(--variant), print the outcomes side by side and write report.html, one PNG per chart, compare.json "
        + "and compare.csv.",
        "With no arguments: the default comparison (slowpath.compare.default in the cli's reference.conf)."})
public final class CompareCommand implements Callable<Integer> {
    /** Where the default comparison is configured. */
    static final String DEFAULT_PATH = "slowpath.compare.default";

    @Parameters(index = "0", arity = "0..1", paramLabel = "SCENARIO|FILE",
        description = "A built-in scenario (${COMPLETION-CANDIDATES}) or a scenario file (HOCON). Alone, it runs "
            + "under the default comparison's policy sets.",
        completionCandidates = BuiltIns.class)
    String scenario;

    @Mixin
    ScenarioConfigOptions options;

    @Option(names = "--policies", split = ",", paramLabel = "SET",
        description = "Policy sets to compare: names from slowpath.policy-sets (stock, no-compaction, no-kswapd, "
            + "no-oom-kill, off) or inline kind=name[+kind=name...], e.g. --policies stock,compaction=off")
    List<String> policies = new ArrayList<>();

    @Option(names = "--variant", paramLabel = "KEY=V1,V2",
        description = "One run per value of a setting, e.g. --variant vm.swappiness=0,60,100. Repeatable (every "
            + "combination runs, also with --policies).")
    List<String> variants = new ArrayList<>();

    @Option(names = "--seed", paramLabel = "N", description = "The workload's seed, the same for every variant "
        + "(default: slowpath.simulation.seed of the scenario or defaults).")
    Long seed;

    @Option(names = "--out", paramLabel = "DIR",
        description = "Directory of the report files (default: slowpath-out/compare-<scenario>).")
    Path out;



    @Option(names = "--quiet", description = "Print no progress on stderr.")
    boolean quiet;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The built-in scenario names, for the help text. */
    static final class BuiltIns implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Scenarios.builtInNames().iterator();
        }
    }

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        Config defaults = ConfigLoader.defaults();
        String scenarioArg = scenario;
        List<String> policyArgs = policies;
        List<String> variantArgs = variants;
        boolean isDefault = scenario == null && policies.isEmpty() && variants.isEmpty();
        Config d = defaults.getConfig(DEFAULT_PATH);
        if (scenario == null) {
            scenarioArg = d.getString("scenario");
        }
        if (policies.isEmpty() && variants.isEmpty()) {
            // A scenario alone runs under the default comparison's policy sets and variants.
            policyArgs = d.getStringList("policies");
            variantArgs = d.getStringList("variants");
        }
        if (policyArgs.isEmpty() && variantArgs.isEmpty()) {
            throw new SlowpathConfigException("compare needs --policies SET[,SET...] or --variant KEY=V1,V2 (or no "
                + "arguments at all for the default comparison)");
        }
        List<VariantSpec> specs = Variants.of(PolicySets.from(defaults), policyArgs, variantArgs);
        Scenario sc = Scenarios.load(scenarioArg);
        sc = options.applyTo(sc);
        for (VariantSpec v : specs) {
            check(sc, options.sets(), v);
        }
        long runSeed = seed != null ? seed
            : ConfigLoader.validate(sc.overrides(), options.sets()).getLong("slowpath.simulation.seed");
        Path dir = out != null ? out : Path.of("slowpath-out", "compare-" + safe(sc.name()));
        if (!quiet) {
            stderr.printf(Locale.ROOT, "slowpath compare: %s%s, seed %d, %d variants%n", sc.name(),
                isDefault ? " (the default comparison)" : "", runSeed, specs.size());
            stderr.flush();
        }
        List<VariantReport> reports = new ArrayList<>();
        List<RunResult> results = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            VariantSpec v = specs.get(i);
            List<String> all = new ArrayList<>(options.sets());
            all.addAll(v.settings());
            long start = System.nanoTime();
            RunResult r = ScenarioRunner.run(sc, all, runSeed, v.label(),
                quiet ? RunListener.NONE : new Progress(stderr, i + 1, specs.size(), v.label()));
            if (!quiet) {
                stderr.printf(Locale.ROOT, "  [%d/%d] %s: %.1f s simulated in %.1f s%n", i + 1, specs.size(),
                    v.label(), r.simulatedNs() / 1e9, (System.nanoTime() - start) / 1e9);
                stderr.flush();
            }
            List<String> settings = new ArrayList<>(options.sets());
            settings.addAll(v.settings());
            reports.add(ResultModel.of(new VariantSpec(v.label(), settings), r));
            results.add(r);
        }
        ReportData data = new ReportData(sc.name(), sc.description(), runSeed, reports);
        ComparisonTable table = ComparisonTable.of(data);
        stdout.printf(Locale.ROOT, "%s, seed %d%n%n", sc.name(), runSeed);
        stdout.print(table.render());
        stdout.println();
        List<Path> files;
        try {
            files = ReportFiles.write(data, dir);
            writeLogs(dir, specs, results);
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException("--out " + dir + ": " + e.getMessage(), e);
        }
        stdout.printf(Locale.ROOT, "Report: %s (open it in a browser)%n", dir.resolve("report.html"));
        stdout.printf(Locale.ROOT, "Also in %s: compare.json, compare.csv, %d charts as PNG, kernel-<n>.log per "
            + "variant%n", dir, files.size() - 3);
        stdout.flush();
        return 0;
    }

    /** Prints a variant's progress on stderr at every quarter of its simulated duration. */
    private static final class Progress implements RunListener {
        private final PrintWriter err;
        private final String prefix;
        private long nextQuarter = 1;

        Progress(PrintWriter err, int n, int of, String label) {
            this.err = err;
            this.prefix = String.format(Locale.ROOT, "  [%d/%d] %s: ", n, of, label);
        }

        @Override
        public void progress(long simulatedNs, long totalNs) {
            if (totalNs > 0 && simulatedNs * 4 >= nextQuarter * totalNs && simulatedNs < totalNs) {
                err.printf(Locale.ROOT, "%s%.1f of %.1f s simulated%n", prefix, simulatedNs / 1e9, totalNs / 1e9);
                err.flush();
                nextQuarter = simulatedNs * 4 / totalNs + 1;
            }
        }
    }

    /**
     * Fails before anything runs when a variant's settings or policy names are wrong: boots the variant's kernel
     * (the scenario's machine) without running anything.
     */
    static void check(Scenario sc, List<String> sets, VariantSpec v) {
        List<String> all = new ArrayList<>(sets);
        all.addAll(v.settings());
        try {
            Kernels.kernel(ConfigLoader.validate(sc.overrides(), all));
        } catch (SlowpathConfigException e) {
            throw new SlowpathConfigException("variant '" + v.label() + "': " + e.getMessage(), e);
        }
    }

    private static void writeLogs(Path dir, List<VariantSpec> specs, List<RunResult> results) {
        for (int i = 0; i < specs.size(); i++) {
            StringBuilder sb = new StringBuilder();
            for (String line : results.get(i).kernelLog()) {
                sb.append(line).append('\n');
            }
            try {
                Files.writeString(dir.resolve("kernel-" + (i + 1) + ".log"), sb.toString(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + dir.resolve("kernel-" + (i + 1) + ".log"), e);
            }
        }
    }

    /** A scenario name as a directory name. */
    static String safe(String name) {
        String s = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return s.isEmpty() ? "scenario" : s;
    }
}
