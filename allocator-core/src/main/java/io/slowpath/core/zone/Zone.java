package io.slowpath.core.zone;

import io.slowpath.api.MigrateType;
import io.slowpath.api.ZoneStatItem;
import io.slowpath.api.ZoneType;
import io.slowpath.api.ZoneView;
import io.slowpath.core.buddy.FreeArea;
import io.slowpath.core.pcp.PerCpuPages;
import io.slowpath.core.vmstat.CpuCounters;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One zone of a simulated machine ({@code struct zone}): its buddy free areas, watermarks, {@code lowmem_reserve},
 * per-CPU lists and counters. Empty zones exist too (all sizes 0), as in the kernel's {@code node_zones[]}.
 */
public final class Zone implements ZoneView {
    private static final int NR_FREE_PAGES = ZoneStatItem.NR_FREE_PAGES.ordinal();

    /** PFN_SECTION_SHIFT: SECTION_SIZE_BITS (27) - PAGE_SHIFT on x86_64. */
    private static final int PFN_SECTION_SHIFT = 15;

    private final ZoneSpec spec;
    /** {@code zone_idx} and {@code zone_to_nid}, read on every allocation: fields of their own, one load each. */
    private final int index;
    private final int nodeId;
    private final ZoneType type;
    private final FreeArea freeArea;
    private final PerCpuPages[] pcp;
    private final CpuCounters stats;
    /** NR_FREE_PAGES is read by every watermark check, so it is one atomic instead of a per-CPU sum. */
    private final AtomicLong freePages = new AtomicLong();
    private final AtomicLong pagesScanned = new AtomicLong();
    private volatile boolean allUnreclaimable;
    private volatile boolean oomLocked;
    private volatile boolean congested;
    private volatile long[] watermark = new long[3];
    private volatile long[] lowmemReserve = new long[ZoneType.MAX_NR_ZONES];
    private volatile int inactiveRatio = 1;
    private volatile int statThreshold;
    private volatile long dirtyBalanceReserve;

    /**
     * A zone with no free pages yet; {@code cpuSlots} per-CPU pagesets (the last one is the shared slot, which has
     * none).
     */
    public Zone(ZoneSpec spec, int cpuSlots) {
        this.spec = spec;
        this.index = spec.type().index();
        this.nodeId = spec.node();
        this.type = spec.type();
        this.freeArea = new FreeArea(spec.startPfn(), spec.endPfn());
        this.pcp = new PerCpuPages[cpuSlots];
        for (int i = 0; i < cpuSlots - 1; i++) {
            pcp[i] = new PerCpuPages(0, 1);
        }
        this.stats = new CpuCounters(cpuSlots, ZoneStatItem.all().length);
    }

    /** The boot-time sizes. */
    public ZoneSpec spec() {
        return spec;
    }

    /** The buddy free areas. */
    public FreeArea freeArea() {
        return freeArea;
    }

    /** The per-CPU pageset of a CPU slot, or null for the shared slot. */
    public PerCpuPages pcp(int slot) {
        return pcp[slot];
    }

    /** The number of CPU slots. */
    public int cpuSlots() {
        return pcp.length;
    }

    /** {@code zone_idx}. */
    public int index() {
        return index;
    }

    // ---- counters ------------------------------------------------------------------------------------------------

    /** {@code __mod_zone_freepage_state}: NR_FREE_PAGES += delta. */
    public void modFreePages(long delta) {
        freePages.addAndGet(delta);
    }

    /** {@code __mod_zone_page_state} for any item but NR_FREE_PAGES, on behalf of CPU slot {@code slot}. */
    public void modStat(int slot, ZoneStatItem item, long delta) {
        if (item.ordinal() == NR_FREE_PAGES) {
            modFreePages(delta);
        } else {
            stats.add(slot, item.ordinal(), delta);
        }
    }

    /** {@code free_one_page} and {@code free_pcppages_bulk} clear these: memory came back, so reclaim is hopeful again. */
    public void resetReclaimState() {
        if (allUnreclaimable) {
            allUnreclaimable = false;
        }
        if (pagesScanned.get() != 0) {
            pagesScanned.set(0);
        }
    }

    /** Adds to {@code pages_scanned}. */
    public void addPagesScanned(long n) {
        pagesScanned.addAndGet(n);
    }

    /** {@code ZONE_OOM_LOCKED}: an OOM kill for a zonelist holding this zone is in progress. */
    public boolean oomLocked() {
        return oomLocked;
    }

    /** Sets or clears {@code ZONE_OOM_LOCKED}. */
    public void setOomLocked(boolean v) {
        oomLocked = v;
    }

    /** {@code ZONE_CONGESTED}: reclaim found many pages under writeback to a congested device. */
    public boolean congested() {
        return congested;
    }

    /** Sets or clears {@code ZONE_CONGESTED}. */
    public void setCongested(boolean v) {
        congested = v;
    }

    /** Sets {@code all_unreclaimable}. */
    public void setAllUnreclaimable(boolean v) {
        allUnreclaimable = v;
    }

    // ---- watermarks -----------------------------------------------------------------------------------------------

    /**
     * Models mm/page_alloc.c: __zone_watermark_ok (Linux 3.10). Whether {@code freePages} leaves more than
     * {@code mark} (halved for ALLOC_HIGH, cut by a quarter for ALLOC_HARDER) plus {@code lowmem_reserve[classzoneIdx]}
     * after this order's pages, and enough in blocks of each lower order.
     */
    public boolean watermarkOk(int order, long mark, int classzoneIdx, int allocFlags, long freePages) {
        long min = mark;
        long free = freePages - ((1L << order) - 1);
        if ((allocFlags & ALLOC_HIGH) != 0) {
            min -= min / 2;
        }
        if ((allocFlags & ALLOC_HARDER) != 0) {
            min -= min / 4;
        }
        if (free <= min + lowmemReserve[classzoneIdx]) {
            return false;
        }
        for (int o = 0; o < order; o++) {
            free -= freeArea.nrFree(o) << o;
            min >>= 1;
            if (free <= min) {
                return false;
            }
        }
        return true;
    }

