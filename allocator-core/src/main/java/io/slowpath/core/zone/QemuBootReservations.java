package io.slowpath.core.zone;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The pages a 3.10.108 x86_64 kernel keeps at boot on a qemu {@code pc} machine (memblock reservations never given to
 * the buddy allocator), so that {@code managed = present - reserved} for each zone.
 *
 * <p>This is a model fitted to the ten real boots of real-kernel-3.10.108 (128 MiB to 4 GiB, 1 node with 1 CPU and
 * 2 nodes with 1 CPU each, an initrd of the same size everywhere), not a derivation: the kernel's exact list of
 * allocations is not visible in /proc. Each term names what most likely fills it:
 * <ul>
 *   <li>21 pages of ZONE_DMA: the low 64 KiB and the real-mode trampoline;</li>
 *   <li>2574 pages where the kernel image lies ({@code _text} at 16 MiB up to {@code __bss_stop}, as iomem shows);</li>
 *   <li>per node, in the node's highest zone: the memmap, 512 pages (2 MiB of 64-byte {@code struct page}) per
 *       128 MiB section holding RAM, plus 38 pages on node 0 or 29 on any other node, plus
 *       {@code (span >> 16) + (span >> 17)} pages for the node's pfn span from the start of its first section to
 *       its last RAM page (about 6 pages per GiB: page tables and other per-memory bookkeeping);</li>
 *   <li>541 pages at the top of RAM below 4 GiB, where qemu loads the initrd;</li>
 *   <li>253 pages plus the PID hash table at the top of RAM (memblock allocates top-down);</li>
 *   <li>with RAM above 4 GiB, swiotlb: 16392 pages below 4 GiB (64 MiB bounce buffer and its overflow buffer) and
 *       96 pages of bookkeeping at the top.</li>
 * </ul>
 * Against the real boots: DMA exact everywhere; DMA32 exact everywhere; Normal of the 4 GiB boot 1 page high
 * (245335 instead of 245334). Other sizes, node counts and CPU counts are extrapolations: expect a few pages, not
 * more, of error per GiB on an otherwise identical kernel, and anything on another kernel build.
 */
final class QemuBootReservations {
    static final long DMA_LOW_PAGES = 21;
    static final long KERNEL_IMAGE_PAGES = 2574;
    static final long KERNEL_IMAGE_PFN = 0x1000000L >> 12;
    static final long MEMMAP_PAGES_PER_SECTION = 512;
    static final int PFN_SECTION_SHIFT = 27 - 12;
    static final long BOOT_NODE_PAGES = 38;
    static final long OTHER_NODE_PAGES = 29;
    static final long INITRD_PAGES = 541;
    static final long TOP_OF_RAM_PAGES = 253;
    static final long SWIOTLB_LOW_PAGES = (64L << 20) / 4096 + (32L << 10) / 4096;
    static final long SWIOTLB_META_PAGES = 96;

    private QemuBootReservations() {
    }

    /**
     * Reserved pages per zone, parallel to {@code zones}.
     *
     * @param zones          every zone of every node (present pages already known)
     * @param ramByNode      each node's RAM pfn ranges, ascending
     * @param maxPfn         one past the highest RAM pfn
     * @param below4gEndPfn  one past the highest RAM pfn below 4 GiB
     */
    static long[] reservedPages(List<ZoneSpec> zones, Map<Integer, List<X86MemoryLayout.PfnRange>> ramByNode,
                                long maxPfn, long below4gEndPfn) {
        long[] reserved = new long[zones.size()];
        Lookup at = new Lookup(zones, ramByNode);
        reserved[at.zoneOf(1)] += DMA_LOW_PAGES;
        reserved[at.zoneOf(KERNEL_IMAGE_PFN)] += KERNEL_IMAGE_PAGES;

        Map<Integer, Long> sections = sectionsByNode(ramByNode);
        for (var e : ramByNode.entrySet()) {
            int nid = e.getKey();
            List<X86MemoryLayout.PfnRange> ranges = e.getValue();
            // The node's span counted from the start of its first memory section.
            long firstSection = ranges.get(0).startPfn() >> PFN_SECTION_SHIFT << PFN_SECTION_SHIFT;
            long span = ranges.get(ranges.size() - 1).endPfn() - firstSection;
            long local = MEMMAP_PAGES_PER_SECTION * sections.getOrDefault(nid, 0L)
                + (nid == firstNode(ramByNode) ? BOOT_NODE_PAGES : OTHER_NODE_PAGES) + (span >> 16) + (span >> 17);
            reserved[at.highestPopulated(nid)] += local;
        }

        boolean highMemory = maxPfn > (1L << 20);
        int lowTop = at.zoneOf(below4gEndPfn - 1);
        reserved[lowTop] += INITRD_PAGES + (highMemory ? SWIOTLB_LOW_PAGES : 0);
        int top = at.zoneOf(maxPfn - 1);
        reserved[top] += TOP_OF_RAM_PAGES + pidHashPages(zones) + (highMemory ? SWIOTLB_META_PAGES : 0);
        return reserved;
    }

