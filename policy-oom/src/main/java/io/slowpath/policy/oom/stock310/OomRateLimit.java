package io.slowpath.policy.oom.stock310;

/**
 * Models lib/ratelimit.c: ___ratelimit for {@code oom_kill_process}'s {@code oom_rs}
 * ({@code DEFINE_RATELIMIT_STATE(oom_rs, DEFAULT_RATELIMIT_INTERVAL, DEFAULT_RATELIMIT_BURST)}: 5 s, 10), in
 * simulated time.
 */
final class OomRateLimit {
    static final long INTERVAL_NS = 5_000_000_000L;
    static final int BURST = 10;

    private boolean started;
    private long begin;
    private int printed;
    private int missed;
    private int suppressedToReport;

    /**
     * Whether a report may be printed at {@code now}. When a new window opens after suppressions,
     * {@link #takeSuppressed()} returns their number once (the kernel's "callbacks suppressed" line).
     */
    boolean allow(long now) {
        if (!started) {
            started = true;
            begin = now;
        }
        if (now - begin > INTERVAL_NS) {
            if (missed > 0) {
                suppressedToReport = missed;
            }
            begin = now;
            printed = 0;
            missed = 0;
        }
        if (printed < BURST) {
            printed++;
            return true;
        }
        missed++;
        return false;
    }

    /** The suppressions to report now (0 when none), then forgotten. */
    int takeSuppressed() {
        int n = suppressedToReport;
        suppressedToReport = 0;
        return n;
    }
}
