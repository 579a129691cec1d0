package io.slowpath.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * One in-process run of the {@code slowpath} command line for the cli's tests: its exit code and what it printed on
 * standard output and standard error.
 */
public record CliRun(int code, String out, String err) {
    /** Runs {@code slowpath args...}, capturing both streams. */
    public static CliRun run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = SlowpathCommand.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
