package io.slowpath.core.zone;

import io.slowpath.api.PageOrder;
import java.math.BigInteger;

/**
 * The per-zone arithmetic of {@code __setup_per_zone_wmarks} and the reserve-block count of
 * {@code setup_zone_migrate_reserve} (mm/page_alloc.c, Linux 3.10). All values are in pages.
 *
 * @param min  {@code watermark[WMARK_MIN]}
 * @param low  {@code watermark[WMARK_LOW]}
 * @param high {@code watermark[WMARK_HIGH]}
 */
public record Watermarks(long min, long low, long high) {
    /** {@code WMARK_MIN}, {@code WMARK_LOW}, {@code WMARK_HIGH}: the indexes of {@code watermark[]}. */
    public static final int WMARK_MIN = 0;
    /** See {@link #WMARK_MIN}. */
    public static final int WMARK_LOW = 1;
    /** See {@link #WMARK_MIN}. */
    public static final int WMARK_HIGH = 2;
    /** At most this many MIGRATE_RESERVE pageblocks per zone. */
    public static final int MAX_RESERVE_BLOCKS = 2;

    /** The watermarks of an empty zone, and of every zone before the first setup: all zero. */
    public static final Watermarks ZERO = new Watermarks(0, 0, 0);

    /** Checks that the marks are not negative and ordered min &lt;= low &lt;= high. */
    public Watermarks {
        if (min < 0 || low < min || high < low) {
            throw new IllegalArgumentException("watermarks need 0 <= min <= low <= high, got min=" + min + " low="
                + low + " high=" + high);
        }
    }

    /**
     * Models mm/page_alloc.c: __setup_per_zone_wmarks (Linux 3.10) for one lowmem zone (x86_64 has no highmem):
     * {@code tmp = pages_min * managed / lowmem_pages} (64-bit), min = tmp, low = min + tmp/4, high = min + tmp/2.
     *
     * @param pagesMin     {@code min_free_kbytes >> 2}
     * @param managed      the zone's {@code managed_pages}
     * @param lowmemPages  {@code managed_pages} summed over every zone of every node
     */
    public static Watermarks forZone(long pagesMin, long managed, long lowmemPages) {
        if (pagesMin < 0 || managed < 0) {
            throw new IllegalArgumentException("pages_min and managed must not be negative, got " + pagesMin + " and "
                + managed);
        }
        if (lowmemPages <= 0 || managed > lowmemPages) {
            throw new IllegalArgumentException("lowmem_pages must be positive and at least the zone's managed pages,"
                + " got lowmem_pages=" + lowmemPages + " managed=" + managed);
        }
        long tmp = share(pagesMin, managed, lowmemPages);
        return new Watermarks(tmp, tmp + (tmp >> 2), tmp + (tmp >> 1));
    }

    /** The watermark with the kernel's index (0 min, 1 low, 2 high). */
    public long get(int wmarkIndex) {
        return switch (wmarkIndex) {
            case WMARK_MIN -> min;
            case WMARK_LOW -> low;
            case WMARK_HIGH -> high;
            default -> throw new IllegalArgumentException("watermark index " + wmarkIndex + " is not 0, 1 or 2");
        };
    }

    /**
     * The number of MIGRATE_RESERVE pageblocks {@code setup_zone_migrate_reserve} aims for:
     * {@code min(2, roundup(min, pageblock_nr_pages) / pageblock_nr_pages)}. Which blocks (the first fully usable
     * MOVABLE ones) is up to the caller; a zone with fewer such blocks gets fewer.
     */
    public int reserveBlockTarget() {
        long blocks = (min + PageOrder.PAGEBLOCK_NR_PAGES - 1) / PageOrder.PAGEBLOCK_NR_PAGES;
        return (int) Math.min(MAX_RESERVE_BLOCKS, blocks);
    }

    /** {@code a * b / c} rounded down, exact even when the product leaves 64 bits. */
    private static long share(long a, long b, long c) {
        long hi = Math.multiplyHigh(a, b);
        if (hi == 0 && a * b >= 0) {
            return a * b / c;
        }
        return BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).divide(BigInteger.valueOf(c)).longValueExact();
    }
}
