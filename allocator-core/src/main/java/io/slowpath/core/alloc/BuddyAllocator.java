package io.slowpath.core.alloc;

import static io.slowpath.core.alloc.AllocFlags.ALLOC_CPUSET;
import static io.slowpath.core.alloc.AllocFlags.ALLOC_NO_WATERMARKS;
import static io.slowpath.core.alloc.AllocFlags.ALLOC_WMARK_LOW;
import static io.slowpath.core.alloc.AllocFlags.ALLOC_WMARK_MASK;

import io.slowpath.api.Gfp;
import io.slowpath.api.MigrateType;
import io.slowpath.api.PageAllocator;
import io.slowpath.api.PageOrder;
import io.slowpath.api.VmEvent;
import io.slowpath.api.ZoneStatItem;
import io.slowpath.api.ZoneType;
import io.slowpath.core.buddy.FreeArea;
import io.slowpath.core.pcp.PerCpuPages;
import io.slowpath.core.zone.Machine;
import io.slowpath.core.zone.Zone;
import io.slowpath.core.zone.Zonelist;

/**
 * The page allocator of a simulated machine: the fast path of {@code __alloc_pages_nodemask} over the zonelist
 * ({@code get_page_from_freelist}, {@code buffered_rmqueue}, per-CPU lists) and the free paths
 * ({@code free_hot_cold_page}, {@code __free_pages_ok}, {@code free_pcppages_bulk}), lock-free throughout.
 *
 * <p>When the fast path fails the request goes to a {@link SlowPath}; the simulated kernel installs the full
 * {@code __alloc_pages_slowpath}, and a bare allocator uses {@link NoReclaimSlowPath}.
 */
public final class BuddyAllocator implements PageAllocator {
    private static final int PCPTYPES = MigrateType.MIGRATE_PCPTYPES;
    private static final int MOVABLE = MigrateType.MOVABLE.index();
    private static final int PGFREE = VmEvent.PGFREE.ordinal();
    private static final int[] PGALLOC = new int[ZoneType.MAX_NR_ZONES];

    static {
        for (ZoneType t : ZoneType.values()) {
            PGALLOC[t.index()] = VmEvent.perZone("pgalloc", t).ordinal();
        }
    }

    private final Machine machine;
    private volatile SlowPath slowPath;
    /** The last {@link Target} of each CPU slot: the same few gfp masks come again and again. */
    private final Target[] targets;

    /**
     * What __alloc_pages_nodemask works out from a gfp mask before it looks for a page: gfp_zone, the migrate type
     * (allocflags_to_migratetype), the zonelist and first_zones_zonelist's preferred zone. Immutable, so a slot's
     * entry can be replaced by any thread without a lock.
     */
    private static final class Target {
        final int gfp;
        final Zonelist zonelist;
        final boolean groupingDisabled;
        final int highZoneIdx;
        final int mt;
        final Zone preferred;

        Target(int gfp, Zonelist zonelist, boolean groupingDisabled) {
            this.gfp = gfp;
            this.zonelist = zonelist;
            this.groupingDisabled = groupingDisabled;
            this.highZoneIdx = Gfp.gfpZone(gfp).index();
            this.mt = groupingDisabled ? 0 : Gfp.migrateType(gfp).index();
            this.preferred = zonelist.firstZone(highZoneIdx);
        }
    }

    /** An allocator over {@code machine} whose slow path is {@link NoReclaimSlowPath}. */
    public BuddyAllocator(Machine machine) {
        this.machine = machine;
        this.targets = new Target[machine.cpuSlots()];
        this.slowPath = new NoReclaimSlowPath();
    }

    /** The machine this allocator hands out pages of. */
    public Machine machine() {
        return machine;
    }

    /** Installs the slow path called when the fast path fails. */
    public void setSlowPath(SlowPath slowPath) {
        this.slowPath = slowPath;
    }

    // ---- PageAllocator -------------------------------------------------------------------------------------------

    @Override
    public long allocPages(int cpu, int gfpMask, int order) {
        return allocPagesOnSlot(machine.checkCpu(cpu), gfpMask, order);
    }

    @Override
    public void freePages(int cpu, long pfn, int order) {
        freePagesOnSlot(machine.checkCpu(cpu), pfn, order, false);
    }

    @Override
    public long allocPages(int gfpMask, int order) {
        return allocPagesOnSlot(machine.currentThreadSlot(), gfpMask, order);
    }

