package io.slowpath.policy.reclaim.stock310;

import static io.slowpath.policy.reclaim.stock310.ScanControl.DEF_PRIORITY;
import static io.slowpath.policy.reclaim.stock310.ScanControl.SWAP_CLUSTER_MAX;

import io.slowpath.api.Gfp;
import io.slowpath.api.NodeView;
import io.slowpath.api.VmEvent;
import io.slowpath.api.ZoneView;
import io.slowpath.api.compaction.CompactResult;
import io.slowpath.api.mm.MmServices;
import io.slowpath.api.reclaim.KswapdPolicy;

/**
 * Models mm/vmscan.c (Linux 3.10): the kswapd thread of one node ({@code kswapd}, {@code kswapd_try_to_sleep},
 * {@code wakeup_kswapd}, {@code balance_pgdat}) as a resumable state machine, so that it runs as an actor in simulated
 * time: each {@link #run} does one slice of work (one priority pass of balance_pgdat over the node's zones, or one
 * jiffy of the HZ/10 nap) and returns when it wants to run next.
 *
 * <p>Sleeping: the short nap of {@code kswapd_try_to_sleep} is polled once a jiffy, so a wake-up during it is noticed
 * within a jiffy ({@code kswapd_low_wmark_hit_quickly}); the full sleep returns {@link KswapdPolicy#SLEEP} and ends
 * when {@link #wakeup} returns true. kswapd is on its wait queue during the nap and the full sleep, as between
 * {@code prepare_to_wait} and {@code finish_wait}.
 */
final class Kswapd {
    private enum Phase { SLEEPING, NAPPING, BALANCING }

    private final NodeView node;
    private final Vmscan vs;
    private final MmServices mm;
    private final boolean laptopMode;
    private final int nrZones;
    // pgdat wake-up state
    private int kswapdMaxOrder;
    private int pgdatClasszoneIdx;
    // the kswapd() loop's locals
    private int order;
    private int newOrder;
    private int balancedOrder;
    private int classzoneIdx;
    private int newClasszoneIdx;
    private int balancedClasszoneIdx;
    private Phase phase = Phase.SLEEPING;
    private boolean onWaitqueue = true;
    private boolean wokenDuringNap;
    private long napUntil;
    private Balance balance;

    Kswapd(NodeView node, Vmscan vs, boolean laptopMode) {
        this.node = node;
        this.vs = vs;
        this.mm = vs.lru().mm();
        this.laptopMode = laptopMode;
        int highest = -1;
        for (ZoneView z : node.zones()) {
            if (z.populated()) {
                highest = Math.max(highest, z.type().index());
            }
        }
        this.nrZones = highest + 1;
        this.pgdatClasszoneIdx = nrZones - 1;
        this.classzoneIdx = nrZones - 1;
        this.newClasszoneIdx = nrZones - 1;
        this.balancedClasszoneIdx = nrZones - 1;
    }

    /** {@code pgdat->kswapd_max_order}. */
    int maxOrder() {
        return kswapdMaxOrder;
    }

    /** The order the last balance_pgdat returned ({@code balanced_order}). */
    int balancedOrder() {
        return balancedOrder;
    }

    /** Whether kswapd is in its full sleep. */
    boolean sleeping() {
        return phase == Phase.SLEEPING;
    }

    /** Whether kswapd is in the HZ/10 nap of kswapd_try_to_sleep. */
    boolean napping() {
        return phase == Phase.NAPPING;
    }

    /**
     * Models mm/vmscan.c: wakeup_kswapd (Linux 3.10): records a harder order (with its class zone), then wakes kswapd
     * only if it is on its wait queue and the zone fails its low watermark for the order.
     */
    boolean wakeup(ZoneView zone, int order, int classzone) {
        if (!zone.populated()) {
            return false;
        }
        if (kswapdMaxOrder < order) {
            kswapdMaxOrder = order;
            pgdatClasszoneIdx = Math.min(pgdatClasszoneIdx, classzone);
        }
        if (!onWaitqueue) {
            return false;
        }
        if (mm.zoneWatermarkOk(zone, order, zone.lowWatermark(), 0, 0)) {
            return false;
        }
        onWaitqueue = false;
        if (phase == Phase.NAPPING) {
            wokenDuringNap = true;
        }
        return true;
    }

