package io.slowpath.core.inject;

import io.slowpath.api.NodeView;
import io.slowpath.api.ZoneView;
import io.slowpath.api.compaction.CompactOutcome;
import io.slowpath.api.compaction.CompactRequest;
import io.slowpath.api.compaction.CompactResult;
import io.slowpath.api.compaction.CompactionPolicy;
import io.slowpath.api.mm.MmServices;
import io.slowpath.api.oom.OomOutcome;
import io.slowpath.api.oom.OomPolicy;
import io.slowpath.api.oom.OomRequest;
import io.slowpath.api.plugin.PolicyPlugin;
import io.slowpath.api.plugin.PolicyRegistrar;
import io.slowpath.api.reclaim.KswapdPolicy;
import io.slowpath.api.reclaim.ReclaimPolicy;
import io.slowpath.api.reclaim.ReclaimRequest;

/**
 * The built-in {@code off} policy of each kind: a kernel without that mechanism. They are real behaviours, not
 * placeholders, and registered through the same plugin mechanism as any other policy (this class is listed in
 * allocator-core's {@code META-INF/services/io.slowpath.api.plugin.PolicyPlugin}).
 * <ul>
 *   <li>kswapd {@code off}: there is no kswapd; {@code wakeup_kswapd} never wakes anything, so nothing reclaims in
 *       the background and free memory only comes back when tasks free it.</li>
 *   <li>reclaim {@code off}: this kernel has no page reclaim; {@code try_to_free_pages} always reports no progress
 *       (0), so the slow path goes on to the OOM path.</li>
 *   <li>compaction {@code off}: as a kernel built without {@code CONFIG_COMPACTION}; compaction is never deferred
 *       and always {@code COMPACT_SKIPPED}; reclaim and kswapd are told
 *       there is no {@code CONFIG_COMPACTION} ({@code configured()} is false).</li>
 *   <li>oom {@code off}: an OOM killer that never kills ({@link OomOutcome#none()}). An order-3-or-smaller
 *       allocation that nothing can satisfy then restarts the slow path, as 3.10 does, until
 *       {@code slowpath.simulation.max-slowpath-loops} records it as a livelock.</li>
 * </ul>
 */
public final class OffPolicies implements PolicyPlugin {
    /** The name of every built-in "no such mechanism" policy. */
    public static final String OFF = "off";

    /** The plugin, as ServiceLoader creates it. */
    public OffPolicies() {
    }

    @Override
    public void register(PolicyRegistrar registrar) {
        registrar.kswapd(OFF, s -> new NoKswapd())
            .reclaim(OFF, s -> new NoReclaim())
            .compaction(OFF, s -> new NoCompaction())
            .oom(OFF, s -> new NoOomKiller());
    }

    /** A kernel without kswapd. */
    public static KswapdPolicy kswapd() {
        return new NoKswapd();
    }

    /** A kernel without direct reclaim. */
    public static ReclaimPolicy reclaim() {
        return new NoReclaim();
    }

    /** A kernel without compaction. */
    public static CompactionPolicy compaction() {
        return new NoCompaction();
    }

    /** A kernel without an OOM killer. */
    public static OomPolicy oom() {
        return new NoOomKiller();
    }

    /** No kswapd: never woken, and if run anyway it goes straight back to sleep. */
    static final class NoKswapd implements KswapdPolicy {
        @Override
        public boolean wakeup(MmServices mm, ZoneView zone, int order, int classzoneIdx) {
            return false;
        }

        @Override
        public long run(MmServices mm, NodeView node) {
            return SLEEP;
        }
    }

    /** No page reclaim: direct reclaim never makes progress. */
    static final class NoReclaim implements ReclaimPolicy {
        @Override
        public long tryToFreePages(MmServices mm, ReclaimRequest request) {
            return 0;
        }
    }

    /** No compaction ({@code CONFIG_COMPACTION=n}): never deferred, always skipped. */
    static final class NoCompaction implements CompactionPolicy {
        @Override
        public boolean compactionDeferred(MmServices mm, ZoneView zone, int order) {
            return false;
        }

        @Override
        public CompactOutcome tryToCompactPages(MmServices mm, CompactRequest request) {
            return CompactOutcome.of(CompactResult.COMPACT_SKIPPED);
        }

        @Override
        public void compactionSucceeded(MmServices mm, ZoneView zone, int order) {
            // Nothing to reset: there is no deferral state.
        }

        @Override
        public void deferCompaction(MmServices mm, ZoneView zone, int order) {
            // Nothing to back off from: compaction never runs.
        }

        @Override
        public boolean configured() {
            return false;
        }
    }

    /** An OOM killer that never kills. */
    static final class NoOomKiller implements OomPolicy {
        @Override
        public OomOutcome outOfMemory(MmServices mm, OomRequest request) {
            return OomOutcome.none();
        }
    }
}