    @Override
    public void freePages(long pfn, int order) {
        freePagesOnSlot(machine.currentThreadSlot(), pfn, order, false);
    }

    // ---- allocation ----------------------------------------------------------------------------------------------

    /**
     * Models mm/page_alloc.c: __alloc_pages_nodemask (Linux 3.10), on the node of CPU slot {@code slot} (the default
     * local-node memory policy): {@link #tryFastPathOnSlot}, then {@link #slowPathOnSlot} when it found nothing.
     */
    public long allocPagesOnSlot(int slot, int gfpMask, int order) {
        long pfn = tryFastPathOnSlot(slot, gfpMask, order);
        return pfn >= 0 ? pfn : slowPathOnSlot(slot, gfpMask, order);
    }

    /**
     * The first half of {@link #allocPagesOnSlot}: __alloc_pages_nodemask's first get_page_from_freelist pass (low
     * watermark), which calls no policy and takes no simulated time. A failed pass changes nothing, so a caller can
     * set up what only the slow path needs (its frames, the current task, the stall clock) after it failed.
     *
     * @return the pfn, or {@link #NO_PAGE} (then {@link #slowPathOnSlot} with the same arguments continues)
     * @throws IllegalArgumentException for an order above MAX_ORDER - 1 or gfp bits outside __GFP_BITS_MASK
     */
    public long tryFastPathOnSlot(int slot, int gfpMask, int order) {
        Target t = target(slot, gfpMask, order);
        if (t.preferred == null) {
            return NO_PAGE;
        }
        int pfn = getPageFromFreelist(slot, t.gfp | Gfp.__GFP_HARDWALL, order, t.zonelist, t.highZoneIdx,
            ALLOC_WMARK_LOW | ALLOC_CPUSET, t.preferred, t.mt);
        return pfn < 0 ? NO_PAGE : pfn;
    }

    /**
     * {@code count} {@link #tryFastPathOnSlot} calls for order-0 pages, stopping at the first that finds none: the same
     * pages in the same order, with the same counters, as those calls. While the preferred zone passes its low
     * watermark and its per-CPU list gives pages, it takes them in one run (the list held once, the run's pgalloc and
     * NUMA events counted at once); any other page goes through the whole pass alone. A {@code __GFP_WRITE} mask
     * (zone_dirty_ok, which each page written moves) takes every page alone.
     *
     * @param out receives the pfns, from index 0
     * @return the number of pages taken; fewer than {@code count} when the next call would have found nothing (the
     *     caller then makes that call itself, slow path included)
     * @throws IllegalArgumentException for gfp bits outside __GFP_BITS_MASK or an {@code out} shorter than {@code count}
     */
    public int tryFastPathBulkOnSlot(int slot, int gfpMask, int count, int[] out) {
        if (out.length < count) {
            throw new IllegalArgumentException("room for " + out.length + " pfns, asked for " + count);
        }
        Target t = target(slot, gfpMask, 0);
        if (t.preferred == null) {
            return 0;
        }
        int gfp = t.gfp | Gfp.__GFP_HARDWALL;
        boolean runs = (gfp & Gfp.__GFP_WRITE) == 0;
        int got = 0;
        while (got < count) {
            if (runs) {
                int n = rmqueueRun(slot, t.preferred, gfp, t.mt, count - got, out, got);
                got += n;
                if (got == count) {
                    break;
                }
                // Refused at once (watermark, an empty buddy, a busy list): nothing this call does brings the zone
                // back, so the rest goes page by page without trying again.
                runs = n > 0;
            }
            int pfn = getPageFromFreelist(slot, gfp, 0, t.zonelist, t.highZoneIdx, ALLOC_WMARK_LOW | ALLOC_CPUSET,
                t.preferred, t.mt);
            if (pfn < 0) {
                break;
            }
            out[got++] = pfn;
        }
        return got;
    }

