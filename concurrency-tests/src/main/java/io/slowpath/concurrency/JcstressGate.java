package io.slowpath.concurrency;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs jcstress ({@code org.openjdk.jcstress.Main}) with the given arguments and exits with status 1 when a test
 * failed or errored, or when jcstress did not get to its summary (no tests matched, a fork crashed, bad options).
 * jcstress 0.16 signals failed tests only by throwing at the very end, and a run that matched nothing exits 0, so this
 * also reads the text summary ("Failed tests: ..." / "Error tests: ...") and lists what went wrong.
 */
public final class JcstressGate {
    private JcstressGate() {
    }

    /** Runs jcstress with {@code args} and exits non-zero if it reported any failed or errored test. */
    public static void main(String[] args) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        System.setOut(new PrintStream(new Tee(original, copy), true, StandardCharsets.UTF_8));
        Throwable thrown = null;
        try {
            org.openjdk.jcstress.Main.main(args);
        } catch (Exception | AssertionError e) {
            // jcstress ends a run with failed tests by throwing "TEST FAILURES"; report it with the summary below.
            thrown = e;
        } finally {
            System.out.flush();
            System.setOut(original);
        }
        List<String> problems = problems(copy.toString(StandardCharsets.UTF_8));
        if (thrown != null) {
            problems.add("jcstress threw " + thrown);
        }
        if (!problems.isEmpty()) {
            original.println();
            original.println("JcstressGate: FAILED");
            problems.forEach(p -> original.println("  " + p));
            original.flush();
            System.exit(1);
        }
        original.println("JcstressGate: no failed or errored jcstress tests");
        System.exit(0);
    }

    /** The reasons to fail found in jcstress's console output; empty when the run passed. */
    static List<String> problems(String output) {
        List<String> out = new ArrayList<>();
        boolean summary = false;
        for (String raw : output.split("[\r\n]+")) {
            String line = raw.trim();
            if (line.contains("RUN RESULTS:")) {
                summary = true;
            }
            if (line.startsWith("FATAL")) {
                out.add(line);
            }
            if ((line.contains("Failed tests:") || line.contains("Error tests:")) && !line.contains("No matches.")) {
                out.add(line);
            }
        }
        if (!summary) {
            out.add("no \"RUN RESULTS:\" summary in the jcstress output: it did not run to the end");
        }
        return out;
    }

    /** Writes everything to two streams. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }

        @Override
        public void flush() throws java.io.IOException {
            a.flush();
            b.flush();
        }
    }
}
