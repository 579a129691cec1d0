package io.slowpath.api.reclaim;

import io.slowpath.api.NodeView;
import io.slowpath.api.ZoneView;
import io.slowpath.api.mm.MmServices;

/**
 * Background reclaim: one kswapd per node. The slow path calls {@link #wakeup} for each zone of the zonelist (step
 * S3, {@code wakeup_kswapd}); the simulated kernel runs kswapd as its own actor and calls {@link #run} whenever the
 * policy asked to run.
 */
public interface KswapdPolicy {
    /** Returned by {@link #run} to sleep until the next {@link #wakeup} that returns true. */
    long SLEEP = -1;

    /**
     * {@code wakeup_kswapd(zone, order, classzone_idx)}: records the request and says whether the node's kswapd should
     * be scheduled now (3.10 wakes it only when the zone is below its low watermark).
     */
    boolean wakeup(MmServices mm, ZoneView zone, int order, int classzoneIdx);

    /**
     * Runs kswapd of {@code node} for one slice of work ({@code balance_pgdat} or part of it). Simulated time spent is
     * charged through {@link MmServices#spend}.
     *
     * @return the simulated nanoseconds until kswapd wants to run again, or {@link #SLEEP}
     */
    long run(MmServices mm, NodeView node);
}
