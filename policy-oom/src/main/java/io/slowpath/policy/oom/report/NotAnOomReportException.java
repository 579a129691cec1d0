package io.slowpath.policy.oom.report;

/** The input holds no OOM report. The message is one line naming the input. */
public final class NotAnOomReportException extends IllegalArgumentException {
    /** With a one-line message. */
    public NotAnOomReportException(String message) {
        super(message);
    }
}
