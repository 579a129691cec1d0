package io.slowpath.core.zone;

/**
 * The per-CPU counter thresholds of a zone (mm/vmstat.c, Linux 3.10): how far a CPU's {@code vm_stat_diff} may
 * drift before it is folded into the zone counter, and the {@code percpu_drift_mark} below which
 * {@code zone_watermark_ok_safe} reads the exact sum.
 */
public final class VmstatThresholds {
    /** No threshold is above this. */
    public static final int MAX_THRESHOLD = 125;

    private VmstatThresholds() {
    }

    /** {@code fls(x)}: the 1-based index of the highest set bit, 0 for 0. */
    public static int fls(long x) {
        if (x < 0) {
            throw new IllegalArgumentException("fls of a negative number: " + x);
        }
        return 64 - Long.numberOfLeadingZeros(x);
    }

    /**
     * Models mm/vmstat.c: calculate_normal_threshold (Linux 3.10):
     * {@code min(125, 2 * fls(cpus) * (1 + fls(managed >> 15)))}, the zone size counted in 128 MiB units.
     */
    public static int normal(long managedPages, int onlineCpus) {
        checkCpus(onlineCpus);
        if (managedPages < 0) {
            throw new IllegalArgumentException("managed pages must not be negative, got " + managedPages);
        }
        long mem = managedPages >> (27 - 12);
        long t = 2L * fls(onlineCpus) * (1 + fls(mem));
        return (int) Math.min(MAX_THRESHOLD, t);
    }

    /**
     * Models mm/vmstat.c: calculate_pressure_threshold (Linux 3.10), the smaller threshold kswapd sets while it runs
     * so drift cannot hide a breach of the min watermark: {@code min(125, max(1, (low - min) / cpus))}.
     */
    public static int pressure(Watermarks w, int onlineCpus) {
        checkCpus(onlineCpus);
        long distance = w.low() - w.min();
        return (int) Math.min(MAX_THRESHOLD, Math.max(1, distance / onlineCpus));
    }

    /**
     * The {@code percpu_drift_mark} that mm/vmstat.c: refresh_zone_stat_thresholds (Linux 3.10) sets when it runs
     * with these watermarks: {@code high + cpus * threshold} when {@code cpus * threshold > low - min}, else
     * {@code previous} (the kernel never clears the mark; it starts at 0).
     */
    public static long driftMark(Watermarks w, int threshold, int onlineCpus, long previous) {
        checkCpus(onlineCpus);
        long maxDrift = (long) onlineCpus * threshold;
        long tolerate = w.low() - w.min();
        return maxDrift > tolerate ? w.high() + maxDrift : previous;
    }

    private static void checkCpus(int cpus) {
        if (cpus < 1) {
            throw new IllegalArgumentException("online cpus must be at least 1, got " + cpus);
        }
    }
}
