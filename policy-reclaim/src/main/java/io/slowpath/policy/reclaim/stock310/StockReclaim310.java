package io.slowpath.policy.reclaim.stock310;

import static io.slowpath.policy.reclaim.stock310.ScanControl.DEF_PRIORITY;
import static io.slowpath.policy.reclaim.stock310.ScanControl.SWAP_CLUSTER_MAX;

import io.slowpath.api.PageOrder;
import io.slowpath.api.VmEvent;
import io.slowpath.api.ZoneView;
import io.slowpath.api.compaction.CompactResult;
import io.slowpath.api.mm.MmServices;
import io.slowpath.api.reclaim.ReclaimPolicy;
import io.slowpath.api.reclaim.ReclaimRequest;
import java.util.Objects;

/**
 * The stock Linux 3.10 direct reclaim ({@code stock-3.10}): the two-list LRU per zone (inactive/active anon,
 * inactive/active file, unevictable) kept through the hooks as mm/swap.c keeps it, and mm/vmscan.c:
 * try_to_free_pages / do_try_to_free_pages over it. Its LRU lists are also what {@link StockKswapd310} balances.
 *
 * <p>One instance serves one simulated kernel: it binds to the {@link MmServices} of the first call.
 */
public final class StockReclaim310 implements ReclaimPolicy {
    private final StockReclaimSettings settings;
    private MmServices bound;
    private Vmscan vmscan;