    /** One slice of the kswapd thread; the simulated ns until the next, or {@link KswapdPolicy#SLEEP}. */
    long run() {
        switch (phase) {
            case SLEEPING -> {
                // Woken from schedule() in kswapd_try_to_sleep.
                onWaitqueue = false;
                return afterSleep();
            }
            case NAPPING -> {
                long now = mm.now();
                if (!wokenDuringNap && now < napUntil) {
                    return Math.min(mm.costs().jiffyNs(), napUntil - now);
                }
                boolean remaining = wokenDuringNap;
                wokenDuringNap = false;
                if (!remaining && pgdatBalanced(balancedOrder, balancedClasszoneIdx)) {
                    phase = Phase.SLEEPING;
                    onWaitqueue = true;
                    return KswapdPolicy.SLEEP;
                }
                mm.countEvent(remaining ? VmEvent.KSWAPD_LOW_WMARK_HIT_QUICKLY
                    : VmEvent.KSWAPD_HIGH_WMARK_HIT_QUICKLY, 1);
                onWaitqueue = false;
                return afterSleep();
            }
            case BALANCING -> {
                return balanceStep();
            }
            default -> throw new AssertionError(phase);
        }
    }

    /** The rest of a kswapd() loop iteration after kswapd_try_to_sleep: take the request, balance. */
    private long afterSleep() {
        order = kswapdMaxOrder;
        classzoneIdx = pgdatClasszoneIdx;
        newOrder = order;
        newClasszoneIdx = classzoneIdx;
        kswapdMaxOrder = 0;
        pgdatClasszoneIdx = nrZones - 1;
        return startBalance();
    }

    private long startBalance() {
        balancedClasszoneIdx = classzoneIdx;
        balance = new Balance(order, classzoneIdx);
        phase = Phase.BALANCING;
        return balanceStep();
    }

    private long balanceStep() {
        if (!balance.step()) {
            return 0;
        }
        balancedOrder = balance.order;
        balancedClasszoneIdx = balance.endZone;
        balance = null;
        return loopTop();
    }

    /** The top of the kswapd() loop, after a balance_pgdat. */
    private long loopTop() {
        if (balancedClasszoneIdx >= newClasszoneIdx && balancedOrder == newOrder) {
            newOrder = kswapdMaxOrder;
            newClasszoneIdx = pgdatClasszoneIdx;
            kswapdMaxOrder = 0;
            pgdatClasszoneIdx = nrZones - 1;
        }
        if (order < newOrder || classzoneIdx > newClasszoneIdx) {
            order = newOrder;
            classzoneIdx = newClasszoneIdx;
            return startBalance();
        }
        // kswapd_try_to_sleep: prepare_to_wait, then the first prepare_kswapd_sleep.
        onWaitqueue = true;
        if (pgdatBalanced(balancedOrder, balancedClasszoneIdx)) {
            phase = Phase.NAPPING;
            wokenDuringNap = false;
            napUntil = mm.now() + napNs();
            return Math.min(mm.costs().jiffyNs(), napNs());
        }
        // Not balanced, no nap: the second check fails too.
        mm.countEvent(VmEvent.KSWAPD_HIGH_WMARK_HIT_QUICKLY, 1);
        onWaitqueue = false;
        return afterSleep();
    }

    /** {@code schedule_timeout(HZ/10)}: HZ/10 jiffies of the cost model's jiffy (100 ms at HZ 250). */
    private long napNs() {
        long jiffy = Math.max(1, mm.costs().jiffyNs());
        return (1_000_000_000L / jiffy / 10) * jiffy;
    }

    private ZoneView zone(int i) {
        return node.zones().get(i);
    }

    /**
     * Models mm/vmscan.c: zone_balanced (Linux 3.10): the high watermark plus {@code gap} holds for the order, and
     * with CONFIG_COMPACTION, for a high order, compaction would run in the zone.
     */
    boolean zoneBalanced(ZoneView z, int order, long gap, int classzone) {
        if (!mm.zoneWatermarkOk(z, order, z.highWatermark() + gap, classzone, 0)) {
            return false;
        }
        return order == 0 || !vs.compactionEnabled()
            || mm.compactionSuitable(z, order) != CompactResult.COMPACT_SKIPPED;
    }

    /**
     * Models mm/vmscan.c: pgdat_balanced (Linux 3.10): for order 0 every populated zone up to the class zone is
     * balanced (all_unreclaimable counting as balanced); for a high order, balanced zones hold a quarter of their
     * managed pages.
     */
    boolean pgdatBalanced(int order, int classzone) {
        long managed = 0;
        long balanced = 0;
        for (int i = 0; i <= classzone && i < nrZones; i++) {
            ZoneView z = zone(i);
            if (!z.populated()) {
                continue;
            }
            managed += z.managedPages();
            if (z.allUnreclaimable()) {
                balanced += z.managedPages();
                continue;
            }
            if (zoneBalanced(z, order, 0, i)) {
                balanced += z.managedPages();
            } else if (order == 0) {
                return false;
            }
        }
        return order == 0 || balanced >= managed >> 2;
    }