    /**
     * Order-0 pages from the preferred {@code zone}, one after another as {@link #getPageFromFreelist} and
     * {@link #bufferedRmqueue} take them while the zone passes its low watermark (checked before each page, as each
     * call does) and its per-CPU list, refilled when empty, has pages. Stops at the first page either refuses; that
     * page's own pass then decides (another zone, or nothing). Holds the per-CPU list for the run.
     *
     * @return the pages taken: 0 when the list is busy or absent, or the first page is refused
     */
    private int rmqueueRun(int slot, Zone zone, int gfp, int mt, int count, int[] out, int off) {
        PerCpuPages pcp = zone.pcp(slot);
        if (pcp == null || !pcp.tryOwn()) {
            return 0;
        }
        int allocFlags = ALLOC_WMARK_LOW | ALLOC_CPUSET;
        long mark = zone.watermark(allocFlags & ALLOC_WMARK_MASK);
        int classzoneIdx = zone.index();
        boolean cold = (gfp & Gfp.__GFP_COLD) != 0;
        FreeArea area = zone.freeArea();
        int n = 0;
        try {
            while (n < count && zone.watermarkOk(0, mark, classzoneIdx, allocFlags)) {
                if (pcp.isEmpty(mt)) {
                    rmqueueBulk(zone, pcp.batch(), pcp, mt, cold);
                    if (pcp.isEmpty(mt)) {
                        break;
                    }
                }
                int pfn = PerCpuPages.pfnOf(pcp.take(mt, cold));
                area.markAllocated(pfn, 0);
                out[off + n++] = pfn;
            }
        } finally {
            pcp.release();
        }
        if (n > 0) {
            machine.events().add(slot, PGALLOC[zone.index()], n);
            zoneStatistics(slot, zone, zone, gfp, n);
        }
        return n;
    }

    /**
     * The second half of {@link #allocPagesOnSlot}, after {@link #tryFastPathOnSlot} failed: the slow path
     * ({@code __alloc_pages_slowpath}), or {@link #NO_PAGE} at once when no zone can serve the gfp mask.
     */
    public long slowPathOnSlot(int slot, int gfpMask, int order) {
        Target t = target(slot, gfpMask, order);
        if (t.preferred == null) {
            return NO_PAGE;
        }
        int pfn = slowPath.allocate(new AllocRequest(this, slot, t.gfp, order, t.zonelist, t.highZoneIdx,
            t.preferred, t.mt));
        return pfn < 0 ? NO_PAGE : pfn;
    }

    /** What {@code gfpMask} resolves to on {@code slot}'s node, from the slot's cache when it is the last mask. */
    private Target target(int slot, int gfpMask, int order) {
        PageOrder.checkOrder(order);
        int gfp = gfpMask & Gfp.__GFP_BITS_MASK;
        if (gfp != gfpMask) {
            throw badGfp(gfpMask);
        }
        boolean groupingDisabled = machine.mobilityGroupingDisabled();
        Zonelist zonelist = machine.nodeOfSlot(slot).zonelist(Gfp.zonelistIndex(gfp));
        Target t = targets[slot];
        if (t == null || t.gfp != gfp || t.zonelist != zonelist || t.groupingDisabled != groupingDisabled) {
            t = new Target(gfp, zonelist, groupingDisabled);
            targets[slot] = t;
        }
        return t;
    }

    private static IllegalArgumentException badGfp(int gfpMask) {
        return new IllegalArgumentException("gfp mask " + Gfp.toHex(gfpMask) + " has bits outside __GFP_BITS_MASK");
    }

    /**
     * Models mm/page_alloc.c: get_page_from_freelist (Linux 3.10): walk the zonelist, skip zones above the request's
     * class, check each zone's watermark and take pages from the first that passes.
     *
     * @return the pfn, or -1
     */
    public int getPageFromFreelist(AllocRequest req, int gfp, int allocFlags) {
        return getPageFromFreelist(req.slot(), gfp, req.order(), req.zonelist(), req.highZoneIdx(), allocFlags,
            req.preferredZone(), req.migratetype());
    }

    private int getPageFromFreelist(int slot, int gfp, int order, Zonelist zonelist, int highZoneIdx, int allocFlags,
                                    Zone preferred, int mt) {
        int classzoneIdx = preferred.index();
        for (int i = 0; i < zonelist.size(); i++) {
            Zone z = zonelist.get(i);
            if (z.index() > highZoneIdx) {
                continue;
            }
            // cpuset_zone_allowed_softwall: no cpusets are modelled, every zone is allowed.
            if ((allocFlags & ALLOC_WMARK_LOW) != 0 && (gfp & Gfp.__GFP_WRITE) != 0 && !zoneDirtyOk(z)) {
                continue;
            }
            if ((allocFlags & ALLOC_NO_WATERMARKS) == 0) {
                long mark = z.watermark(allocFlags & ALLOC_WMARK_MASK);
                if (!z.watermarkOk(order, mark, classzoneIdx, allocFlags)) {
                    // zone_reclaim_mode is 0 (the default at REMOTE_DISTANCE 20): the zone counts as full.
                    continue;
                }
            }
            int pfn = bufferedRmqueue(slot, preferred, z, order, gfp, mt);
            if (pfn >= 0) {
                return pfn;
            }
        }
        return -1;
    }

