package io.slowpath.core.json;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A small deterministic JSON writer: members in the order written, strings escaped per RFC 8259, whole numbers as Java
 * prints longs, doubles with up to 6 decimals (NaN and infinities as null), two-space indentation (or none, compact).
 *
 * <p>{@link #Json()} starts a document whose top level is an object (closed, with a final newline, by
 * {@link #toString()}); {@link #writer(boolean)} gives a bare writer whose caller opens and closes the top-level value.
 * A member is written with a name ({@code put}, {@code object}, {@code array}, {@code tree}), or as {@link #key} then
 * a value; an array element is written with a null name or by the {@code value} methods.
 */
public final class Json {
    private final StringBuilder sb = new StringBuilder();
    private final String indentUnit;
    private final boolean document;
    private int depth;
    private boolean first = true;
    private boolean pendingKey;

    /** Starts a pretty-printed document whose top level is an object. */
    public Json() {
        this.indentUnit = "  ";
        this.document = true;
        sb.append('{');
        depth = 1;
    }

    private Json(boolean pretty, boolean document) {
        this.indentUnit = pretty ? "  " : "";
        this.document = document;
    }

    /** A bare writer: the caller opens the top-level value; {@link #toString()} gives the text as written. */
    public static Json writer(boolean pretty) {
        return new Json(pretty, false);
    }

    /**
     * A value tree as pretty-printed JSON text with a final newline: maps (written in their iteration order, so a
     * LinkedHashMap gives a stable key order), lists, strings, numbers, booleans and null.
     */
    public static String write(Object tree) {
        return writer(true).any(tree) + "\n";
    }

    /** Starts a member whose value the next call writes ({@code value}, or {@code object}/{@code array} unnamed). */
    public Json key(String name) {
        separator();
        sb.append(quote(name)).append(indentUnit.isEmpty() ? ":" : ": ");
        pendingKey = true;
        return this;
    }

    /** A string member (null writes null). */
    public Json put(String name, String value) {
        return slot(name).raw(value == null ? "null" : quote(value));
    }

    /** A whole-number member. */
    public Json put(String name, long value) {
        return slot(name).raw(Long.toString(value));
    }

    /** A number member; NaN and infinities write null. */
    public Json put(String name, double value) {
        return slot(name).raw(Double.isFinite(value) ? number(value) : "null");
    }

    /** A boolean member. */
    public Json put(String name, boolean value) {
        return slot(name).raw(Boolean.toString(value));
    }

    /** A string value: an array element or the value of a pending {@link #key} (null writes null). */
    public Json value(String value) {
        return put(null, value);
    }

    /** A whole-number value: an array element or the value of a pending {@link #key}. */
    public Json value(long value) {
        return put(null, value);
    }

    /** A value tree member (see {@link #write(Object)}); {@code name} null for an element or after {@link #key}. */
    public Json tree(String name, Object value) {
        return slot(name).any(value);
    }

    /** Opens an object member ({@code name} null inside an array, after {@link #key} or at the top level). */
    public Json object(String name) {
        slot(name).raw("{");
        depth++;
        first = true;
        return this;
    }

    /** Opens an array member ({@code name} null inside an array, after {@link #key} or at the top level). */
    public Json array(String name) {
        slot(name).raw("[");
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
            newline();
        }
        sb.append(c);
        first = false;
        return this;
    }

    /** The text: a document is closed (its top-level object) and ends with a newline; a bare writer's as written. */
    @Override
    public String toString() {
        if (!document) {
            return sb.toString();
        }
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

    /** Starts a slot for a value: a named member, the value of a pending key, or an element. */
    private Json slot(String name) {
        if (name != null) {
            key(name);
        }
        return this;
    }

    private Json raw(String text) {
        if (!pendingKey) {
            separator();
        }
        pendingKey = false;
        sb.append(text);
        first = false;
        return this;
    }

    private Json any(Object v) {
        if (v == null) {
            return raw("null");
        } else if (v instanceof String s) {
            return value(s);
        } else if (v instanceof Double d) {
            return put(null, d.doubleValue());
        } else if (v instanceof Number || v instanceof Boolean) {
            return raw(v.toString());
        } else if (v instanceof Map<?, ?> m) {
            object(null);
            for (Map.Entry<?, ?> e : m.entrySet()) {
                key(String.valueOf(e.getKey())).any(e.getValue());
            }
            return end();
        } else if (v instanceof List<?> l) {
            array(null);
            for (Object e : l) {
                any(e);
            }
            return endArray();
        }
        throw new IllegalArgumentException("cannot write a " + v.getClass().getName() + " as JSON");
    }

    private void separator() {
        if (!first) {
            sb.append(',');
        }
        newline();
        first = false;
    }

    private void newline() {
        if (!indentUnit.isEmpty() && sb.length() > 0) {
            sb.append('\n').append(indentUnit.repeat(depth));
        }
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
