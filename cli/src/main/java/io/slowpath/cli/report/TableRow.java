package io.slowpath.cli.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One row of the comparison table: a metric and its value in each variant. A value is a {@link Long}, a
 * {@link Double}, a {@link String} or null (the metric does not apply to that variant).
 *
 * @param key the metric's stable machine name (the first column of compare.csv)
 * @param label the metric as the terminal and HTML tables name it
 * @param unit how values are shown
 * @param values one value per variant, in variant order
 */
public record TableRow(String key, String label, Unit unit, List<Object> values) {
    /** Copies the values (which may contain nulls). */
    public TableRow {
        values = Collections.unmodifiableList(new ArrayList<>(values));
    }

    /** How a row's values are shown to people; compare.csv and compare.json always carry the raw value. */
    public enum Unit {
        /** A count, shown as an integer. */
        COUNT,
        /** A duration in nanoseconds, shown scaled (ns, us, ms, s). */
        NANOS,
        /** A percentage, shown with one decimal. */
        PERCENT,
        /** Free text. */
        TEXT
    }
}
