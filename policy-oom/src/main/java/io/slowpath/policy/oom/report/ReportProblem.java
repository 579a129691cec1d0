package io.slowpath.policy.oom.report;

/**
 * A line of a report the parser could not read, or read only in part.
 *
 * @param line the line number in the input (1-based)
 * @param text the line as found (prefixes stripped)
 * @param why  what was wrong
 */
public record ReportProblem(int line, String text, String why) {
    @Override
    public String toString() {
        return "line " + line + ": " + why + ": " + text;
    }
}
