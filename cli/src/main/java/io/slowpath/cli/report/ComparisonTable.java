package io.slowpath.cli.report;

import io.slowpath.cli.report.TableRow.Unit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The side-by-side table of a comparison: one column per variant, one row per metric (OOM kills, stall time,
 * reclaim and compaction counters from /proc/vmstat, THP success, allocation latency p99 per GFP class, simulated
 * time, page operations). The terminal, report.html and compare.csv all show these rows. Allocation latency
 * (p99, p99.9 and max per GFP class) is simulated time from {@code alloc_pages} to its return.
 */
public final class ComparisonTable {
    /** vmstat counters (per-zone families summed over their zones) shown as rows, in this order. */
    static final List<String> VMSTAT_ROWS = List.of("allocstall", "pgscan_kswapd", "pgscan_direct", "pgsteal_kswapd",
        "pgsteal_direct", "pswpin", "pswpout", "pgmajfault", "compact_stall", "compact_success", "compact_fail",
        "compact_migrate_scanned", "compact_free_scanned");

    private static final int MAX_VICTIMS_SHOWN = 3;

    private final ReportData data;
    private final List<TableRow> rows;

    private ComparisonTable(ReportData data, List<TableRow> rows) {
        this.data = data;
        this.rows = List.copyOf(rows);
    }

    /** Builds the table of a comparison. */
    public static ComparisonTable of(ReportData data) {
        List<VariantReport> vs = data.variants();
        List<TableRow> rows = new ArrayList<>();
        rows.add(row("oom_kills", "OOM kills", Unit.COUNT, vs, v -> v.summaryValue(SummaryKeys.OOM_KILLS)));
        rows.add(row("oom_victims", "OOM victims", Unit.TEXT, vs, ComparisonTable::victims));
        rows.add(row("alloc_failures", "page allocation failures", Unit.COUNT, vs,
            v -> v.summaryValue(SummaryKeys.ALLOC_FAILURES)));
        rows.add(row("stall_ns", "slow-path stall time", Unit.NANOS, vs, v -> v.summaryValue(SummaryKeys.STALL_NS)));
        rows.add(row("pages_scanned", "pages scanned (kswapd + direct)", Unit.COUNT, vs,
            v -> v.vmstatValue("pgscan_kswapd") + v.vmstatValue("pgscan_direct")));
        for (String name : VMSTAT_ROWS) {
            rows.add(row(name, name, Unit.COUNT, vs, v -> v.vmstatValue(name)));
        }
        rows.add(row("thp_fault_alloc", "thp_fault_alloc", Unit.COUNT, vs,
            v -> v.summaryValue(SummaryKeys.THP_FAULT_ALLOC)));
        rows.add(row("thp_fault_fallback", "thp_fault_fallback", Unit.COUNT, vs,
            v -> v.summaryValue(SummaryKeys.THP_FAULT_FALLBACK)));
        rows.add(row("thp_success_pct", "THP fault success rate", Unit.PERCENT, vs, ComparisonTable::thpSuccess));
        for (String gfp : gfpClasses(vs)) {
            for (String p : List.of("p99", "p999", "max")) {
                rows.add(row("alloc_" + p + "_ns." + gfp, "alloc latency " + p.replace("p999", "p99.9") + " " + gfp,
                    Unit.NANOS, vs, v -> {
                        var l = v.latency().get(gfp);
                        return l == null ? null : l.get(p + "_ns");
                    }));
            }
        }
        rows.add(row("simulated_ns", "simulated time", Unit.NANOS, vs, v -> v.summaryValue(SummaryKeys.SIMULATED_NS)));
        rows.add(row("page_ops", "page operations", Unit.COUNT, vs, v -> v.summaryValue(SummaryKeys.PAGE_OPS)));
        return new ComparisonTable(data, rows);
    }

    /** The rows, in display order. */
    public List<TableRow> rows() {
        return rows;
    }

    /** The variant labels heading the value columns. */
    public List<String> labels() {
        return data.labels();
    }

    /** The table as fixed-width text for a terminal: metric names left, one right-aligned column per variant. */
    public String render() {
        List<String> labels = labels();
        int first = "metric".length();
        for (TableRow r : rows) {
            first = Math.max(first, r.label().length());
        }
        int[] width = new int[labels.size()];
        for (int c = 0; c < labels.size(); c++) {
            width[c] = labels.get(c).length();
            for (TableRow r : rows) {
                width[c] = Math.max(width[c], Formats.display(r.unit(), r.values().get(c)).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, first, width, "metric", labels);
        char[] dashes = new char[first + Arrays.stream(width).map(w -> w + 2).sum()];
        Arrays.fill(dashes, '-');
        sb.append(dashes).append('\n');
        for (TableRow r : rows) {
            List<String> cells = new ArrayList<>();
            for (Object v : r.values()) {
                cells.add(Formats.display(r.unit(), v));
            }
            line(sb, first, width, r.label(), cells);
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, int first, int[] width, String head, List<String> cells) {
        sb.append(head).append(" ".repeat(first - head.length()));
        for (int c = 0; c < cells.size(); c++) {
            String cell = cells.get(c);
            sb.append("  ").append(" ".repeat(width[c] - cell.length())).append(cell);
        }
        sb.append('\n');
    }

    private interface Cell {
        Object of(VariantReport v);
    }

    private static TableRow row(String key, String label, Unit unit, List<VariantReport> vs, Cell cell) {
        List<Object> values = new ArrayList<>();
        for (VariantReport v : vs) {
            values.add(cell.of(v));
        }
        return new TableRow(key, label, unit, values);
    }

    /**
     * The first victims as {@code comm(pid)}, space-separated, then {@code +N more}; "-" when nothing was killed
     * (compare.json lists every kill).
     */
    private static String victims(VariantReport v) {
        if (v.oomKills().isEmpty()) {
            return "-";
        }
        StringBuilder sb = new StringBuilder();
        int shown = Math.min(v.oomKills().size(), MAX_VICTIMS_SHOWN);
        for (int i = 0; i < shown; i++) {
            OomMark m = v.oomKills().get(i);
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(m.name()).append('(').append(m.pid()).append(')');
        }
        if (v.oomKills().size() > shown) {
            sb.append(" +").append(v.oomKills().size() - shown).append(" more");
        }
        return sb.toString();
    }

    /** thp_fault_alloc / (thp_fault_alloc + thp_fault_fallback) in percent; null when no THP fault happened. */
    private static Double thpSuccess(VariantReport v) {
        long ok = v.summaryValue(SummaryKeys.THP_FAULT_ALLOC);
        long total = ok + v.summaryValue(SummaryKeys.THP_FAULT_FALLBACK);
        return total == 0 ? null : 100.0 * ok / total;
    }

    /** Every GFP class any variant allocated with, in first-seen order. */
    private static Set<String> gfpClasses(List<VariantReport> vs) {
        Set<String> out = new LinkedHashSet<>();
        for (VariantReport v : vs) {
            out.addAll(v.latency().keySet());
        }
        return out;
    }
}
