package io.slowpath.core.scenario;

import io.slowpath.api.Gfp;
import io.slowpath.core.json.Json;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders a {@link RunResult}: the summary {@code ./slowpath run} prints, {@code summary.json}, the time series as
 * CSV and the kernel log file.
 */
public final class RunReport {
    private RunReport() {
    }

    /**
     * The text summary: non-zero vmstat deltas by their /proc/vmstat names, stall time, OOM kills with victims,
     * allocation failures, THP success rate and allocation latency percentiles per gfp class.
     */
    public static String summary(RunResult r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "== %s%s: seed %d, %s simulated, %d page operations%n", r.scenario(),
            r.label() == null || r.label().isEmpty() ? "" : " [" + r.label() + "]", r.seed(), duration(r.simulatedNs()),
            r.pageOps()));
        sb.append("vmstat deltas (non-zero, /proc/vmstat names):\n");
        for (Map.Entry<String, Long> e : r.vmstatDelta().entrySet()) {
            if (e.getValue() != 0) {
                sb.append(String.format(Locale.ROOT, "  %-32s %+d%n", e.getKey(), e.getValue()));
            }
        }
        sb.append(String.format(Locale.ROOT, "stall: %s in the allocator slow path (all tasks)%n",
            duration(r.stallNs())));
        sb.append("OOM kills: ").append(r.oomKills().size()).append('\n');
        for (OomKill k : r.oomKills()) {
            sb.append(String.format(Locale.ROOT, "  [%5d.%06d] killed pid %d (%s), oom_score %d%n",
                k.timeNs() / 1_000_000_000L, (k.timeNs() % 1_000_000_000L) / 1_000L, k.pid(), k.name(), k.score()));
        }
        sb.append("allocation failures (warn_alloc_failed): ").append(r.allocFailures().size());
        Map<String, Integer> byKind = failureKinds(r);
        if (!byKind.isEmpty()) {
            StringBuilder kinds = new StringBuilder();
            byKind.forEach((k, n) -> kinds.append(kinds.length() == 0 ? "" : ", ").append(k).append(" x").append(n));
            sb.append(" (").append(kinds).append(')');
        }
        sb.append('\n');
        long thp = r.thpFaultAlloc() + r.thpFaultFallback();
        sb.append(thp == 0 ? "THP: no huge-page faults\n" : String.format(Locale.ROOT,
            "THP: %.1f%% of huge-page faults succeeded (thp_fault_alloc %d, thp_fault_fallback %d)%n",
            r.thpSuccessPercent(), r.thpFaultAlloc(), r.thpFaultFallback()));
        sb.append("allocation latency (simulated, alloc_pages entry to return):\n");
        sb.append(String.format(Locale.ROOT, "  %-22s %10s %10s %10s %10s %10s %10s%n", "gfp class", "count", "p50",
            "p90", "p99", "p99.9", "max"));
        for (Map.Entry<String, LatencySummary> e : r.latency().entrySet()) {
            LatencySummary l = e.getValue();
            sb.append(String.format(Locale.ROOT, "  %-22s %10d %10s %10s %10s %10s %10s%n", e.getKey(), l.count(),
                duration(l.p50Ns()), duration(l.p90Ns()), duration(l.p99Ns()), duration(l.p999Ns()),
                duration(l.maxNs())));
        }
        return sb.toString();
    }

    /** Failures by {@code order:N mode:0x..}, sorted. */
    private static Map<String, Integer> failureKinds(RunResult r) {
        Map<String, Integer> out = new TreeMap<>();
        for (AllocFailure f : r.allocFailures()) {
            out.merge("order:" + f.order() + " mode:" + Gfp.toHex(f.gfp()), 1, Integer::sum);
        }
        return out;
    }

    /** summary.json: the summary fields and a {@code vmstat} object of every /proc/vmstat name's delta. */
    public static String json(RunResult r) {
        Json j = new Json();
        j.put("scenario", r.scenario()).put("label", r.label()).put("seed", r.seed())
            .put("simulated_ns", r.simulatedNs()).put("page_ops", r.pageOps()).put("stall_ns", r.stallNs())
            .put("thp_fault_alloc", r.thpFaultAlloc()).put("thp_fault_fallback", r.thpFaultFallback())
            .put("thp_success_percent", r.thpSuccessPercent() < 0 ? Double.NaN : r.thpSuccessPercent());
        j.array("oom_kills");
        for (OomKill k : r.oomKills()) {
            j.object(null).put("time_ns", k.timeNs()).put("pid", k.pid()).put("name", k.name())
                .put("score", k.score()).end();
        }
        j.endArray();
        j.object("alloc_failures").put("count", r.allocFailures().size());
        j.object("by_kind");
        failureKinds(r).forEach((k, n) -> j.put(k, n));
        j.end().end();
        j.object("latency");
        for (Map.Entry<String, LatencySummary> e : r.latency().entrySet()) {
            LatencySummary l = e.getValue();
            j.object(e.getKey()).put("count", l.count()).put("p50_ns", l.p50Ns()).put("p90_ns", l.p90Ns())
                .put("p99_ns", l.p99Ns()).put("p999_ns", l.p999Ns()).put("max_ns", l.maxNs()).end();
        }
        j.end();
        j.object("vmstat");
        r.vmstatDelta().forEach(j::put);
        j.end();
        return j.toString();
    }

    /** The kernel log, one line each, as the kernel's log buffer would show it. */
    public static String kernelLog(RunResult r) {
        StringBuilder sb = new StringBuilder();
        for (String l : r.kernelLog()) {
            sb.append(l).append('\n');
        }
        return sb.toString();
    }

    /** A simulated duration for people: ns, us, ms or s with three decimals. */
    public static String duration(long ns) {
        if (ns < 1_000) {
            return ns + " ns";
        }
        if (ns < 1_000_000) {
            return String.format(Locale.ROOT, "%.3f us", ns / 1e3);
        }
        if (ns < 1_000_000_000) {
            return String.format(Locale.ROOT, "%.3f ms", ns / 1e6);
        }
        return String.format(Locale.ROOT, "%.3f s", ns / 1e9);
    }
}