    /** A policy with these settings. */
    public StockReclaim310(StockReclaimSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** The settings in force. */
    public StockReclaimSettings settings() {
        return settings;
    }

    /** The reclaim machinery of the kernel {@code mm} belongs to, created on first use. */
    Vmscan vmscan(MmServices mm) {
        // Every page added, accessed or removed comes through here: the bound kernel first, in few bytes.
        Vmscan v = vmscan;
        if (v != null && bound == mm) {
            return v;
        }
        return bind(mm);
    }

    private Vmscan bind(MmServices mm) {
        if (vmscan == null) {
            bound = Objects.requireNonNull(mm, "mm");
            vmscan = new Vmscan(new Lru(mm, settings.memcg()), settings.swappiness(), settings.compaction());
        } else if (bound != mm) {
            throw new IllegalStateException("this stock-3.10 reclaim policy already serves another simulated kernel:"
                + " create one policy per kernel");
        }
        return vmscan;
    }

    @Override
    public void pageAdded(MmServices mm, long pfn) {
        vmscan(mm).lru().pageAdded(pfn);
    }

    @Override
    public void pageSplit(MmServices mm, long headPfn) {
        vmscan(mm).lru().pageSplit(headPfn);
    }

    @Override
    public void pageRemoved(MmServices mm, long pfn) {
        vmscan(mm).lru().pageRemoved(pfn);
    }

    @Override
    public void pageAccessed(MmServices mm, long pfn) {
        vmscan(mm).lru().markPageAccessed(pfn);
    }

    /**
     * Models mm/vmscan.c: try_to_free_pages and do_try_to_free_pages (Linux 3.10): allocstall, then priority
     * passes from DEF_PRIORITY (12) down to 0 over the zonelist's zones (shrink_zones), until 32 pages
     * ({@code SWAP_CLUSTER_MAX}) are freed. Writing is allowed from priority 9 down or after 48 pages were scanned
     * ({@code wakeup_flusher_threads} itself is not modelled: the simulator has no flusher threads). The result: the
     * pages freed; else 1 when compaction was found ready for a costly order or some zone is not all_unreclaimable
     * (3.10 reads the flag kswapd sets, not zone_reclaimable); else 0, no progress, the road to the OOM killer.
     * {@code throttle_direct_reclaim} is not modelled (a simulated task cannot block inside the allocator).
     */
    @Override
    public long tryToFreePages(MmServices mm, ReclaimRequest request) {
        Vmscan vs = vmscan(mm);
        ScanControl sc = new ScanControl(request.gfp(), false, request.order(), SWAP_CLUSTER_MAX,
            settings.laptopMode() == 0);
        mm.countEvent(VmEvent.ALLOCSTALL, 1);
        long totalScanned = 0;
        boolean abortedReclaim;
        do {
            sc.nrScanned = 0;
            abortedReclaim = shrinkZones(vs, request, sc);
            long lruPages = 0;
            for (ZoneView z : request.zonelist()) {
                if (z.populated() && z.type().index() <= request.highZoneIdx()) {
                    lruPages += vs.lru().zoneReclaimablePages(z);
                }
            }
            vs.shrinkSlab(sc, lruPages);
            totalScanned += sc.nrScanned;
            if (sc.nrReclaimed >= sc.nrToReclaim) {
                break;
            }
            if (sc.priority < DEF_PRIORITY - 2) {
                sc.mayWritepage = true;
            }
            if (totalScanned > sc.nrToReclaim + sc.nrToReclaim / 2) {
                sc.mayWritepage = true;
            }
        } while (--sc.priority >= 0);
        if (sc.nrReclaimed > 0) {
            return sc.nrReclaimed;
        }
        if (abortedReclaim) {
            return 1;
        }
        return allUnreclaimable(request) ? 0 : 1;
    }

    /**
     * Models mm/vmscan.c: shrink_zones (Linux 3.10): shrink_zone of every populated zone of the zonelist up to
     * {@code gfp_zone}, skipping all_unreclaimable zones below DEF_PRIORITY and zones where compaction is ready for a
     * costly order (which aborts the reclaim as "progress").
     *
     * @return whether some zone was skipped because compaction is ready
     */
    private boolean shrinkZones(Vmscan vs, ReclaimRequest request, ScanControl sc) {
        boolean aborted = false;
        for (ZoneView z : request.zonelist()) {
            if (!z.populated() || z.type().index() > request.highZoneIdx()) {
                continue;
            }
            if (z.allUnreclaimable() && sc.priority != DEF_PRIORITY) {
                continue;
            }
            if (vs.compactionEnabled() && compactionReady(vs.lru().mm(), z, sc)) {
                aborted = true;
                continue;
            }
            vs.shrinkZone(z, sc);
        }
        return aborted;
    }

    /**
     * Models mm/vmscan.c: compaction_ready (Linux 3.10): for an order above PAGE_ALLOC_COSTLY_ORDER, whether the zone
     * has {@code high + balance_gap + 2 << order} free pages and compaction would run there. The deferral branch
     * ({@code compaction_deferred}) is not reachable through the API and is taken as "not deferred".
     */
    static boolean compactionReady(MmServices mm, ZoneView z, ScanControl sc) {
        if (sc.order <= PageOrder.PAGE_ALLOC_COSTLY_ORDER) {
            return false;
        }
        long watermark = z.highWatermark() + balanceGap(z) + (2L << sc.order);
        boolean watermarkOk = mm.zoneWatermarkOk(z, 0, watermark, 0, 0);
        if (mm.compactionSuitable(z, sc.order) == CompactResult.COMPACT_SKIPPED) {
            return false;
        }
        return watermarkOk;
    }

    /** {@code min(low_wmark, ceil(managed / KSWAPD_ZONE_BALANCE_GAP_RATIO))} with the ratio 100. */
    static long balanceGap(ZoneView z) {
        return Math.min(z.lowWatermark(), (z.managedPages() + 99) / 100);
    }

    /** Models mm/vmscan.c: all_unreclaimable (Linux 3.10): every populated eligible zone has the flag set. */
    private static boolean allUnreclaimable(ReclaimRequest request) {
        for (ZoneView z : request.zonelist()) {
            if (!z.populated() || z.type().index() > request.highZoneIdx()) {
                continue;
            }
            if (!z.allUnreclaimable()) {
                return false;
            }
        }
        return true;
    }
}
