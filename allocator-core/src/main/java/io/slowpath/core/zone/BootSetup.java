package io.slowpath.core.zone;

import io.slowpath.api.MigrateType;
import io.slowpath.api.PageOrder;
import io.slowpath.api.ZoneType;
import io.slowpath.core.config.KernelFlavour;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The boot-time arithmetic of a 3.10 machine, from zone sizes to watermarks, {@code lowmem_reserve}, reserve
 * pageblock counts, per-CPU list limits and vmstat thresholds, replayed in the kernel's boot order:
 * <ol>
 *   <li>{@code build_all_zonelists}: {@code page_group_by_mobility_disabled} from {@code vm_total_pages};</li>
 *   <li>{@code setup_per_cpu_pageset}: pcp high and batch from {@code zone_batchsize};</li>
 *   <li>{@code init_per_zone_wmark_min} (module_init): default {@code min_free_kbytes}, watermarks, stat thresholds
 *       and {@code percpu_drift_mark}, {@code lowmem_reserve}, {@code inactive_ratio};</li>
 *   <li>{@code hugepage_init} / {@code set_recommended_min_free_kbytes}: the THP raise and new watermarks;</li>
 *   <li>after boot, a user-set {@code vm.min_free_kbytes} ({@code min_free_kbytes_sysctl_handler}: watermarks only)
 *       and {@code vm.percpu_pagelist_fraction}.</li>
 * </ol>
 * Pure: the result depends on the arguments only.
 */
public final class BootSetup {
    private BootSetup() {
    }

