package io.slowpath.core.scenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/** Buffers trace lines and writes them to a {@link Writer} in large chunks. */
final class TraceSink {
    private final Writer out;
    private final StringBuilder buf = new StringBuilder(1 << 16);

    TraceSink(Writer out) {
        this.out = out;
    }

    /** Starts a line {@code "<time> <pid> <op>"}; the caller appends {@code " arg"}s and calls {@link #end()}. */
    StringBuilder begin(long time, int pid, String op) {
        return buf.append(time).append(' ').append(pid).append(' ').append(op);
    }

    void end() {
        buf.append('\n');
        if (buf.length() > (1 << 16) - 256) {
            flush();
        }
    }

    void raw(String line) {
        buf.append(line).append('\n');
    }

    void flush() {
        try {
            out.write(buf.toString());
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the trace: " + e.getMessage(), e);
        }
        buf.setLength(0);
    }
}
