package io.slowpath.core.zone;

/** The anon LRU's {@code inactive_ratio} of a zone. */
public final class InactiveRatio {
    private InactiveRatio() {
    }

    /**
     * Models mm/page_alloc.c: calculate_zone_inactive_ratio (Linux 3.10): {@code int_sqrt(10 * gb)} where gb is the
     * managed size in whole GiB, or 1 for a zone under 1 GiB.
     */
    public static int forManaged(long managedPages) {
        if (managedPages < 0) {
            throw new IllegalArgumentException("managed pages must not be negative, got " + managedPages);
        }
        long gb = managedPages >> (30 - 12);
        return gb == 0 ? 1 : (int) MinFreeKbytes.intSqrt(10 * gb);
    }
}