    /**
     * Models mm/page-writeback.c: zone_dirty_ok (Linux 3.10): dirty, unstable and writeback pages within
     * {@code vm_dirty_ratio} (20%) of the zone's dirtyable memory.
     */
    static boolean zoneDirtyOk(Zone z) {
        long free = z.stat(ZoneStatItem.NR_FREE_PAGES);
        long dirtyable = free - Math.min(free, z.dirtyBalanceReserve())
            + z.stat(ZoneStatItem.NR_INACTIVE_FILE) + z.stat(ZoneStatItem.NR_ACTIVE_FILE);
        long limit = dirtyable * 20 / 100;
        return z.stat(ZoneStatItem.NR_DIRTY) + z.stat(ZoneStatItem.NR_UNSTABLE) + z.stat(ZoneStatItem.NR_WRITEBACK)
            <= limit;
    }

    /** Models mm/page_alloc.c: buffered_rmqueue (Linux 3.10). */
    int bufferedRmqueue(int slot, Zone preferred, Zone zone, int order, int gfp, int mt) {
        boolean cold = (gfp & Gfp.__GFP_COLD) != 0;
        FreeArea area = zone.freeArea();
        int pfn;
        PerCpuPages pcp = order == 0 ? zone.pcp(slot) : null;
        if (pcp != null && pcp.tryOwn()) {
            try {
                if (pcp.isEmpty(mt)) {
                    rmqueueBulk(zone, pcp.batch(), pcp, mt, cold);
                    if (pcp.isEmpty(mt)) {
                        return -1;
                    }
                }
                pfn = PerCpuPages.pfnOf(pcp.take(mt, cold));
            } finally {
                pcp.release();
            }
        } else {
            pfn = area.rmqueue(order, mt);
            if (pfn < 0) {
                return -1;
            }
            zone.modFreePages(-(1L << order));
        }
        machine.events().add(slot, PGALLOC[zone.index()], 1L << order);
        zoneStatistics(slot, preferred, zone, gfp, 1);
        area.markAllocated(pfn, order);
        return pfn;
    }

    /** Models mm/page_alloc.c: rmqueue_bulk (Linux 3.10): refill an empty per-CPU list with up to {@code count} pages. */
    private static void rmqueueBulk(Zone zone, int count, PerCpuPages pcp, int mt, boolean cold) {
        int[] pfns = pcp.scratch(count);
        int taken = zone.freeArea().rmqueueBulk(mt, count, pfns);
        for (int i = 0; i < taken; i++) {
            pcp.addBulk(mt, pfns[i], mt, cold);
        }
        zone.modFreePages(-taken);
    }

    /** Models mm/vmstat.c: zone_statistics (Linux 3.10, NUMA) for {@code pages} allocations alike. */
    private void zoneStatistics(int slot, Zone preferred, Zone z, int gfp, int pages) {
        if (z.nodeId() == preferred.nodeId()) {
            z.modStat(slot, ZoneStatItem.NUMA_HIT, pages);
        } else {
            z.modStat(slot, ZoneStatItem.NUMA_MISS, pages);
            preferred.modStat(slot, ZoneStatItem.NUMA_FOREIGN, pages);
        }
        int local = (gfp & Gfp.__GFP_OTHER_NODE) != 0 ? preferred.nodeId() : machine.nodeIdOfSlot(slot);
        z.modStat(slot, z.nodeId() == local ? ZoneStatItem.NUMA_LOCAL : ZoneStatItem.NUMA_OTHER, pages);
    }

    /**
     * Models mm/page_alloc.c: split_page (Linux 3.10): the allocated block of {@code order} at {@code pfn} becomes
     * {@code 2^order} allocated order-0 blocks, each of which can then be freed on its own. No page moves and no
     * free-area counter changes: only the allocation records do.
     *
     * @throws IllegalArgumentException when {@code pfn} is in no zone of this machine
     * @throws IllegalStateException    when no block of exactly this order is allocated at {@code pfn}
     */
    public void splitPage(long pfn, int order) {
        PageOrder.checkOrder(order);
        Zone zone = machine.zoneOfPfn(pfn);
        if (zone == null) {
            throw new IllegalArgumentException("pfn " + pfn + " is not in any zone of this machine");
        }
        FreeArea area = zone.freeArea();
        int p = (int) pfn;
        area.unmarkAllocated(p, order);
        for (int i = 0; i < 1 << order; i++) {
            area.markAllocated(p + i, 0);
        }
    }