    /** Models mm/vmscan.c: age_active_anon (Linux 3.10). */
    private void ageActiveAnon(ZoneView z, ScanControl sc) {
        if (mm.pages().swapTotalPages() == 0) {
            return;
        }
        Lruvec v = vs.lru().lruvec(z);
        if (vs.lru().inactiveAnonIsLow(v)) {
            vs.shrinkActiveList(SWAP_CLUSTER_MAX, v, sc, LruLists.LRU_ACTIVE_ANON);
        }
    }

    /**
     * Models mm/vmscan.c: balance_pgdat (Linux 3.10) as a state machine; {@link #step} runs one priority pass (the
     * body of its do-while) and the restart logic around it.
     */
    private final class Balance {
        int order;
        final int classzone;
        int endZone;
        ScanControl sc;

        Balance(int order, int classzone) {
            this.order = order;
            this.classzone = classzone;
            loopAgain();
        }

        private void loopAgain() {
            sc = new ScanControl(Gfp.GFP_KERNEL, true, order, Long.MAX_VALUE, !laptopMode);
            mm.countEvent(VmEvent.PAGEOUTRUN, 1);
        }

        /** One priority pass; true when balance_pgdat returned. */
        boolean step() {
            int r = priorityPass();
            if (r == BALANCED) {
                finish();
                return true;
            }
            if (r == CONTINUE && --sc.priority >= 0) {
                return false;
            }
            // out: not balanced. A full cycle that freed less than 32 pages gives up the high order.
            if (sc.nrReclaimed < SWAP_CLUSTER_MAX) {
                order = 0;
                sc.order = 0;
            }
            loopAgain();
            return false;
        }

        private static final int BALANCED = 0;
        private static final int RESTART = 1;
        private static final int CONTINUE = 2;

        private int priorityPass() {
            int found = -1;
            for (int i = nrZones - 1; i >= 0; i--) {
                ZoneView z = zone(i);
                if (!z.populated() || (z.allUnreclaimable() && sc.priority != DEF_PRIORITY)) {
                    continue;
                }
                ageActiveAnon(z, sc);
                if (!zoneBalanced(z, order, 0, 0)) {
                    found = i;
                    break;
                }
            }
            if (found < 0) {
                return BALANCED;
            }
            endZone = found;
            Lru lru = vs.lru();
            long lruPages = 0;
            for (int i = 0; i <= endZone; i++) {
                lruPages += lru.zoneReclaimablePages(zone(i));
            }
            for (int i = 0; i <= endZone; i++) {
                ZoneView z = zone(i);
                if (!z.populated() || (z.allUnreclaimable() && sc.priority != DEF_PRIORITY)) {
                    continue;
                }
                sc.nrScanned = 0;
                long gap = StockReclaim310.balanceGap(z);
                int testorder = order;
                if (vs.compactionEnabled() && order > 0
                    && mm.compactionSuitable(z, order) != CompactResult.COMPACT_SKIPPED) {
                    testorder = 0;
                }
                if (!zoneBalanced(z, testorder, gap, endZone)) {
                    vs.shrinkZone(z, sc);
                    long nrSlab = vs.shrinkSlab(sc, lruPages);
                    if (nrSlab == 0 && !lru.zoneReclaimable(z)) {
                        mm.setAllUnreclaimable(z, true);
                    }
                }
                if (sc.priority < DEF_PRIORITY - 2) {
                    sc.mayWritepage = true;
                }
                if (z.allUnreclaimable() && endZone > 0 && endZone == i) {
                    endZone--;
                }
            }
            if (pgdatBalanced(order, classzone)) {
                return BALANCED;
            }
            return sc.nrReclaimed >= SWAP_CLUSTER_MAX ? RESTART : CONTINUE;
        }

        /** The end of balance_pgdat for a high order: compact_pgdat unless some zone meets the order's low mark. */
        private void finish() {
            if (order > 0) {
                boolean needCompaction = true;
                for (int i = 0; i <= endZone; i++) {
                    ZoneView z = zone(i);
                    if (z.populated() && mm.zoneWatermarkOk(z, order, z.lowWatermark(), classzone, 0)) {
                        needCompaction = false;
                    }
                }
                if (needCompaction) {
                    mm.compactPgdat(node, order);
                }
            }
        }
    }
}
