package io.slowpath.core.zone;

import io.slowpath.api.PageOrder;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where ZONE_MOVABLE starts on each node for {@code kernelcore=} / {@code movablecore=}. Models mm/page_alloc.c:
 * find_zone_movable_pfns_for_nodes (Linux 3.10): the memory usable by the kernel is spread as evenly as possible over
 * the nodes, walking each node's RAM from the bottom; what is left above becomes Movable. Memory below the lowest pfn
 * of the zone Movable is carved from counts as kernel memory and is never Movable.
 */
final class ZoneMovableSplit {
    private ZoneMovableSplit() {
    }

    /**
     * {@code zone_movable_pfn[]} by node id (0: the node has no Movable zone).
     *
     * @param ramByNode        each node's RAM pfn ranges, ascending (nodes with memory only)
     * @param usableStartPfn   {@code arch_zone_lowest_possible_pfn[movable_zone]}
     * @param kernelcorePages  {@code kernelcore=} in pages (0: not given)
     * @param movablecorePages {@code movablecore=} in pages (0: not given)
     */
    static Map<Integer, Long> zoneMovablePfn(Map<Integer, List<X86MemoryLayout.PfnRange>> ramByNode,
                                             long usableStartPfn, long kernelcorePages, long movablecorePages) {
        Map<Integer, Long> zmp = new TreeMap<>();
        for (int nid : ramByNode.keySet()) {
            zmp.put(nid, 0L);
        }
        long totalPages = 0;
        for (List<X86MemoryLayout.PfnRange> ranges : ramByNode.values()) {
            for (X86MemoryLayout.PfnRange r : ranges) {
                totalPages += r.pages();
            }
        }
        long requiredKernelcore = kernelcorePages;
        if (movablecorePages != 0) {
            // Round up so that ZONE_MOVABLE is at least what was asked for.
            long movable = roundUp(movablecorePages, PageOrder.MAX_ORDER_NR_PAGES);
            if (movable >= totalPages) {
                throw new IllegalArgumentException("movablecore of " + movablecorePages + " pages (" + movable
                    + " rounded to " + PageOrder.MAX_ORDER_NR_PAGES + ") leaves no memory for the kernel: the machine"
                    + " has " + totalPages + " pages");
            }
            requiredKernelcore = Math.max(requiredKernelcore, totalPages - movable);
        }
        if (requiredKernelcore == 0) {
            return zmp;
        }
        int usableNodes = ramByNode.size();
        do {
            long kernelcoreNode = requiredKernelcore / usableNodes;
            for (var e : ramByNode.entrySet()) {
                int nid = e.getKey();
                if (requiredKernelcore < kernelcoreNode) {
                    kernelcoreNode = requiredKernelcore / usableNodes;
                }
                long remaining = kernelcoreNode;
                for (X86MemoryLayout.PfnRange r : e.getValue()) {
                    long start = Math.max(r.startPfn(), zmp.get(nid));
                    long end = r.endPfn();
                    if (start >= end) {
                        continue;
                    }
                    if (start < usableStartPfn) {
                        // Memory below the movable zone's range can only ever be kernel memory.
                        long kernelPages = Math.min(end, usableStartPfn) - start;
                        remaining -= Math.min(kernelPages, remaining);
                        requiredKernelcore -= Math.min(kernelPages, requiredKernelcore);
                        if (end <= usableStartPfn) {
                            zmp.put(nid, end);
                            continue;
                        }
                        start = usableStartPfn;
                    }
                    long size = Math.min(end - start, remaining);
                    zmp.put(nid, start + size);
                    requiredKernelcore -= Math.min(requiredKernelcore, size);
                    remaining -= size;
                    if (remaining == 0) {
                        break;
                    }
                }
            }
            // Nodes too small for their share leave some kernelcore over: spread it over one node fewer.
            usableNodes--;
        } while (usableNodes > 0 && requiredKernelcore > usableNodes);

        zmp.replaceAll((nid, pfn) -> roundUp(pfn, PageOrder.MAX_ORDER_NR_PAGES));
        return zmp;
    }

    private static long roundUp(long x, long to) {
        return (x + to - 1) / to * to;
    }
}