    // ---- free ----------------------------------------------------------------------------------------------------

    /**
     * Models mm/page_alloc.c: __free_pages (Linux 3.10): order 0 through the per-CPU lists, larger orders straight to
     * the buddy lists.
     *
     * @param cold whether a freed order-0 page goes to the cold end of its per-CPU list (reclaim frees cold)
     * @throws IllegalStateException when the block was not allocated with this order (the kernel's "Bad page state")
     */
    public void freePagesOnSlot(int slot, long pfn, int order, boolean cold) {
        PageOrder.checkOrder(order);
        Zone zone = machine.zoneOfPfn(pfn);
        if (zone == null) {
            throw new IllegalArgumentException("pfn " + pfn + " is not in any zone of this machine");
        }
        int p = (int) pfn;
        zone.freeArea().unmarkAllocated(p, order);
        if (order == 0) {
            freeHotColdPage(slot, zone, p, cold);
        } else {
            machine.events().add(slot, PGFREE, 1L << order);
            freeOnePage(zone, p, order, zone.freeArea().pageblockMigratetype(p));
        }
    }

    /** Models mm/page_alloc.c: free_hot_cold_page (Linux 3.10). */
    private void freeHotColdPage(int slot, Zone zone, int pfn, boolean cold) {
        int mt = zone.freeArea().pageblockMigratetype(pfn);
        machine.events().add(slot, PGFREE, 1);
        PerCpuPages pcp = zone.pcp(slot);
        if (pcp == null || !pcp.tryOwn()) {
            freeOnePage(zone, pfn, 0, mt);
            return;
        }
        try {
            // RESERVE pages ride on the MOVABLE list; their stamp brings them back to RESERVE when drained.
            pcp.addFreed(mt >= PCPTYPES ? MOVABLE : mt, pfn, mt, cold);
            if (pcp.count() >= pcp.high()) {
                freePcppagesBulk(zone, pcp.batch(), pcp);
            }
        } finally {
            pcp.release();
        }
    }

    /** Models mm/page_alloc.c: free_one_page (Linux 3.10). */
    private static void freeOnePage(Zone zone, int pfn, int order, int mt) {
        zone.resetReclaimState();
        zone.freeArea().freeOnePage(pfn, order, mt);
        zone.modFreePages(1L << order);
    }

    /**
     * Models mm/page_alloc.c: free_pcppages_bulk (Linux 3.10): return {@code count} pages to the buddy lists, round
     * robin over the three lists starting after UNMOVABLE, each from its tail. The caller owns {@code pcp}.
     */
    static void freePcppagesBulk(Zone zone, int count, PerCpuPages pcp) {
        zone.resetReclaimState();
        FreeArea area = zone.freeArea();
        int mt = 0;
        int batchFree = 0;
        int toFree = count;
        int freed = 0;
        while (toFree > 0) {
            do {
                batchFree++;
                if (++mt == PCPTYPES) {
                    mt = 0;
                }
            } while (pcp.isEmpty(mt));
            if (batchFree == PCPTYPES) {
                batchFree = toFree;
            }
            do {
                int entry = pcp.takeTail(mt);
                area.freeOnePage(PerCpuPages.pfnOf(entry), 0, PerCpuPages.stampOf(entry));
                freed++;
            } while (--toFree > 0 && --batchFree > 0 && !pcp.isEmpty(mt));
        }
        zone.modFreePages(freed);
    }

    /**
     * Models mm/page_alloc.c: drain_pages (Linux 3.10): empty every zone's per-CPU lists of one CPU slot. Skips a
     * list another thread holds at this instant (it never waits).
     */
    public void drainPages(int slot) {
        for (Zone z : machine.populatedZoneList()) {
            PerCpuPages pcp = z.pcp(slot);
            if (pcp != null && pcp.count() > 0 && pcp.tryOwn()) {
                try {
                    if (pcp.count() > 0) {
                        freePcppagesBulk(z, pcp.count(), pcp);
                    }
                } finally {
                    pcp.release();
                }
            }
        }
    }

    /** Models mm/page_alloc.c: drain_all_pages (Linux 3.10): {@link #drainPages} on every CPU slot. */
    public void drainAllPages() {
        for (int slot = 0; slot < machine.cpuSlots(); slot++) {
            drainPages(slot);
        }
    }
}
