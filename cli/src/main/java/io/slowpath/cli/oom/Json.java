package io.slowpath.cli.oom;

import java.util.List;
import java.util.Locale;

/**
 * A small JSON writer: keys in the order written (so output is stable), strings escaped per RFC 8259. Values are
 * numbers, booleans, strings, null, or nested objects and arrays opened and closed by the caller.
 */
final class Json {
    private final StringBuilder out = new StringBuilder(4096);
    private final String indentUnit;
    private int depth;
    private boolean first = true;

    Json(boolean pretty) {
        this.indentUnit = pretty ? "  " : "";
    }

    Json beginObject() {
        value("{");
        depth++;
        first = true;
        return this;
    }

    Json endObject() {
        depth--;
        if (!first) {
            newline();
        }
        out.append('}');
        first = false;
        return this;
    }

    Json beginArray() {
        value("[");
        depth++;
        first = true;
        return this;
    }

    Json endArray() {
        depth--;
        if (!first) {
            newline();
        }
        out.append(']');
        first = false;
        return this;
    }

    /** Starts a member: the value (or object/array) follows. */
    Json key(String k) {
        separator();
        out.append(quote(k)).append(indentUnit.isEmpty() ? ":" : ": ");
        pendingKey = true;
        return this;
    }

    Json field(String k, long v) {
        return key(k).raw(Long.toString(v));
    }

    Json field(String k, boolean v) {
        return key(k).raw(Boolean.toString(v));
    }

    Json field(String k, String v) {
        return key(k).raw(v == null ? "null" : quote(v));
    }

    Json fieldOrNull(String k, long v) {
        return key(k).raw(v < 0 ? "null" : Long.toString(v));
    }

    Json string(String v) {
        return raw(v == null ? "null" : quote(v));
    }

    Json number(long v) {
        return raw(Long.toString(v));
    }

    Json strings(String k, List<String> values) {
        key(k).beginArray();
        for (String v : values) {
            string(v);
        }
        return endArray();
    }

    private boolean pendingKey;

    private Json raw(String s) {
        if (!pendingKey) {
            separator();
        }
        pendingKey = false;
        out.append(s);
        first = false;
        return this;
    }

    private void value(String open) {
        if (!pendingKey) {
            separator();
        }
        pendingKey = false;
        out.append(open);
    }

    private void separator() {
        if (!first) {
            out.append(',');
        }
        newline();
        first = false;
    }

    private void newline() {
        if (!indentUnit.isEmpty() && out.length() > 0) {
            out.append('\n');
            out.append(indentUnit.repeat(Math.max(0, depth)));
        }
    }

    @Override
    public String toString() {
        return out.toString();
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
