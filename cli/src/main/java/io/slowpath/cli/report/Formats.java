package io.slowpath.cli.report;

import java.util.Locale;

/** How numbers are shown to people: locale-independent, so the same run prints the same bytes everywhere. */
final class Formats {
    private Formats() {
    }

    /** A cell of a table row as the terminal and HTML show it; "-" for a missing value. */
    static String display(TableRow.Unit unit, Object value) {
        if (value == null) {
            return "-";
        }
        return switch (unit) {
            case COUNT -> String.valueOf(value);
            case NANOS -> duration(((Number) value).longValue());
            case PERCENT -> String.format(Locale.ROOT, "%.1f%%", ((Number) value).doubleValue());
            case TEXT -> value.toString();
        };
    }

    /** The raw value as compare.csv writes it: integers as digits, doubles with three decimals, "" when missing. */
    static String raw(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Double d) {
            return String.format(Locale.ROOT, "%.3f", d);
        }
        return value.toString();
    }

    /** A duration scaled to its unit: 850 ns, 12.3 us, 4.56 ms, 1.234 s. */
    static String duration(long ns) {
        long abs = Math.abs(ns);
        if (abs < 1_000L) {
            return ns + " ns";
        }
        if (abs < 1_000_000L) {
            return String.format(Locale.ROOT, "%.1f us", ns / 1e3);
        }
        if (abs < 1_000_000_000L) {
            return String.format(Locale.ROOT, "%.2f ms", ns / 1e6);
        }
        return String.format(Locale.ROOT, "%.3f s", ns / 1e9);
    }
}
