package io.slowpath.core.scenario;

import java.util.Locale;

/**
 * A small deterministic JSON writer (two-space indentation, members in the order written, numbers as Java prints
 * longs, doubles with up to 6 decimals): enough for summary files without a JSON library.
 */
public final class Json {
    private final StringBuilder sb = new StringBuilder();
    private int depth;
    private boolean first = true;

    /** Starts the top-level object. */
    public Json() {
        sb.append('{');
        depth = 1;
    }

    private void key(String name) {
        sb.append(first ? "\n" : ",\n");
        first = false;
        sb.append("  ".repeat(depth));
        if (name != null) {
            sb.append(quote(name)).append(": ");
        }
    }

    /** A string member (null writes null). */
    public Json put(String name, String value) {
        key(name);
        sb.append(value == null ? "null" : quote(value));
        return this;
    }

    /** A whole-number member. */
    public Json put(String name, long value) {
        key(name);
        sb.append(value);
        return this;
    }

    /** A number member; NaN and infinities write null. */
    public Json put(String name, double value) {
        key(name);
        sb.append(Double.isFinite(value) ? number(value) : "null");
        return this;
    }

    /** Opens an object member ({@code name} null inside an array). */
    public Json object(String name) {
        key(name);
        sb.append('{');
        depth++;
        first = true;
        return this;
    }

    /** Opens an array member. */
    public Json array(String name) {
        key(name);
        sb.append('[');
        depth++;
        first = true;
        return this;
    }

    /** Closes the innermost object. */
    public Json end() {
        return close('}');
    }

    /** Closes the innermost array. */
    public Json endArray() {
        return close(']');
    }

    private Json close(char c) {
        depth--;
        if (!first) {
            sb.append('\n').append("  ".repeat(depth));
        }
        sb.append(c);
        first = false;
        return this;
    }

    /** The document, closing the top-level object, with a final newline. */
    @Override
    public String toString() {
        if (depth != 1) {
            throw new IllegalStateException("unbalanced JSON: " + (depth - 1) + " open object(s) or array(s)");
        }
        return sb + (first ? "}" : "\n}") + "\n";
    }

    /** A JSON string literal. */
    public static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static String number(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        String s = String.format(Locale.ROOT, "%.6f", d);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s + "0" : s;
    }
}
