package io.slowpath.api;

/**
 * Models lib/ratelimit.c: {@code ___ratelimit} (Linux 3.10) on simulated time: at most {@code burst} events per
 * window of {@code intervalNs}; the first event opens the first window, and a new one opens only strictly after the
 * interval. The kernel prints "callbacks suppressed" when a window opens after suppressions; here
 * {@link #takeSuppressed()} hands that number to the caller once, to print in its own words.
 *
 * <p>Not thread-safe: one simulated kernel's printing path uses it.
 */
public final class Ratelimit {
    /** {@code DEFAULT_RATELIMIT_INTERVAL}: 5 seconds. */
    public static final long DEFAULT_INTERVAL_NS = 5_000_000_000L;
    /** {@code DEFAULT_RATELIMIT_BURST}. */
    public static final int DEFAULT_BURST = 10;

    private final long intervalNs;
    private final int burst;
    private boolean started;
    private long begin;
    private int printed;
    private int missed;
    private int suppressedToReport;

    /** {@code DEFINE_RATELIMIT_STATE(name, DEFAULT_RATELIMIT_INTERVAL, DEFAULT_RATELIMIT_BURST)}. */
    public Ratelimit() {
        this(DEFAULT_INTERVAL_NS, DEFAULT_BURST);
    }

    /** A rate limit of {@code burst} events per {@code intervalNs} of simulated time. */
    public Ratelimit(long intervalNs, int burst) {
        if (intervalNs <= 0 || burst <= 0) {
            throw new IllegalArgumentException("ratelimit needs a positive interval and burst, got " + intervalNs
                + " ns and " + burst);
        }
        this.intervalNs = intervalNs;
        this.burst = burst;
    }

    /** Whether an event at simulated time {@code now} may go ahead (and counts it either way). */
    public boolean allow(long now) {
        if (!started) {
            started = true;
            begin = now;
        }
        if (now - begin > intervalNs) {
            if (missed > 0) {
                suppressedToReport = missed;
            }
            begin = now;
            printed = 0;
            missed = 0;
        }
        if (printed < burst) {
            printed++;
            return true;
        }
        missed++;
        return false;
    }

    /** The events suppressed in the window that just closed, to report now (0 when none); then forgotten. */
    public int takeSuppressed() {
        int n = suppressedToReport;
        suppressedToReport = 0;
        return n;
    }
}
