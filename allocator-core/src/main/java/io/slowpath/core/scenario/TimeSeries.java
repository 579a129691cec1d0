package io.slowpath.core.scenario;

import java.util.List;

/**
 * Counters over simulated time, one row per sample interval; every column is a long. The columns of a
 * {@link ScenarioRunner} run are {@link #COLUMNS}.
 *
 * @param columns the column names
 * @param rows    one array per sample, {@code columns.size()} long each, in time order
 */
public record TimeSeries(List<String> columns, List<long[]> rows) {
    /**
     * The columns a run samples: {@code time_ms}; {@code nr_free_pages} and the three watermarks (sums over the
     * populated zones); cumulative /proc/vmstat counts since the run started ({@code pgscan_kswapd},
     * {@code pgscan_direct}, {@code pgsteal_kswapd}, {@code pgsteal_direct} summed over zone types,
     * {@code allocstall}, {@code pswpout}, {@code compact_stall}, {@code compact_success}, {@code compact_fail});
     * {@code unusable_index_9} (the unusable free space index of order 9 in thousandths, of the populated zone with
     * the most managed pages); cumulative {@code stall_ms} and {@code oom_kills}; {@code nr_anon} (active + inactive
     * anon) and {@code nr_file} (active + inactive file) pages.
     */
    public static final List<String> COLUMNS = List.of("time_ms", "nr_free_pages", "wmark_min", "wmark_low",
        "wmark_high", "pgscan_kswapd", "pgscan_direct", "pgsteal_kswapd", "pgsteal_direct", "allocstall", "pswpout",
        "compact_stall", "compact_success", "compact_fail", "unusable_index_9", "stall_ms", "oom_kills", "nr_anon",
        "nr_file");

    /** Copies the lists; every row must have one value per column. */
    public TimeSeries {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
        for (long[] r : rows) {
            if (r.length != columns.size()) {
                throw new IllegalArgumentException("a row has " + r.length + " values for " + columns.size()
                    + " columns");
            }
        }
    }

    /** Equal when the columns and every value of every row are equal. */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TimeSeries t) || !columns.equals(t.columns) || rows.size() != t.rows.size()) {
            return false;
        }
        for (int i = 0; i < rows.size(); i++) {
            if (!java.util.Arrays.equals(rows.get(i), t.rows.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = columns.hashCode();
        for (long[] r : rows) {
            h = 31 * h + java.util.Arrays.hashCode(r);
        }
        return h;
    }

    /** The index of a column, or -1. */
    public int column(String name) {
        return columns.indexOf(name);
    }

    /** The values of one column over time. */
    public long[] values(String name) {
        int c = column(name);
        if (c < 0) {
            throw new IllegalArgumentException("no column '" + name + "' (columns: " + String.join(", ", columns) + ")");
        }
        long[] out = new long[rows.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = rows.get(i)[c];
        }
        return out;
    }

    /** The series as CSV: a header line of the column names, then one line per row. */
    public String toCsv() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.join(",", columns)).append('\n');
        for (long[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append(r[i]);
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
