package io.slowpath.examples.custompolicy;

import io.slowpath.api.ZoneView;
import io.slowpath.api.compaction.CompactOutcome;
import io.slowpath.api.compaction.CompactRequest;
import io.slowpath.api.compaction.CompactResult;
import io.slowpath.api.compaction.CompactionPolicy;
import io.slowpath.api.mm.MmServices;

/**
 * A compaction policy that never compacts, and says so in the kernel log each time the slow path asks: the question
 * it helps answer is "how would this workload fare if direct compaction never ran?". Unlike a kernel without
 * compaction, it leaves a trace of every request it turned down ({@code never-compact: skipped order N}).
 *
 * <p>Settings ({@code slowpath.policy.compaction.never-compact}): {@code log} (default true) prints the line.
 */
public final class NeverCompactPolicy implements CompactionPolicy {
    private final boolean log;
    private long skipped;

    /**
     * A policy that never compacts.
     *
     * @param log whether each skipped request is logged
     */
    public NeverCompactPolicy(boolean log) {
        this.log = log;
    }

    /** Never deferred: the slow path always asks, so every request is seen (and turned down). */
    @Override
    public boolean compactionDeferred(MmServices mm, ZoneView zone, int order) {
        return false;
    }

    @Override
    public CompactOutcome tryToCompactPages(MmServices mm, CompactRequest request) {
        skipped++;
        if (log) {
            mm.log("never-compact: skipped order " + request.order() + " (" + (request.sync() ? "sync" : "async")
                + ", request " + skipped + ")");
        }
        return CompactOutcome.of(CompactResult.COMPACT_SKIPPED);
    }

    @Override
    public void compactionSucceeded(MmServices mm, ZoneView zone, int order) {
        // Never called after COMPACT_SKIPPED: nothing to reset.
    }

    @Override
    public void deferCompaction(MmServices mm, ZoneView zone, int order) {
        // Never called after COMPACT_SKIPPED: nothing to defer.
    }

    /** How many compaction requests this policy turned down. */
    public long skipped() {
        return skipped;
    }
}
