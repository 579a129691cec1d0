package io.slowpath.core.proc;

/**
 * printf-style padding without {@link String#format}: the kernel's {@code %6lu}, {@code %8s} and {@code %-43s}.
 * Kept free of locales so that digits and grouping never change with the JVM's default locale.
 */
final class Columns {
    private Columns() {
    }

    /** Appends {@code value} right-aligned in {@code width} columns ({@code %Nlu}, {@code %Nd}). */
    static StringBuilder right(StringBuilder out, long value, int width) {
        return right(out, Long.toString(value), width);
    }

    /** Appends {@code text} right-aligned in {@code width} columns ({@code %Ns}); longer text is not cut. */
    static StringBuilder right(StringBuilder out, String text, int width) {
        for (int i = text.length(); i < width; i++) {
            out.append(' ');
        }
        return out.append(text);
    }

    /** Appends {@code text} left-aligned and padded to {@code width} columns ({@code %-Ns}); longer text is not cut. */
    static StringBuilder left(StringBuilder out, String text, int width) {
        out.append(text);
        for (int i = text.length(); i < width; i++) {
            out.append(' ');
        }
        return out;
    }
}
