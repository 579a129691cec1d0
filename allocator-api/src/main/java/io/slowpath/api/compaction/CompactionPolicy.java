package io.slowpath.api.compaction;

import io.slowpath.api.NodeView;
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

    /**
     * {@code compaction_suitable(zone, order)}: whether compaction of {@code zone} could give a free block of
     * {@code order} ({@code COMPACT_CONTINUE}), one is already there ({@code COMPACT_PARTIAL}), or it would not help
     * ({@code COMPACT_SKIPPED}). Reclaim and kswapd ask it (through {@link MmServices#compactionSuitable}) to stop
     * reclaiming for a high order once compaction can take over. The default answers as a kernel built without
     * {@code CONFIG_COMPACTION}, where those callers never see a suitable zone.
     */
    default CompactResult compactionSuitable(MmServices mm, ZoneView zone, int order) {
        return CompactResult.COMPACT_SKIPPED;
    }

    /**
     * Whether this policy stands for a kernel built with {@code CONFIG_COMPACTION}. Reclaim and kswapd guard their
     * compaction hand-offs with {@code IS_ENABLED(CONFIG_COMPACTION)} (should_continue_reclaim, compaction_ready,
     * kswapd's zone_balanced and test order): against a kernel without it they reclaim for a high order until the
     * watermarks of that order hold, while with it they stop once {@link #compactionSuitable} says compaction could
     * take over, so a policy whose {@code compactionSuitable} always answers {@code COMPACT_SKIPPED} should say false
     * here. The default is true; the built-in {@code off} says false.
     */
    default boolean configured() {
        return true;
    }

    /**
     * {@code compact_pgdat(pgdat, order)}: kswapd's compaction of every zone of {@code node} after it balanced the
     * node for a high-order wakeup. The default does nothing, as a kernel without {@code CONFIG_COMPACTION}.
     */
    default void compactPgdat(MmServices mm, NodeView node, int order) {
    }

    /**
     * {@code reset_isolation_suitable(pgdat)}: kswapd of {@code node} is going to sleep ({@code kswapd_try_to_sleep},
     * just before {@code schedule()}): a policy that keeps pageblock skip hints may forget them now. The simulated
     * kernel calls it each time the kswapd policy's {@code run} returns {@code SLEEP}. The default does nothing.
     */
    default void resetIsolationSuitable(MmServices mm, NodeView node) {
    }
}
