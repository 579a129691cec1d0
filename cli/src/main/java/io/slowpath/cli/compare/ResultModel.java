package io.slowpath.cli.compare;

import io.slowpath.cli.report.OomMark;
import io.slowpath.cli.report.SummaryKeys;
import io.slowpath.cli.report.VariantReport;
import io.slowpath.core.scenario.LatencySummary;
import io.slowpath.core.scenario.OomKill;
import io.slowpath.core.scenario.RunResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns a {@link RunResult} into the report's view of one variant, keeping every number as the run gave it. */
final class ResultModel {
    private ResultModel() {
    }

    /** The report's view of one variant's run. */
    static VariantReport of(VariantSpec spec, RunResult r) {
        Map<String, Long> summary = new LinkedHashMap<>();
        summary.put(SummaryKeys.SIMULATED_NS, r.simulatedNs());
        summary.put(SummaryKeys.PAGE_OPS, r.pageOps());
        summary.put(SummaryKeys.OOM_KILLS, (long) r.oomKills().size());
        summary.put(SummaryKeys.ALLOC_FAILURES, (long) r.allocFailures().size());
        summary.put(SummaryKeys.STALL_NS, r.stallNs());
        summary.put(SummaryKeys.THP_FAULT_ALLOC, r.thpFaultAlloc());
        summary.put(SummaryKeys.THP_FAULT_FALLBACK, r.thpFaultFallback());
        Map<String, Map<String, Long>> latency = new LinkedHashMap<>();
        for (Map.Entry<String, LatencySummary> e : r.latency().entrySet()) {
            LatencySummary l = e.getValue();
            Map<String, Long> m = new LinkedHashMap<>();
            m.put("count", l.count());
            m.put("p50_ns", l.p50Ns());
            m.put("p90_ns", l.p90Ns());
            m.put("p99_ns", l.p99Ns());
            m.put("p999_ns", l.p999Ns());
            m.put("max_ns", l.maxNs());
            latency.put(e.getKey(), m);
        }
        List<OomMark> kills = new ArrayList<>();
        for (OomKill k : r.oomKills()) {
            kills.add(new OomMark(k.timeNs(), k.pid(), k.name(), k.score()));
        }
        return new VariantReport(spec.label(), spec.settings(), summary, r.vmstatDelta(), latency, kills,
            r.series());
    }
}
