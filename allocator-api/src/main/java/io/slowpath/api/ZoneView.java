package io.slowpath.api;

/**
 * A read-only view of one zone ({@code struct zone}) of a simulated machine. Sizes and counters are in pages.
 * Values are read without a lock, so under concurrent allocation they are a recent snapshot; at quiescence they are exact.
 */
public interface ZoneView {
    /** The node this zone belongs to. */
    int nodeId();

    /** The zone type; its index is {@code zone_idx}. */
    ZoneType type();

    /** {@code zone_start_pfn}. */
    long startPfn();

    /** {@code spanned_pages}: the pfn range including holes. */
    long spannedPages();

    /** {@code present_pages}: spanned minus holes. */
    long presentPages();

    /** {@code managed_pages}: present minus what boot reserved; what the buddy allocator owns. */
    long managedPages();

    /** {@code populated_zone()}: present pages are not zero. */
    default boolean populated() {
        return presentPages() != 0;
    }

    /** {@code NR_FREE_PAGES}: pages free in the buddy free areas (not on per-CPU lists). */
    long freePages();

    /** {@code free_area[order].nr_free}: free blocks of this order over all migrate types. */
    long nrFree(int order);

    /** Free blocks of this order on the list of one migrate type ({@code free_list[mt]} length). */
    long nrFree(int order, MigrateType type);

    /** {@code watermark[WMARK_MIN]}. */
    long minWatermark();

    /** {@code watermark[WMARK_LOW]}. */
    long lowWatermark();

    /** {@code watermark[WMARK_HIGH]}. */
    long highWatermark();

    /** {@code lowmem_reserve[classzoneIdx]}: pages this zone keeps free for an allocation of that class zone. */
    long lowmemReserve(int classzoneIdx);

    /** Pageblocks of this migrate type, counted as /proc/pagetypeinfo counts them. */
    long pageblocks(MigrateType type);

    /** Pages on the per-CPU lists of simulated CPU {@code cpu} ({@code pcp->count}). */
    int pcpCount(int cpu);

    /** {@code pcp->high} of this zone's per-CPU lists. */
    int pcpHigh();

    /** {@code pcp->batch} of this zone's per-CPU lists. */
    int pcpBatch();

    /** A zone counter ({@code zone_page_state}): the value /proc/zoneinfo prints for it. */
    long stat(ZoneStatItem item);

    /** {@code pages_scanned}: pages scanned by reclaim since the last free into this zone. */
    long pagesScanned();

    /** {@code all_unreclaimable}, as set by reclaim and cleared by a free into the zone. */
    boolean allUnreclaimable();

    /** {@code inactive_ratio}: int_sqrt(10 x GB of managed memory), 1 below 1 GB. */
    int inactiveRatio();

    /** The vmstat {@code stat_threshold} of this zone's per-CPU counters. */
    int statThreshold();

    /** The zone name as the kernel prints it. */
    default String name() {
        return type().kernelName();
    }
}
