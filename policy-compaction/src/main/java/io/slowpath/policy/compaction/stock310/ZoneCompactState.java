package io.slowpath.policy.compaction.stock310;

/**
 * The compaction fields of one {@code struct zone} (Linux 3.10): where the scanners start next time, the skip-hint
 * flush flag and the deferral state, with the inline deferral functions of include/linux/compaction.h.
 */
final class ZoneCompactState {
    /** {@code COMPACT_MAX_DEFER_SHIFT}: compaction is skipped at most 64 times in a row. */
    static final int COMPACT_MAX_DEFER_SHIFT = 6;

    /** {@code compact_cached_migrate_pfn}: 0 at boot, outside the zone, so the zone start is used. */
    long cachedMigratePfn;
    /** {@code compact_cached_free_pfn}: 0 at boot, so the aligned zone end is used (unless the zone starts at 0). */
    long cachedFreePfn;
    /** {@code compact_blockskip_flush}: a direct compaction ran the scanners to the meeting point. */
    boolean blockskipFlush;
    /** {@code compact_considered}: attempts counted since the last deferral. */
    long considered;
    /** {@code compact_defer_shift}: 0..COMPACT_MAX_DEFER_SHIFT. */
    int deferShift;
    /** {@code compact_order_failed}: deferral applies to orders at or above it. */
    int orderFailed;

    /** Models include/linux/compaction.h: compaction_deferred (Linux 3.10); counts the attempt. */
    boolean deferred(int order) {
        long limit = 1L << deferShift;
        if (order < orderFailed) {
            return false;
        }
        if (++considered > limit) {
            considered = limit;
        }
        return considered < limit;
    }

    /** Models include/linux/compaction.h: defer_compaction (Linux 3.10). */
    void defer(int order) {
        considered = 0;
        deferShift++;
        if (order < orderFailed) {
            orderFailed = order;
        }
        if (deferShift > COMPACT_MAX_DEFER_SHIFT) {
            deferShift = COMPACT_MAX_DEFER_SHIFT;
        }
    }

    /** The reset after a successful direct compaction, inline in mm/page_alloc.c: __alloc_pages_direct_compact. */
    void succeeded(int order) {
        blockskipFlush = false;
        considered = 0;
        deferShift = 0;
        if (order >= orderFailed) {
            orderFailed = order + 1;
        }
    }

    /** Models include/linux/compaction.h: compaction_restarting (Linux 3.10). */
    boolean restarting(int order) {
        if (order < orderFailed) {
            return false;
        }
        return deferShift == COMPACT_MAX_DEFER_SHIFT && considered >= 1L << deferShift;
    }
}