    /**
     * Computes everything the boot sets up for these zones.
     *
     * @param zones    the zones of every node; zone types a node does not list are empty
     * @param settings cpus, flavour, THP, and the sysctls {@code min_free_kbytes}, {@code lowmem_reserve_ratio},
     *                 {@code percpu_pagelist_fraction} (the thread slots, zonelist order and distances are not used)
     * @throws IllegalArgumentException on a zone given twice, no managed page at all, or a negative min_free_kbytes
     */
    public static Result compute(List<ZoneSpec> zones, MachineSettings settings) {
        ZoneTable t = ZoneTable.of(zones);
        int cpus = settings.cpus();
        int n = t.size();

        // build_all_zonelists: every high watermark is still 0, so vm_total_pages is the managed sum of all zones.
        long vmTotalPages = t.nrFreeZonePages(ZoneType.MOVABLE, new long[n]);
        boolean mobilityOff = vmTotalPages < (long) PageOrder.PAGEBLOCK_NR_PAGES * MigrateType.MIGRATE_TYPES;

        // init_per_zone_wmark_min.
        long nrFreeAtBoot = t.nrFreeZonePages(ZoneType.NORMAL, new long[n]);
        long defaultKb = MinFreeKbytes.defaultFor(PageOrder.pagesToKb(nrFreeAtBoot), settings.flavour());
        Watermarks[] wm = watermarks(t, defaultKb);
        int[] threshold = new int[n];
        long[] drift = new long[n];
        for (int i = 0; i < n; i++) {
            if (t.get(i).populated()) {
                threshold[i] = VmstatThresholds.normal(t.get(i).managedPages(), cpus);
                drift[i] = VmstatThresholds.driftMark(wm[i], threshold[i], cpus, 0);
            }
        }
        int[] ratio = LowmemReserve.effectiveRatio(settings.lowmemReserveRatio());
        long[][] reserve = lowmemReserve(t, ratio);

        // hugepage_init clears THP below 512 MiB; otherwise start_khugepaged (module_init) and the late_initcall
        // both run set_recommended_min_free_kbytes, the second with the raised high watermarks.
        long kb = defaultKb;
        boolean thpActive = settings.thpEnabled() && t.lowmemPages() >= MinFreeKbytes.THP_MIN_TOTALRAM_PAGES;
        if (thpActive) {
            for (int call = 0; call < 2; call++) {
                long recommended = MinFreeKbytes.thpRecommendedKbytes(t.populatedCount(),
                    t.nrFreeZonePages(ZoneType.NORMAL, highs(wm)));
                kb = Math.max(kb, recommended);
                wm = watermarks(t, kb);
            }
        }
        if (settings.minFreeKbytes().isPresent()) {
            kb = checkMinFreeKbytes(settings.minFreeKbytes().getAsLong());
            wm = watermarks(t, kb);
        }

        List<ZoneResult> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ZoneSpec z = t.get(i);
            PcpLimits pcp = !z.populated() ? PcpLimits.BOOT
                : settings.percpuPagelistFraction() != 0
                    ? PcpLimits.forFraction(z.managedPages(), settings.percpuPagelistFraction())
                    : PcpLimits.forZone(z.managedPages());
            out.add(zoneResult(z, wm[i], reserve[i], pcp, threshold[i], drift[i], cpus));
        }
        return new Result(out, cpus, settings.flavour(), ratio, settings.percpuPagelistFraction(), nrFreeAtBoot,
            defaultKb, thpActive, kb, totalreserve(out), vmTotalPages, mobilityOff);
    }

    private static long checkMinFreeKbytes(long kb) {
        if (kb < 0 || kb > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("min_free_kbytes must be in 0.." + Integer.MAX_VALUE + " kB, got " + kb);
        }
        return kb;
    }

    /** Models mm/page_alloc.c: __setup_per_zone_wmarks (Linux 3.10), the watermark part, for every zone. */
    private static Watermarks[] watermarks(ZoneTable t, long minFreeKbytes) {
        long pagesMin = minFreeKbytes >> (PageOrder.PAGE_SHIFT - 10);
        long lowmemPages = t.lowmemPages();
        Watermarks[] wm = new Watermarks[t.size()];
        for (int i = 0; i < wm.length; i++) {
            wm[i] = Watermarks.forZone(pagesMin, t.get(i).managedPages(), lowmemPages);
        }
        return wm;
    }

    private static long[] highs(Watermarks[] wm) {
        long[] h = new long[wm.length];
        for (int i = 0; i < wm.length; i++) {
            h[i] = wm[i].high();
        }
        return h;
    }

    /** {@code setup_per_zone_lowmem_reserve} for every node; row i belongs to zone i of the table. */
    private static long[][] lowmemReserve(ZoneTable t, int[] ratio) {
        long[][] out = new long[t.size()][];
        for (int first = 0; first < t.size(); first += ZoneType.MAX_NR_ZONES) {
            long[][] node = LowmemReserve.forNode(t.nodeManaged(first), ratio);
            System.arraycopy(node, 0, out, first, ZoneType.MAX_NR_ZONES);
        }
        return out;
    }

    private static ZoneResult zoneResult(ZoneSpec z, Watermarks wm, long[] reserve, PcpLimits pcp, int threshold,
                                         long drift, int cpus) {
        return new ZoneResult(z, wm, reserve, dirtyBalanceReserve(z, wm, reserve), wm.reserveBlockTarget(), pcp,
            threshold, z.populated() ? VmstatThresholds.pressure(wm, cpus) : 0, drift,
            InactiveRatio.forManaged(z.managedPages()));
    }

    /**
     * The per-zone term of mm/page_alloc.c: calculate_totalreserve_pages (Linux 3.10): the largest
     * {@code lowmem_reserve[j]} for j at or above the zone's own index, plus the high watermark, at most managed.
     */
    private static long dirtyBalanceReserve(ZoneSpec z, Watermarks wm, long[] reserve) {
        long max = 0;
        for (int j = z.type().index(); j < reserve.length; j++) {
            max = Math.max(max, reserve[j]);
        }
        return Math.min(max + wm.high(), z.managedPages());
    }

    private static long totalreserve(List<ZoneResult> zones) {
        long sum = 0;
        for (ZoneResult z : zones) {
            sum += z.dirtyBalanceReserve();
        }
        return sum;
    }

    /** Models mm/page_alloc.c: min_free_kbytes_sysctl_handler (Linux 3.10): new watermarks and reserves only. */
    static Result rewatermark(Result r, long minFreeKbytes) {
        long kb = checkMinFreeKbytes(minFreeKbytes);
        ZoneTable t = ZoneTable.of(r.specs());
        Watermarks[] wm = watermarks(t, kb);
        List<ZoneResult> out = new ArrayList<>();
        for (int i = 0; i < wm.length; i++) {
            ZoneResult z = r.zones().get(i);
            out.add(zoneResult(z.spec(), wm[i], z.lowmemReserve(), z.pcp(), z.statThreshold(), z.percpuDriftMark(),
                r.cpus()));
        }
        return r.with(out, kb, r.lowmemReserveRatio(), r.percpuPagelistFraction());
    }

    /** Models mm/page_alloc.c: lowmem_reserve_ratio_sysctl_handler (Linux 3.10): new reserves and totalreserve. */
    static Result reratio(Result r, int[] ratio) {
        int[] eff = LowmemReserve.effectiveRatio(ratio);
        ZoneTable t = ZoneTable.of(r.specs());
        long[][] reserve = lowmemReserve(t, eff);
        List<ZoneResult> out = new ArrayList<>();
        for (int i = 0; i < reserve.length; i++) {
            ZoneResult z = r.zones().get(i);
            out.add(zoneResult(z.spec(), z.watermarks(), reserve[i], z.pcp(), z.statThreshold(), z.percpuDriftMark(),
                r.cpus()));
        }
        return r.with(out, r.minFreeKbytes(), eff, r.percpuPagelistFraction());
    }

    /** Models mm/page_alloc.c: percpu_pagelist_fraction_sysctl_handler (Linux 3.10): every populated zone. */
    static Result refraction(Result r, int fraction) {
        List<ZoneResult> out = new ArrayList<>();
        for (ZoneResult z : r.zones()) {
            PcpLimits pcp = z.spec().populated() ? PcpLimits.forFraction(z.spec().managedPages(), fraction) : z.pcp();
            out.add(zoneResult(z.spec(), z.watermarks(), z.lowmemReserve(), pcp, z.statThreshold(),
                z.percpuDriftMark(), r.cpus()));
        }
        return r.with(out, r.minFreeKbytes(), r.lowmemReserveRatio(), fraction);
    }

    /**
     * What boot set up for one zone. Values in pages unless named otherwise.
     *
     * @param spec                the zone's sizes
     * @param watermarks          {@code watermark[]}
     * @param lowmemReserve       {@code lowmem_reserve[MAX_NR_ZONES]}
     * @param dirtyBalanceReserve {@code dirty_balance_reserve}: max lowmem_reserve at or above the zone + high, at most
     *                            managed
     * @param reserveBlocks       MIGRATE_RESERVE pageblocks {@code setup_zone_migrate_reserve} aims for (0..2)
     * @param pcp                 per-CPU list high and batch (the same for every CPU)
     * @param statThreshold       vmstat {@code stat_threshold} ({@code calculate_normal_threshold}; 0 for an empty zone)
     * @param pressureThreshold   the threshold kswapd uses while it runs ({@code calculate_pressure_threshold})
     * @param percpuDriftMark     {@code percpu_drift_mark} (0: not set)
     * @param inactiveRatio       {@code inactive_ratio}
     */
    public record ZoneResult(ZoneSpec spec, Watermarks watermarks, long[] lowmemReserve, long dirtyBalanceReserve,
                             int reserveBlocks, PcpLimits pcp, int statThreshold, int pressureThreshold,
                             long percpuDriftMark, int inactiveRatio) {
        /** Copies the reserve array, which must have {@code MAX_NR_ZONES} entries. */
        public ZoneResult {
            if (lowmemReserve.length != ZoneType.MAX_NR_ZONES) {
                throw new IllegalArgumentException("lowmem_reserve needs " + ZoneType.MAX_NR_ZONES + " entries, got "
                    + lowmemReserve.length);
            }
            lowmemReserve = lowmemReserve.clone();
        }

        /** A copy of {@code lowmem_reserve[]}. */
        @Override
        public long[] lowmemReserve() {
            return lowmemReserve.clone();
        }

        /** {@code lowmem_reserve[classzoneIdx]}. */
        public long lowmemReserve(int classzoneIdx) {
            return lowmemReserve[classzoneIdx];
        }

        /** The node id. */
        public int node() {
            return spec.node();
        }

        /** The zone type. */
        public ZoneType type() {
            return spec.type();
        }

        /** {@code watermark[WMARK_MIN]}. */
        public long min() {
            return watermarks.min();
        }

        /** {@code watermark[WMARK_LOW]}. */
        public long low() {
            return watermarks.low();
        }

        /** {@code watermark[WMARK_HIGH]}. */
        public long high() {
            return watermarks.high();
        }

        /** {@code pcp->high}. */
        public int pcpHigh() {
            return pcp.high();
        }

        /** {@code pcp->batch}. */
        public int pcpBatch() {
            return pcp.batch();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ZoneResult z && spec.equals(z.spec) && watermarks.equals(z.watermarks)
                && Arrays.equals(lowmemReserve, z.lowmemReserve) && dirtyBalanceReserve == z.dirtyBalanceReserve
                && reserveBlocks == z.reserveBlocks && pcp.equals(z.pcp) && statThreshold == z.statThreshold
                && pressureThreshold == z.pressureThreshold && percpuDriftMark == z.percpuDriftMark
                && inactiveRatio == z.inactiveRatio;
        }

        @Override
        public int hashCode() {
            return 31 * spec.hashCode() + 17 * watermarks.hashCode() + Arrays.hashCode(lowmemReserve);
        }

        @Override
        public String toString() {
            return "Node " + node() + " " + type().kernelName() + ": managed " + spec.managedPages() + ", min/low/high "
                + min() + "/" + low() + "/" + high() + ", lowmem_reserve " + Arrays.toString(lowmemReserve)
                + ", dirty_balance_reserve " + dirtyBalanceReserve + ", reserve blocks " + reserveBlocks + ", pcp "
                + pcp.high() + "/" + pcp.batch() + ", stat_threshold " + statThreshold + ", pressure "
                + pressureThreshold + ", percpu_drift_mark " + percpuDriftMark + ", inactive_ratio " + inactiveRatio;
        }
    }

    /**
     * The machine-wide outcome of the boot arithmetic and every zone's share.
     *
     * <p>Approximations: the kernel computes {@code vm_total_pages} before memblock hands its pages over, from the
     * early estimate present minus memmap, and {@code hugepage_init} compares {@code totalram_pages}, which by then
     * also counts the freed initrd; both are taken here as the managed sum of all zones. Only machines near 8 MiB
     * (mobility grouping) or near 512 MiB (THP) could tell the difference.
     *
     * @param zones                   every zone of every node, {@code for_each_zone} order (node, then zone index)
     * @param cpus                    {@code num_online_cpus} the thresholds were computed for
     * @param flavour                 the kernel simulated
     * @param lowmemReserveRatio      the ratios in force (entries below 1 already raised to 1)
     * @param percpuPagelistFraction  {@code vm.percpu_pagelist_fraction} (0: unused)
     * @param nrFreeBufferPagesAtBoot {@code nr_free_buffer_pages()} when {@code init_per_zone_wmark_min} ran: managed
     *                                pages of DMA, DMA32 and Normal of all nodes
     * @param defaultMinFreeKbytes    the default {@code init_per_zone_wmark_min} chose
     * @param thpActive               THP was asked for and the machine has at least 512 MiB, so khugepaged raised
     *                                min_free_kbytes (if its recommendation was larger)
     * @param minFreeKbytes           {@code min_free_kbytes} in force
     * @param totalreservePages       {@code totalreserve_pages} (= {@code dirty_balance_reserve})
     * @param vmTotalPages            {@code vm_total_pages} of {@code build_all_zonelists}
     * @param mobilityGroupingDisabled {@code page_group_by_mobility_disabled}
     */
    public record Result(List<ZoneResult> zones, int cpus, KernelFlavour flavour, int[] lowmemReserveRatio,
                         int percpuPagelistFraction, long nrFreeBufferPagesAtBoot, long defaultMinFreeKbytes,
                         boolean thpActive, long minFreeKbytes, long totalreservePages, long vmTotalPages,
                         boolean mobilityGroupingDisabled) {
        /** Copies the lists and arrays. */
        public Result {
            zones = Collections.unmodifiableList(new ArrayList<>(zones));
            lowmemReserveRatio = lowmemReserveRatio.clone();
        }

        /** A copy of the ratios in force. */
        @Override
        public int[] lowmemReserveRatio() {
            return lowmemReserveRatio.clone();
        }

        /**
         * The zone of a node.
         *
         * @throws IllegalArgumentException if the machine has no such node
         */
        public ZoneResult zone(int node, ZoneType type) {
            for (ZoneResult z : zones) {
                if (z.node() == node && z.type() == type) {
                    return z;
                }
            }
            throw new IllegalArgumentException("no node " + node + " in this machine (nodes: " + nodeIds() + ")");
        }

        /** The node ids, ascending. */
        public List<Integer> nodeIds() {
            List<Integer> ids = new ArrayList<>();
            for (ZoneResult z : zones) {
                if (!ids.contains(z.node())) {
                    ids.add(z.node());
                }
            }
            return ids;
        }

        /** The populated zones, {@code for_each_populated_zone} order. */
        public List<ZoneResult> populatedZones() {
            return zones.stream().filter(z -> z.spec().populated()).toList();
        }

        /** {@code lowmem_kbytes} of {@code init_per_zone_wmark_min}. */
        public long lowmemKbytesAtBoot() {
            return PageOrder.pagesToKb(nrFreeBufferPagesAtBoot);
        }

        /**
         * The state after {@code echo kb > /proc/sys/vm/min_free_kbytes}: watermarks, reserve block counts,
         * {@code dirty_balance_reserve} and {@code totalreserve_pages} recomputed; stat thresholds and
         * {@code percpu_drift_mark} kept, as the 3.10 handler leaves them.
         */
        public Result withMinFreeKbytes(long kb) {
            return BootSetup.rewatermark(this, kb);
        }

        /** The state after writing {@code vm.lowmem_reserve_ratio} (3 entries; entries below 1 count as 1). */
        public Result withLowmemReserveRatio(int[] ratio) {
            return BootSetup.reratio(this, ratio);
        }

        /**
         * The state after writing {@code vm.percpu_pagelist_fraction} (at least 8): every populated zone's pcp limits
         * become managed / fraction and a quarter of that (at most 96).
         */
        public Result withPercpuPagelistFraction(int fraction) {
            return BootSetup.refraction(this, fraction);
        }

        List<ZoneSpec> specs() {
            return zones.stream().map(ZoneResult::spec).toList();
        }

        Result with(List<ZoneResult> newZones, long kb, int[] ratio, int fraction) {
            return new Result(newZones, cpus, flavour, ratio, fraction, nrFreeBufferPagesAtBoot, defaultMinFreeKbytes,
                thpActive, kb, totalreserve(newZones), vmTotalPages, mobilityGroupingDisabled);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Result r && zones.equals(r.zones) && cpus == r.cpus && flavour == r.flavour
                && Arrays.equals(lowmemReserveRatio, r.lowmemReserveRatio)
                && percpuPagelistFraction == r.percpuPagelistFraction
                && nrFreeBufferPagesAtBoot == r.nrFreeBufferPagesAtBoot
                && defaultMinFreeKbytes == r.defaultMinFreeKbytes && thpActive == r.thpActive
                && minFreeKbytes == r.minFreeKbytes && totalreservePages == r.totalreservePages
                && vmTotalPages == r.vmTotalPages && mobilityGroupingDisabled == r.mobilityGroupingDisabled;
        }

        @Override
        public int hashCode() {
            return zones.hashCode() * 31 + Long.hashCode(minFreeKbytes);
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("min_free_kbytes " + minFreeKbytes + " (default " + defaultMinFreeKbytes
                + ", THP " + (thpActive ? "active" : "off") + "), totalreserve_pages " + totalreservePages
                + ", lowmem_reserve_ratio " + Arrays.toString(lowmemReserveRatio) + ", cpus " + cpus);
            for (ZoneResult z : zones) {
                sb.append("\n  ").append(z);
            }
            return sb.toString();
        }
    }
}
