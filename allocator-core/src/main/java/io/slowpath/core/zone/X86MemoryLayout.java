package io.slowpath.core.zone;

import io.slowpath.api.PageOrder;
import io.slowpath.api.ZoneType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The zones a 3.10 x86_64 kernel builds on a qemu {@code -machine pc} guest, from the RAM of each NUMA node.
 *
 * <p>Physical map (as the real boots' iomem shows it, and as qemu and SeaBIOS lay it out):
 * <ul>
 *   <li>RAM below 4 GiB is all of it, or 3 GiB when the guest has 3.5 GiB or more (qemu's {@code below_4g_mem_size});
 *       the rest starts at 4 GiB;</li>
 *   <li>page 0 is reserved by the kernel ({@code trim_bios_range}), 0x9fc00-0x100000 is the EBDA/VGA/BIOS hole, and
 *       the last 128 KiB below the top of low RAM hold the firmware's ACPI tables (e820 reserved);</li>
 *   <li>NUMA nodes take RAM in node order from address 0 (qemu's SRAT), the share that would fall into the PCI hole
 *       moved above 4 GiB.</li>
 * </ul>
 * Zones: DMA below pfn 4096 (16 MiB), DMA32 below pfn 1 &lt;&lt; 20 (4 GiB), Normal above, clipped to each node's pfn
 * span ({@code free_area_init_nodes}); an optional Movable zone from {@code kernelcore=}/{@code movablecore=}
 * ({@link ZoneMovableSplit}). Spanned and present pages follow from this exactly (checked against every real boot).
 * Managed pages are present minus a fitted model of boot reservations ({@link QemuBootReservations}): exact for the
 * real boots but for one page in Normal of the 4 GiB boot.
 */
public final class X86MemoryLayout {
    private static final long MIB = 1L << 20;
    /** qemu moves RAM above 4 GiB from this size of guest on ({@code max_ram_below_4g} default 0xe0000000). */
    static final long LOWMEM_LIMIT = 0xE0000000L;
    /** ... leaving this much below 4 GiB ({@code gigabyte_align}). */
    static final long LOWMEM_GIGABYTE_ALIGNED = 0xC0000000L;
    /** The firmware's reservation at the top of low RAM. */
    static final long FIRMWARE_TOP_RESERVED = 128L << 10;
    /** End of the first RAM range: 639 KiB, the EBDA above. */
    static final long BASE_RAM_END = 0x9FC00L;
    /** qemu gives each node but the last {@code size / nodes} rounded down to this ({@code numa_mem_align_shift} 23). */
    static final long NODE_ALIGN = 8 * MIB;
    static final long MIN_MEMORY = 64 * MIB;
    static final long MIN_NODE = 16 * MIB;
    /** x86_64 {@code MAX_PHYSMEM_BITS} = 46. */
    static final long MAX_MEMORY = 1L << 46;
    static final long MAX_DMA_PFN = 4096;
    static final long MAX_DMA32_PFN = 1L << 20;

    private X86MemoryLayout() {
    }

    /**
     * A range of RAM pfns of one node, {@code [startPfn, endPfn)}.
     *
     * @param node     the node id
     * @param startPfn the first pfn
     * @param endPfn   one past the last pfn
     */
    public record PfnRange(int node, long startPfn, long endPfn) {
        /** Checks that the range is not empty or negative. */
        public PfnRange {
            if (startPfn < 0 || endPfn <= startPfn) {
                throw new IllegalArgumentException("empty or negative pfn range [" + startPfn + ", " + endPfn + ")");
            }
        }

        /** The number of pages. */
        public long pages() {
            return endPfn - startPfn;
        }
    }

    /**
     * A laid-out machine.
     *
     * @param zones   all {@code MAX_NR_ZONES} zones of every node, node by node in zone index order
     * @param ram     the RAM pfn ranges (memblock.memory split by node), ascending; pfns outside them are holes
     * @param maxPfn  one past the highest RAM pfn ({@code max_pfn})
     */
    public record Layout(List<ZoneSpec> zones, List<PfnRange> ram, long maxPfn) {
        /** Copies the lists. */
        public Layout {
            zones = List.copyOf(zones);
            ram = List.copyOf(ram);
        }

        /** The zone of a node, empty or not. */
        public ZoneSpec zone(int node, ZoneType type) {
            for (ZoneSpec z : zones) {
                if (z.node() == node && z.type() == type) {
                    return z;
                }
            }
            throw new IllegalArgumentException("no node " + node + " in this layout");
        }
    }

    /**
     * The zones of a qemu pc guest with {@code memoryBytes} of RAM split over {@code nodes} nodes as qemu splits it
     * when no sizes are given ({@link #qemuNodeSplit}), with a {@code movablecore=} of {@code movablecoreBytes}
     * (0: no Movable zone).
     *
     * @throws IllegalArgumentException on a size that is not whole MiB, a guest under 64 MiB, a node under 16 MiB,
     *                                  or a movablecore that leaves no kernel memory
     */
    public static List<ZoneSpec> qemuPc(long memoryBytes, int nodes, long movablecoreBytes) {
        return qemuPc(qemuNodeSplit(memoryBytes, nodes), 0, movablecoreBytes).zones();
    }

    /**
     * How qemu splits guest RAM over NUMA nodes when only the node count is given: every node but the last gets
     * {@code memory / nodes} rounded down to 8 MiB, the last one the rest.
     */
    public static List<Long> qemuNodeSplit(long memoryBytes, int nodes) {
        if (nodes < 1) {
            throw new IllegalArgumentException("a machine needs at least one node, got " + nodes);
        }
        checkMemory(memoryBytes);
        List<Long> out = new ArrayList<>();
        long used = 0;
        for (int i = 0; i < nodes - 1; i++) {
            long share = memoryBytes / nodes / NODE_ALIGN * NODE_ALIGN;
            out.add(share);
            used += share;
        }
        out.add(memoryBytes - used);
        return out;
    }

    /**
     * The full layout of a qemu pc guest whose node i has {@code nodeRamBytes.get(i)} bytes of RAM.
     *
     * @param nodeRamBytes     RAM per node (whole MiB, at least 16 MiB each, at least 64 MiB in all)
     * @param kernelcoreBytes  {@code kernelcore=} (0: not given)
     * @param movablecoreBytes {@code movablecore=} (0: not given)
     */
    public static Layout qemuPc(List<Long> nodeRamBytes, long kernelcoreBytes, long movablecoreBytes) {
        if (nodeRamBytes == null || nodeRamBytes.isEmpty()) {
            throw new IllegalArgumentException("a machine needs at least one node, got none");
        }
        long total = 0;
        for (int i = 0; i < nodeRamBytes.size(); i++) {
            long b = nodeRamBytes.get(i);
            if (b < MIN_NODE || b % MIB != 0) {
                throw new IllegalArgumentException("node " + i + " needs whole MiB of RAM, at least " + MIN_NODE / MIB
                    + " MiB, got " + b + " bytes");
            }
            total += b;
        }
        checkMemory(total);
        if (kernelcoreBytes < 0 || movablecoreBytes < 0) {
            throw new IllegalArgumentException("kernelcore and movablecore must not be negative, got "
                + kernelcoreBytes + " and " + movablecoreBytes);
        }

        long below4g = total >= LOWMEM_LIMIT ? LOWMEM_GIGABYTE_ALIGNED : total;
        long above4g = total - below4g;
        long below4gEndPfn = (below4g - FIRMWARE_TOP_RESERVED) >> PageOrder.PAGE_SHIFT;
        List<long[]> e820Ram = new ArrayList<>();
        e820Ram.add(new long[] {PageOrder.PAGE_SIZE, BASE_RAM_END});
        e820Ram.add(new long[] {MIB, below4g - FIRMWARE_TOP_RESERVED});
        if (above4g > 0) {
            e820Ram.add(new long[] {1L << 32, (1L << 32) + above4g});
        }
        Map<Integer, List<PfnRange>> ramByNode = nodeRam(e820Ram, sratRanges(nodeRamBytes, below4g));
        long minPfn = Long.MAX_VALUE;
        long maxPfn = 0;
        List<PfnRange> allRam = new ArrayList<>();
        for (List<PfnRange> rs : ramByNode.values()) {
            for (PfnRange r : rs) {
                minPfn = Math.min(minPfn, r.startPfn());
                maxPfn = Math.max(maxPfn, r.endPfn());
                allRam.add(r);
            }
        }
        allRam.sort((a, b) -> Long.compare(a.startPfn(), b.startPfn()));

        // free_area_init_nodes: arch_zone_{lowest,highest}_possible_pfn.
        long[] low = {minPfn, Math.max(MAX_DMA_PFN, minPfn), Math.max(MAX_DMA32_PFN, minPfn)};
        long[] high = {low[1], Math.max(MAX_DMA32_PFN, low[1]), Math.max(maxPfn, Math.max(MAX_DMA32_PFN, low[1]))};
        int movableZone = high[ZoneType.NORMAL.index()] > low[ZoneType.NORMAL.index()]
            ? ZoneType.NORMAL.index() : ZoneType.DMA32.index();
        Map<Integer, Long> zmp = ZoneMovableSplit.zoneMovablePfn(ramByNode, low[movableZone],
            kernelcoreBytes >> PageOrder.PAGE_SHIFT, movablecoreBytes >> PageOrder.PAGE_SHIFT);

        List<ZoneSpec> sized = new ArrayList<>();
        for (var e : ramByNode.entrySet()) {
            sized.addAll(nodeZones(e.getKey(), e.getValue(), low, high, movableZone, zmp.get(e.getKey())));
        }
        long[] reserved = QemuBootReservations.reservedPages(sized, ramByNode, maxPfn, below4gEndPfn);
        List<ZoneSpec> zones = new ArrayList<>();
        for (int i = 0; i < sized.size(); i++) {
            ZoneSpec z = sized.get(i);
            long managed = z.presentPages() - reserved[i];
            if (managed < 0) {
                throw new IllegalArgumentException("zone " + z.type().kernelName() + " of node " + z.node() + " has "
                    + z.presentPages() + " pages but boot would reserve " + reserved[i] + "; give it more memory");
            }
            zones.add(new ZoneSpec(z.node(), z.type(), z.startPfn(), z.spannedPages(), z.presentPages(), managed));
        }
        return new Layout(zones, allRam, maxPfn);
    }

    private static void checkMemory(long bytes) {
        if (bytes < MIN_MEMORY || bytes > MAX_MEMORY || bytes % MIB != 0) {
            throw new IllegalArgumentException("memory must be whole MiB between " + MIN_MEMORY / MIB + " MiB and "
                + MAX_MEMORY / MIB + " MiB, got " + bytes + " bytes");
        }
    }

    /**
     * The SRAT memory affinity ranges qemu's {@code build_srat} writes: {@code {start, end, node}} in bytes, node 0
     * first with the 640 KiB below the ROM hole, each node's share cut at the top of low RAM and continued at 4 GiB.
     */
    private static List<long[]> sratRanges(List<Long> nodeRamBytes, long below4g) {
        List<long[]> out = new ArrayList<>();
        out.add(new long[] {0, 640L << 10, 0});
        long next = MIB;
        for (int i = 0; i < nodeRamBytes.size(); i++) {
            long base = next;
            long len = nodeRamBytes.get(i) - (i == 0 ? MIB : 0);
            next = base + len;
            if (base <= below4g && next > below4g) {
                long lowPart = below4g - base;
                if (lowPart > 0) {
                    out.add(new long[] {base, below4g, i});
                }
                base = 1L << 32;
                len = next - below4g;
                next = base + len;
            }
            if (len > 0) {
                out.add(new long[] {base, base + len, i});
            }
        }
        return out;
    }

    /** memblock.memory as pfn ranges by node: e820 RAM cut by the SRAT, page-aligned inwards. */
    private static Map<Integer, List<PfnRange>> nodeRam(List<long[]> e820Ram, List<long[]> srat) {
        Map<Integer, List<PfnRange>> byNode = new TreeMap<>();
        for (long[] ram : e820Ram) {
            for (long[] s : srat) {
                long start = Math.max(ram[0], s[0]);
                long end = Math.min(ram[1], s[1]);
                long startPfn = (start + PageOrder.PAGE_SIZE - 1) >> PageOrder.PAGE_SHIFT;
                long endPfn = end >> PageOrder.PAGE_SHIFT;
                if (startPfn < endPfn) {
                    byNode.computeIfAbsent((int) s[2], n -> new ArrayList<>()).add(new PfnRange((int) s[2], startPfn, endPfn));
                }
            }
        }
        byNode.values().forEach(l -> l.sort((a, b) -> Long.compare(a.startPfn(), b.startPfn())));
        byNode.replaceAll((n, l) -> Collections.unmodifiableList(l));
        return byNode;
    }

    /**
     * One node's zones with start, spanned and present pages (managed still equal to present). Models
     * mm/page_alloc.c: zone_spanned_pages_in_node, zone_absent_pages_in_node, adjust_zone_range_for_zone_movable and
     * the running {@code zone_start_pfn} of free_area_init_core (Linux 3.10).
     */
    private static List<ZoneSpec> nodeZones(int nid, List<PfnRange> ram, long[] low, long[] high, int movableZone,
                                            long zoneMovablePfn) {
        long nodeStart = ram.get(0).startPfn();
        long nodeEnd = ram.get(ram.size() - 1).endPfn();
        List<ZoneSpec> out = new ArrayList<>();
        long zoneStartPfn = nodeStart;
        for (ZoneType t : ZoneType.values()) {
            long start;
            long end;
            if (t == ZoneType.MOVABLE) {
                start = zoneMovablePfn;
                end = zoneMovablePfn == 0 ? 0 : Math.min(nodeEnd, high[movableZone]);
            } else {
                start = low[t.index()];
                end = high[t.index()];
                if (zoneMovablePfn != 0) {
                    if (start < zoneMovablePfn && end > zoneMovablePfn) {
                        end = zoneMovablePfn;
                    } else if (start >= zoneMovablePfn) {
                        start = end;
                    }
                }
            }
            long spanned = 0;
            if (!(end < nodeStart || start > nodeEnd)) {
                spanned = Math.max(0, Math.min(end, nodeEnd) - Math.max(start, nodeStart));
            }
            long present = 0;
            for (PfnRange r : ram) {
                present += Math.max(0, Math.min(r.endPfn(), zoneStartPfn + spanned) - Math.max(r.startPfn(), zoneStartPfn));
            }
            out.add(new ZoneSpec(nid, t, zoneStartPfn, spanned, present, present));
            zoneStartPfn += spanned;
        }
        return out;
    }
}
