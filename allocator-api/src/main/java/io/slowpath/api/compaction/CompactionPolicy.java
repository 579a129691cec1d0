package io.slowpath.api.compaction;

import io.slowpath.api.ZoneView;
import io.slowpath.api.mm.MmServices;

/**
 * Direct compaction and its deferral, as the slow path uses them in {@code __alloc_pages_direct_compact} (steps S11
 * and S18). The policy owns the deferral state ({@code compact_considered}, {@code compact_defer_shift},
 * {@code compact_order_failed}); the slow path asks and reports through these calls in 3.10's order.
 */
public interface CompactionPolicy {
    /**
     * {@code compaction_deferred(zone, order)}: true to skip compaction this time. In 3.10 it has a side effect (it
     * counts the attempt).
     */
    boolean compactionDeferred(MmServices mm, ZoneView zone, int order);

    /** {@code try_to_compact_pages}: compacts the zonelist's zones for an allocation of {@code request.order()}. */
    CompactOutcome tryToCompactPages(MmServices mm, CompactRequest request);

    /** The reset after compaction led to a successful allocation (inline in {@code __alloc_pages_direct_compact}). */
    void compactionSucceeded(MmServices mm, ZoneView zone, int order);

    /** {@code defer_compaction(zone, order)}: synchronous compaction failed; back off. */
    void deferCompaction(MmServices mm, ZoneView zone, int order);
}
