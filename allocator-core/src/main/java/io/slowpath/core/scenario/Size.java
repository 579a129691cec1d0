package io.slowpath.core.scenario;

import io.slowpath.api.PageOrder;

/**
 * An amount of memory in a scenario: bytes ({@code 512M}, {@code 2G}) or a percentage of the machine's memory
 * ({@code 150%}: of the managed pages of all populated zones), so one scenario file fits any machine size.
 */
record Size(long bytes, double percent) {
    static Size ofBytes(long bytes) {
        return new Size(bytes, -1);
    }

    static Size ofPercent(double percent) {
        return new Size(-1, percent);
    }

    /** The size in pages (at least 1) on a machine of {@code machinePages} managed pages. */
    long pages(long machinePages) {
        long p = percent >= 0 ? (long) Math.floor(machinePages * percent / 100.0) : bytes / PageOrder.PAGE_SIZE;
        return Math.max(1, p);
    }

    @Override
    public String toString() {
        return percent >= 0 ? percent + "%" : bytes + " bytes";
    }
}
