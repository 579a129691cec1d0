package io.slowpath.cli.report;

import java.util.List;

/**
 * Counters sampled over simulated time: named long columns, one row per sample. The first column is the sample time
 * in simulated milliseconds ({@code time_ms}).
 *
 * @param columns the column names
 * @param rows the samples, each as long as {@code columns}
 */
public record SeriesData(List<String> columns, List<long[]> rows) {
    /** Copies the lists and checks the row widths. */
    public SeriesData {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
        for (long[] r : rows) {
            if (r.length != columns.size()) {
                throw new IllegalArgumentException("a row has " + r.length + " values for " + columns.size()
                    + " columns");
            }
        }
    }

    /** Whether the series has this column. */
    public boolean has(String column) {
        return columns.contains(column);
    }

    /** One column's values, as doubles for plotting; empty when the series lacks it. */
    public double[] column(String name) {
        int i = columns.indexOf(name);
        double[] out = new double[i < 0 ? 0 : rows.size()];
        if (i >= 0) {
            for (int r = 0; r < rows.size(); r++) {
                out[r] = rows.get(r)[i];
            }
        }
        return out;
    }
}