    /** {@code zone_watermark_ok}: {@link #watermarkOk} with the zone's NR_FREE_PAGES. */
    public boolean watermarkOk(int order, long mark, int classzoneIdx, int allocFlags) {
        return watermarkOk(order, mark, classzoneIdx, allocFlags, freePages.get());
    }

    /** ALLOC_HARDER of mm/internal.h. */
    static final int ALLOC_HARDER = 0x10;
    /** ALLOC_HIGH of mm/internal.h. */
    static final int ALLOC_HIGH = 0x20;

    // ---- setup ---------------------------------------------------------------------------------------------------

    /** Installs watermarks ({@code __setup_per_zone_wmarks}). */
    public void setWatermarks(long min, long low, long high) {
        watermark = new long[] {min, low, high};
    }

    /** Installs {@code lowmem_reserve[]} ({@code setup_per_zone_lowmem_reserve}). */
    public void setLowmemReserve(long[] reserve) {
        if (reserve.length != ZoneType.MAX_NR_ZONES) {
            throw new IllegalArgumentException("lowmem_reserve needs " + ZoneType.MAX_NR_ZONES + " entries");
        }
        lowmemReserve = reserve.clone();
    }

    /** Sets every CPU's pcp high and batch. */
    public void setPcpLimits(int high, int batch) {
        for (PerCpuPages p : pcp) {
            if (p != null) {
                p.setHighAndBatch(high, batch);
            }
        }
    }

    /** Sets {@code inactive_ratio}. */
    public void setInactiveRatio(int ratio) {
        inactiveRatio = ratio;
    }

    /** Sets the vmstat threshold. */
    public void setStatThreshold(int threshold) {
        statThreshold = threshold;
    }

    /** Sets {@code dirty_balance_reserve}. */
    public void setDirtyBalanceReserve(long pages) {
        dirtyBalanceReserve = pages;
    }

    /** {@code dirty_balance_reserve}. */
    public long dirtyBalanceReserve() {
        return dirtyBalanceReserve;
    }

    /** {@code zone->watermark[idx]} for WMARK_MIN (0), WMARK_LOW (1), WMARK_HIGH (2). */
    public long watermark(int idx) {
        return watermark[idx];
    }

    // ---- ZoneView ------------------------------------------------------------------------------------------------

    @Override
    public int nodeId() {
        return nodeId;
    }

    @Override
    public ZoneType type() {
        return type;
    }

    @Override
    public long startPfn() {
        return spec.startPfn();
    }

    @Override
    public long spannedPages() {
        return spec.spannedPages();
    }

    @Override
    public long presentPages() {
        return spec.presentPages();
    }

    @Override
    public long managedPages() {
        return spec.managedPages();
    }

    @Override
    public long freePages() {
        return freePages.get();
    }

    @Override
    public long nrFree(int order) {
        return freeArea.nrFree(order);
    }

    @Override
    public long nrFree(int order, MigrateType type) {
        return freeArea.nrFree(order, type.index());
    }

    @Override
    public long minWatermark() {
        return watermark[0];
    }

    @Override
    public long lowWatermark() {
        return watermark[1];
    }

    @Override
    public long highWatermark() {
        return watermark[2];
    }

    @Override
    public long lowmemReserve(int classzoneIdx) {
        return lowmemReserve[classzoneIdx];
    }

    @Override
    public long pageblocks(MigrateType type) {
        if (!populated()) {
            return 0;
        }
        // pagetypeinfo_showblockcount_print: sample from zone_start_pfn in steps of pageblock_nr_pages, skipping
        // pfns that are not pfn_valid. Holes sit at the zone's end; a hole pfn is still valid when it shares a
        // 128 MiB memory section with present memory (SECTION_SIZE_BITS 27 on x86_64).
        long n = 0;
        int mt = type.index();
        long lastPresent = spec.startPfn() + spec.presentPages() - 1;
        for (long pfn = spec.startPfn(); pfn < spec.endPfn(); pfn += io.slowpath.api.PageOrder.PAGEBLOCK_NR_PAGES) {
            if (pfn > lastPresent && (pfn >>> PFN_SECTION_SHIFT) != (lastPresent >>> PFN_SECTION_SHIFT)) {
                break;
            }
            if (freeArea.pageblockMigratetype((int) pfn) == mt) {
                n++;
            }
        }
        return n;
    }

    @Override
    public int pcpCount(int cpu) {
        PerCpuPages p = pcp[cpu];
        return p == null ? 0 : p.count();
    }

    @Override
    public int pcpHigh() {
        return pcp[0] == null ? 0 : pcp[0].high();
    }

    @Override
    public int pcpBatch() {
        return pcp[0] == null ? 1 : pcp[0].batch();
    }

    @Override
    public long stat(ZoneStatItem item) {
        if (item.ordinal() == NR_FREE_PAGES) {
            return Math.max(0, freePages.get());
        }
        return Math.max(0, stats.sum(item.ordinal()));
    }

    @Override
    public long pagesScanned() {
        return pagesScanned.get();
    }

    @Override
    public boolean allUnreclaimable() {
        return allUnreclaimable;
    }

    @Override
    public int inactiveRatio() {
        return inactiveRatio;
    }

    @Override
    public int statThreshold() {
        return statThreshold;
    }

    @Override
    public String toString() {
        return "Node " + nodeId() + " " + name();
    }
}
