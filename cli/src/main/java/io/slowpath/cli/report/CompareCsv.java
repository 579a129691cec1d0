package io.slowpath.cli.report;

import java.util.List;

/**
 * compare.csv: the comparison table with raw values (counts, nanoseconds, percentages with three decimals), one row
 * per metric and one column per variant, as RFC 4180 CSV with a header {@code metric,<label>,<label>...}.
 */
public final class CompareCsv {
    private CompareCsv() {
    }

    /** The table as CSV text (lines end with \n). */
    public static String render(ComparisonTable table) {
        StringBuilder sb = new StringBuilder();
        sb.append("metric");
        for (String l : table.labels()) {
            sb.append(',').append(quote(l));
        }
        sb.append('\n');
        for (TableRow r : table.rows()) {
            sb.append(quote(r.key()));
            List<Object> values = r.values();
            for (Object v : values) {
                sb.append(',').append(quote(Formats.raw(v)));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Quotes a field when it holds a comma, a quote or a line break, doubling quotes. */
    static String quote(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }
}
