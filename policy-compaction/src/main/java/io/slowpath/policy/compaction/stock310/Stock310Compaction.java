package io.slowpath.policy.compaction.stock310;

import io.slowpath.api.Gfp;
import io.slowpath.api.MigrateType;
import io.slowpath.api.NodeView;
import io.slowpath.api.VmEvent;
import io.slowpath.api.ZoneType;
import io.slowpath.api.ZoneView;
import io.slowpath.api.compaction.CompactOutcome;
import io.slowpath.api.compaction.CompactRequest;
import io.slowpath.api.compaction.CompactResult;
import io.slowpath.api.compaction.CompactionPolicy;
import io.slowpath.api.mm.MmServices;
import java.util.HashMap;
import java.util.Map;

/**
 * The stock Linux 3.10 memory compaction (mm/compaction.c, mm/migrate.c, include/linux/compaction.h): direct
 * compaction for the slow path ({@code try_to_compact_pages} over the zonelist, with {@code compaction_deferred},
 * {@code defer_compaction} and the reset after a success), {@code compaction_suitable} for reclaim and kswapd,
 * kswapd's {@code compact_pgdat}, the skip-hint reset when kswapd sleeps, and {@code compact_node} as
 * {@code /proc/sys/vm/compact_memory} runs it.
 *
 * <p>Each run is {@code compact_zone}: the migrate scanner isolates LRU pages from the zone's start, the free scanner
 * takes free blocks from the zone's end as targets, and {@code migrate_pages} moves the pages (contents, owner,
 * mappings, cache slot, LRU membership) until a free block of the order and migrate type exists or the scanners meet.
 * Async runs scan only MOVABLE pageblocks and give up when {@code need_resched()} (the {@code timeslice-ns} setting);
 * sync runs (MIGRATE_SYNC_LIGHT) take any pageblock and reschedule instead. The per-zone state (cached scanner
 * positions, {@code compact_blockskip_flush}, {@code compact_considered}, {@code compact_defer_shift},
 * {@code compact_order_failed}) is this policy's; the pageblock skip bits are the kernel's.
 */
public final class Stock310Compaction implements CompactionPolicy {
    /** The registered name. */
    public static final String NAME = "stock-3.10";

    private final int extfragThreshold;
    private final long timesliceNs;
    /** Looked up by zone, never iterated. */
    private final Map<Integer, ZoneCompactState> zones = new HashMap<>();
    private ZoneCompactor compactor;

    /**
     * @param extfragThreshold {@code vm.extfrag_threshold}, 0..1000
     * @param timesliceNs      simulated time a compaction run has the CPU before {@code need_resched()} is true (0:
     *                         never, as no other task competes for the CPU during a simulated call)
     */
    public Stock310Compaction(int extfragThreshold, long timesliceNs) {
        if (extfragThreshold < 0 || extfragThreshold > 1000) {
            throw new IllegalArgumentException("extfrag_threshold must be 0..1000, got " + extfragThreshold);
        }
        if (timesliceNs < 0) {
            throw new IllegalArgumentException("timeslice must not be negative, got " + timesliceNs + " ns");
        }
        this.extfragThreshold = extfragThreshold;
        this.timesliceNs = timesliceNs;
    }

    /** The kernel defaults: {@code extfrag_threshold} 500, {@code need_resched()} never set. */
    public Stock310Compaction() {
        this(500, 0);
    }

    private ZoneCompactor compactor(MmServices mm) {
        if (compactor == null) {
            compactor = new ZoneCompactor(extfragThreshold, "el7".equals(mm.machine().kernelFlavour()));
        }
        return compactor;
    }

    private ZoneCompactState state(ZoneView zone) {
        return zones.computeIfAbsent(zone.nodeId() * ZoneType.MAX_NR_ZONES + zone.type().index(),
            k -> new ZoneCompactState());
    }

    // ---- the slow path ---------------------------------------------------------------------------------------------

    @Override
    public boolean compactionDeferred(MmServices mm, ZoneView zone, int order) {
        return state(zone).deferred(order);
    }

