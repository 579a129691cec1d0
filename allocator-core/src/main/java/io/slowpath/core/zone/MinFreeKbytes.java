package io.slowpath.core.zone;

import io.slowpath.api.MigrateType;
import io.slowpath.api.PageOrder;
import io.slowpath.core.config.KernelFlavour;

/**
 * The boot-time value of {@code vm.min_free_kbytes}: the kernel's default and the raise that transparent huge pages
 * ask for. Pure functions of their arguments.
 */
public final class MinFreeKbytes {
    /** {@code min_free_kbytes} is never set below this at boot. */
    public static final long FLOOR_KBYTES = 128;
    /**
     * {@code hugepage_init} clears every THP flag when {@code totalram_pages} is below 512 MiB of pages, so
     * khugepaged never starts and min_free_kbytes is not raised.
     */
    public static final long THP_MIN_TOTALRAM_PAGES = (512L << 20) / PageOrder.PAGE_SIZE;

    private MinFreeKbytes() {
    }

    /**
     * Models lib/int_sqrt.c: int_sqrt (Linux 3.10): the floor of the square root.
     *
     * @throws IllegalArgumentException if {@code x} is negative
     */
    public static long intSqrt(long x) {
        if (x < 0) {
            throw new IllegalArgumentException("int_sqrt of a negative number: " + x);
        }
        long y = (long) Math.sqrt((double) x);
        // The double root can be one off for large x; settle on the exact floor, comparing by division so that
        // nothing overflows near Long.MAX_VALUE.
        while (y > 0 && y > x / y) {
            y--;
        }
        while (y + 1 <= x / (y + 1)) {
            y++;
        }
        return y;
    }

    /**
     * Models mm/page_alloc.c: init_per_zone_wmark_min (Linux 3.10): {@code int_sqrt(16 * lowmem_kbytes)} clamped to
     * [128, the flavour's cap].
     *
     * @param lowmemKbytes {@code nr_free_buffer_pages() * 4} at the time of the call
     */
    public static long defaultFor(long lowmemKbytes, KernelFlavour flavour) {
        if (lowmemKbytes < 0) {
            throw new IllegalArgumentException("lowmem_kbytes must not be negative, got " + lowmemKbytes);
        }
        long v = intSqrt(Math.multiplyExact(lowmemKbytes, 16L));
        return Math.max(FLOOR_KBYTES, Math.min(v, flavour.minFreeKbytesCap()));
    }

    /**
     * Models mm/huge_memory.c: set_recommended_min_free_kbytes (Linux 3.10), the value only: two pageblocks per
     * populated zone for MIGRATE_RESERVE plus {@code MIGRATE_PCPTYPES^2} pageblocks per zone against fallbacks, at
     * most 5% of {@code nr_free_buffer_pages()}, in kB. The caller replaces min_free_kbytes only when this is larger.
     *
     * @param populatedZones    populated zones over all nodes ({@code for_each_populated_zone})
     * @param nrFreeBufferPages {@code nr_free_buffer_pages()} when it runs (managed minus high watermark, summed)
     */
    public static long thpRecommendedKbytes(int populatedZones, long nrFreeBufferPages) {
        if (populatedZones < 0 || nrFreeBufferPages < 0) {
            throw new IllegalArgumentException("populated zones and nr_free_buffer_pages must not be negative, got "
                + populatedZones + " and " + nrFreeBufferPages);
        }
        long perZone = 2 + (long) MigrateType.MIGRATE_PCPTYPES * MigrateType.MIGRATE_PCPTYPES;
        long recommended = PageOrder.PAGEBLOCK_NR_PAGES * populatedZones * perZone;
        recommended = Math.min(recommended, nrFreeBufferPages / 20);
        return PageOrder.pagesToKb(recommended);
    }
}