    private static int firstNode(Map<Integer, List<X86MemoryLayout.PfnRange>> ramByNode) {
        return ramByNode.keySet().iterator().next();
    }

    /**
     * Sections holding RAM, by the node that claims each first: {@code memory_present} marks a section with the nid
     * of the lowest RAM in it, and the section's memmap is allocated on that node.
     */
    private static Map<Integer, Long> sectionsByNode(Map<Integer, List<X86MemoryLayout.PfnRange>> ramByNode) {
        List<X86MemoryLayout.PfnRange> all = new ArrayList<>();
        ramByNode.values().forEach(all::addAll);
        all.sort(Comparator.comparingLong(X86MemoryLayout.PfnRange::startPfn));
        Map<Long, Integer> owner = new TreeMap<>();
        for (X86MemoryLayout.PfnRange r : all) {
            for (long s = r.startPfn() >> PFN_SECTION_SHIFT; s <= (r.endPfn() - 1) >> PFN_SECTION_SHIFT; s++) {
                owner.putIfAbsent(s, r.node());
            }
        }
        Map<Integer, Long> count = new TreeMap<>();
        owner.values().forEach(nid -> count.merge(nid, 1L, Long::sum));
        return count;
    }

    /**
     * The pages of the PID hash table ({@code pidhash_init} through {@code alloc_large_system_hash}: one 8-byte
     * bucket per 256 KiB of {@code nr_kernel_pages}, at least 16, a power of two, at most 4096).
     */
    static long pidHashPages(List<ZoneSpec> zones) {
        long nrKernelPages = 0;
        for (ZoneSpec z : zones) {
            long memmap = memmapEstimate(z.spannedPages(), z.presentPages());
            nrKernelPages += z.presentPages() >= memmap ? z.presentPages() - memmap : z.presentPages();
        }
        long entries = (nrKernelPages + 255) >> 8 << 8;
        entries >>= 18 - 12;
        if ((entries >> 4) == 0) {
            entries = 1 << 4;
        }
        entries = Math.min(Long.highestOneBit(entries - 1) << 1, 4096);
        return (8 * entries + 4095) / 4096;
    }

    /** Models mm/page_alloc.c: calc_memmap_size (Linux 3.10, SPARSEMEM): memmap pages free_area_init_core expects. */
    static long memmapEstimate(long spanned, long present) {
        long pages = spanned > present + (present >> 4) ? present : spanned;
        return (pages * 64 + 4095) / 4096;
    }

    /** Finds zones by pfn and by node. */
    private static final class Lookup {
        private final List<ZoneSpec> zones;
        private final Map<Integer, List<X86MemoryLayout.PfnRange>> ram;

        Lookup(List<ZoneSpec> zones, Map<Integer, List<X86MemoryLayout.PfnRange>> ram) {
            this.zones = zones;
            this.ram = ram;
        }

        /** The index of the zone whose range holds RAM page {@code pfn}. */
        int zoneOf(long pfn) {
            for (int i = 0; i < zones.size(); i++) {
                ZoneSpec z = zones.get(i);
                if (z.populated() && pfn >= z.startPfn() && pfn < z.endPfn() && isRam(z.node(), pfn)) {
                    return i;
                }
            }
            throw new IllegalArgumentException("pfn " + pfn + " is not RAM of any zone; the layout is too small for a"
                + " kernel loaded at 16 MiB");
        }

        /** The index of the node's highest populated zone, where its top-down memblock allocations land. */
        int highestPopulated(int nid) {
            int best = -1;
            for (int i = 0; i < zones.size(); i++) {
                ZoneSpec z = zones.get(i);
                if (z.node() == nid && z.populated()
                    && (best < 0 || z.type().index() > zones.get(best).type().index())) {
                    best = i;
                }
            }
            if (best < 0) {
                throw new IllegalArgumentException("node " + nid + " has no populated zone");
            }
            return best;
        }

        private boolean isRam(int nid, long pfn) {
            for (X86MemoryLayout.PfnRange r : ram.getOrDefault(nid, List.of())) {
                if (pfn >= r.startPfn() && pfn < r.endPfn()) {
                    return true;
                }
            }
            return false;
        }
    }
}