    /** Models mm/compaction.c: try_to_compact_pages and compact_zone_order (Linux 3.10). */
    @Override
    public CompactOutcome tryToCompactPages(MmServices mm, CompactRequest request) {
        int gfp = request.gfp();
        int order = request.order();
        if (order == 0 || (gfp & Gfp.__GFP_FS) == 0 || (gfp & Gfp.__GFP_IO) == 0) {
            return CompactOutcome.of(CompactResult.COMPACT_SKIPPED);
        }
        mm.countEvent(VmEvent.COMPACT_STALL, 1);
        int migratetype = Gfp.migrateType(gfp).index();
        CompactResult rc = CompactResult.COMPACT_SKIPPED;
        boolean contended = false;
        for (ZoneView zone : request.zonelist()) {
            if (zone.type().index() > request.highZoneIdx()) {
                continue;
            }
            CompactControl cc = new CompactControl(mm, zone, state(zone), order, migratetype, request.sync(), false,
                timesliceNs);
            CompactResult status = compactor(mm).compactZone(cc);
            contended = cc.contended; // overwritten by each zone: the last one compacted decides
            if (status.compareTo(rc) > 0) {
                rc = status;
            }
            // A normal allocation would succeed now: stop compacting.
            if (mm.zoneWatermarkOk(zone, order, zone.lowWatermark(), 0, 0)) {
                break;
            }
        }
        return new CompactOutcome(rc, contended);
    }

    @Override
    public void compactionSucceeded(MmServices mm, ZoneView zone, int order) {
        state(zone).succeeded(order);
    }

    @Override
    public void deferCompaction(MmServices mm, ZoneView zone, int order) {
        state(zone).defer(order);
    }

    // ---- reclaim and kswapd ------------------------------------------------------------------------------------

    @Override
    public CompactResult compactionSuitable(MmServices mm, ZoneView zone, int order) {
        return compactor(mm).suitable(mm, zone, order);
    }

    /** Models mm/compaction.c: compact_pgdat (Linux 3.10): async, as kswapd. */
    @Override
    public void compactPgdat(MmServices mm, NodeView node, int order) {
        compactNodeZones(mm, node, order, false, true);
    }

    /** Models mm/compaction.c: reset_isolation_suitable (Linux 3.10). */
    @Override
    public void resetIsolationSuitable(MmServices mm, NodeView node) {
        for (ZoneView zone : node.zones()) {
            if (!zone.populated()) {
                continue;
            }
            ZoneCompactState s = state(zone);
            if (s.blockskipFlush) { // only after a full direct compaction
                SkipHints.reset(mm.compactionOps(), zone, s);
            }
        }
    }

    /**
     * Models mm/compaction.c: compact_node (Linux 3.10), what writing {@code /proc/sys/vm/compact_memory} (or a node's
     * {@code compact} file) does for one node: a sync run of every populated zone to the meeting point, honouring the
     * skip hints and the cached positions, without deferral and without counting compact_stall.
     */
    public void compactNode(MmServices mm, NodeView node) {
        // lru_add_drain_all first: the model adds pages to the LRU at once, it has no pagevecs to drain.
        compactNodeZones(mm, node, -1, true, isKswapd(mm));
    }

    /** Models mm/compaction.c: __compact_pgdat (Linux 3.10). */
    private void compactNodeZones(MmServices mm, NodeView node, int order, boolean sync, boolean kswapd) {
        CompactControl cc = null;
        for (ZoneView zone : node.zones()) {
            if (!zone.populated()) {
                continue;
            }
            ZoneCompactState s = state(zone);
            // The kernel's compact_control here leaves migratetype 0: compact_finished looks at the UNMOVABLE lists.
            cc = cc == null
                ? new CompactControl(mm, zone, s, order, MigrateType.UNMOVABLE.index(), sync, kswapd, timesliceNs)
                : cc.forZone(zone, s);
            if (order == -1 || !s.deferred(order)) {
                compactor(mm).compactZone(cc);
            }
            if (order > 0) {
                boolean ok = mm.zoneWatermarkOk(zone, order, zone.lowWatermark(), 0, 0);
                if (ok && order >= s.orderFailed) {
                    s.orderFailed = order + 1;
                } else if (!ok && sync) {
                    s.defer(order); // async compaction is never deferred
                }
            }
        }
    }

    private static boolean isKswapd(MmServices mm) {
        return mm.current().name().startsWith("kswapd");
    }

    // ---- what tests and tools read -------------------------------------------------------------------------------

    /** {@code compact_defer_shift} of a zone. */
    public int deferShift(ZoneView zone) {
        return state(zone).deferShift;
    }

    /** {@code compact_considered} of a zone. */
    public long considered(ZoneView zone) {
        return state(zone).considered;
    }

    /** {@code compact_order_failed} of a zone. */
    public int orderFailed(ZoneView zone) {
        return state(zone).orderFailed;
    }

    /** {@code compact_blockskip_flush} of a zone. */
    public boolean blockskipFlush(ZoneView zone) {
        return state(zone).blockskipFlush;
    }

    /** {@code compact_cached_migrate_pfn} of a zone (0 until a run sets it). */
    public long cachedMigratePfn(ZoneView zone) {
        return state(zone).cachedMigratePfn;
    }

    /** {@code compact_cached_free_pfn} of a zone (0 until a run sets it). */
    public long cachedFreePfn(ZoneView zone) {
        return state(zone).cachedFreePfn;
    }
}
