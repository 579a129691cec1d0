package io.slowpath.cli;

import io.slowpath.api.oom.OomPolicy;
import io.slowpath.cli.oom.ReplayReport;
import io.slowpath.cli.oom.ZoneWatermarks;
import io.slowpath.core.config.ConfigLoader;
import io.slowpath.core.config.SlowpathConfigException;
import io.slowpath.core.inject.Kernels;
import io.slowpath.policy.oom.report.NotAnOomReportException;
import io.slowpath.policy.oom.report.OomReplay;
import io.slowpath.policy.oom.report.OomReportParser;
import io.slowpath.policy.oom.report.ParsedReport;
import io.slowpath.policy.oom.report.ReplayResult;
import io.slowpath.policy.oom.stock310.RootBonus;
import io.slowpath.policy.oom.stock310.Stock310OomPolicy;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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
 * {@code slowpath oom-replay FILE...}: reads kernel OOM reports and asks an OOM policy (default {@code stock-3.10},
 * resolved through the policy registry like the simulator's) which task it would kill, beside what the kernel did.
 */
@Command(name = "oom-replay", mixinStandardHelpOptions = true,
    description = {"Read kernel OOM reports (dmesg, journalctl -k or syslog output) and replay them: recompute every "
        + "task's badness with an OOM policy, say which task it would kill and with which score beside what the "
        + "kernel did, explain any difference, and compare the printed watermarks with the 3.10 rules.",
        "Policy settings and sysctls come from --config/--set, e.g. "
            + "--set 'policy.oom.\"stock-3.10\".root-bonus=3.10.0'."})
final class OomReplayCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Parameters(arity = "1..*", paramLabel = "FILE",
        description = "OOM report files (one report each); - reads standard input (e.g. dmesg | slowpath oom-replay -).")
    List<Path> files;

    @Option(names = "--format", paramLabel = "FORMAT", description = "text (default) or json.")
    String format = "text";

    @Option(names = "--policy", paramLabel = "NAME", description = "The OOM policy to replay (default: stock-3.10).")
    String policy = Stock310OomPolicy.NAME;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        String fmt = format.trim().toLowerCase(Locale.ROOT);
        if (!fmt.equals("text") && !fmt.equals("json")) {
            throw new IllegalArgumentException("--format: expected text or json, got '" + format + "'");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<String> names = new ArrayList<>();
        List<ReplayResult> results = new ArrayList<>();
        List<ZoneWatermarks> wms = new ArrayList<>();
        int code = 0;
        for (Path file : files) {
            try {
                ParsedReport report = OomReportParser.parse(read(file), file.toString());
                OomPolicy p = newPolicy();
                RootBonus scoring = p instanceof Stock310OomPolicy s ? s.rootBonus() : RootBonus.STABLE;
                ReplayResult r = OomReplay.replay(report, p, policy, scoring);
                ZoneWatermarks wm = ZoneWatermarks.of(report);
                names.add(file.toString());
                results.add(r);
                wms.add(wm);
                if (fmt.equals("text")) {
                    out.print(ReplayReport.text(file.toString(), r, wm));
                    if (files.size() > 1) {
                        out.println();
                    }
                }
            } catch (NotAnOomReportException | NoSuchFile e) {
                err.println("slowpath: error: " + e.getMessage());
                code = 2;
            }
        }
        if (fmt.equals("json") && !results.isEmpty()) {
            out.println(files.size() == 1 ? ReplayReport.json(names.get(0), results.get(0), wms.get(0), true)
                : ReplayReport.jsonArray(names, results, wms, true));
        }
        out.flush();
        err.flush();
        return code;
    }

    /** A fresh policy for each report (the stock policy keeps a rate limiter), configured like the simulator's. */
    private OomPolicy newPolicy() {
        List<String> sets = new ArrayList<>(options.sets);
        sets.add("policies.oom=" + policy);
        try {
            return Kernels.builder().config(ConfigLoader.load(options.config, sets)).injector()
                .getInstance(OomPolicy.class);
        } catch (com.google.inject.ProvisionException e) {
            // the policy's own error (an unknown name, a bad setting) without Guice's wrapping
            for (com.google.inject.spi.Message m : e.getErrorMessages()) {
                for (Throwable c = m.getCause(); c != null; c = c.getCause()) {
                    if (c instanceof SlowpathConfigException || c instanceof IllegalArgumentException) {
                        throw (RuntimeException) c;
                    }
                }
            }
            throw e;
        }
    }

    private static String read(Path file) {
        if (file.toString().equals("-")) {
            try {
                return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new NoSuchFile("standard input: cannot read: " + e.getMessage());
            }
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new NoSuchFile(file + ": no such file");
        } catch (java.nio.charset.MalformedInputException e) {
            try {
                return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            } catch (IOException e2) {
                throw new NoSuchFile(file + ": cannot read: " + e2.getMessage());
            }
        } catch (IOException e) {
            throw new NoSuchFile(file + ": cannot read: " + e.getMessage());
        }
    }

    /** A file that cannot be read. */
    private static final class NoSuchFile extends RuntimeException {
        NoSuchFile(String message) {
            super(message);
        }
    }
}
