package io.slowpath.core.zone;

import io.slowpath.api.PageOrder;

/**
 * The {@code high} and {@code batch} of a zone's per-CPU page lists ({@code struct per_cpu_pages}); every CPU of a
 * zone gets the same two numbers.
 *
 * @param high  {@code pcp->high}: free to the buddy once the list holds this many pages
 * @param batch {@code pcp->batch}: pages moved per refill or drain
 */
public record PcpLimits(int high, int batch) {
    /** {@code setup_pageset(p, 0)}: the limits of {@code boot_pageset} and of zones never given their own. */
    public static final PcpLimits BOOT = new PcpLimits(0, 1);
    /** The smallest value {@code vm.percpu_pagelist_fraction} accepts besides 0. */
    public static final int MIN_PERCPU_PAGELIST_FRACTION = 8;
    /** {@code setup_pagelist_highmark} caps batch at {@code PAGE_SHIFT * 8}. */
    public static final int MAX_FRACTION_BATCH = PageOrder.PAGE_SHIFT * 8;

    /** Checks that high is not negative and batch is at least 1. */
    public PcpLimits {
        if (high < 0 || batch < 1) {
            throw new IllegalArgumentException("pcp limits need high >= 0 and batch >= 1, got high=" + high
                + " batch=" + batch);
        }
    }

    /**
     * Models mm/page_alloc.c: zone_batchsize (Linux 3.10): about a thousandth of the zone, at most 512 KiB, divided
     * by 4, at least 1, then {@code rounddown_pow_of_two(b + b/2) - 1}. It is 0 for every zone under 8192 managed
     * pages (32 MiB), DMA included, and 31 from 90112 pages (352 MiB) up.
     */
    public static int zoneBatchsize(long managedPages) {
        if (managedPages < 0) {
            throw new IllegalArgumentException("managed pages must not be negative, got " + managedPages);
        }
        long batch = managedPages / 1024;
        long capPages = (512 * 1024) / PageOrder.PAGE_SIZE;
        if (batch > capPages) {
            batch = capPages;
        }
        batch /= 4;
        if (batch < 1) {
            batch = 1;
        }
        return (int) (Long.highestOneBit(batch + batch / 2) - 1);
    }

    /** Models mm/page_alloc.c: setup_pageset (Linux 3.10): high = 6 x batch, batch at least 1. */
    public static PcpLimits ofBatch(int batch) {
        if (batch < 0) {
            throw new IllegalArgumentException("batch must not be negative, got " + batch);
        }
        return new PcpLimits(6 * batch, Math.max(1, batch));
    }

    /** The limits {@code setup_zone_pageset} gives a populated zone at boot: {@code setup_pageset(zone_batchsize)}. */
    public static PcpLimits forZone(long managedPages) {
        return ofBatch(zoneBatchsize(managedPages));
    }

    /**
     * Models mm/page_alloc.c: setup_pagelist_highmark as {@code percpu_pagelist_fraction_sysctl_handler} calls it
     * (Linux 3.10): high = managed / fraction, batch = max(1, high / 4) capped at {@code PAGE_SHIFT * 8} = 96.
     *
     * @throws IllegalArgumentException if the fraction is below 8 (the sysctl's minimum)
     */
    public static PcpLimits forFraction(long managedPages, int fraction) {
        if (fraction < MIN_PERCPU_PAGELIST_FRACTION) {
            throw new IllegalArgumentException("percpu_pagelist_fraction must be at least "
                + MIN_PERCPU_PAGELIST_FRACTION + ", got " + fraction);
        }
        if (managedPages < 0) {
            throw new IllegalArgumentException("managed pages must not be negative, got " + managedPages);
        }
        long high = managedPages / fraction;
        if (high > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("pcp high " + high + " does not fit an int (zone of " + managedPages
                + " pages, fraction " + fraction + ")");
        }
        long batch = Math.max(1, high / 4);
        if (high / 4 > MAX_FRACTION_BATCH) {
            batch = MAX_FRACTION_BATCH;
        }
        return new PcpLimits((int) high, (int) batch);
    }
}
