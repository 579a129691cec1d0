package io.slowpath.bench;

import static io.slowpath.api.PageOrder.MAX_ORDER;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Puts an allocator into the steady state the pair benchmarks measure: for each benchmarked order there are free
 * blocks of exactly that order whose buddies are allocated, so an alloc+free pair neither splits a larger block nor
 * merges on free. Nothing of another order is free.
 *
 * <p>How: allocate the whole zone as order-9 blocks (order 9 is the largest order benchmarked), share them out among
 * the benchmarked orders in address order, and for each order {@code k < 9} (lowest first) free its share, allocate
 * it all back as order-{@code k} blocks and free every other one (those with an even index {@code pfn >> k}). The
 * order-9 share frees its even-indexed blocks. Orders are done lowest first because an allocation takes the smallest
 * free order at or above the one asked for: lower orders' holes are never split by a later, higher order.
 */
final class Prefragmenter {
    private static final int TOP = MAX_ORDER - 2;

    private Prefragmenter() {
    }

    /**
     * Pre-fragments {@code a} for pairs of the given orders (each between 0 and 9).
     *
     * @return the number of pages left free (on free lists or per-CPU lists)
     */
    static long prefragment(PairAllocator a, int... orders) {
        int[] distinct = Arrays.stream(orders).distinct().sorted().toArray();
        if (distinct.length == 0 || distinct[0] < 0 || distinct[distinct.length - 1] > TOP) {
            throw new IllegalArgumentException("orders must be non-empty and within 0.." + TOP + ", got "
                + Arrays.toString(orders));
        }
        List<Long> blocks = new ArrayList<>();
        for (long pfn; (pfn = a.allocIgnoringWatermarks(TOP)) >= 0; ) {
            blocks.add(pfn);
        }
        // Anything the zone could not hand out as order 9 stays allocated for good.
        for (int o = TOP - 1; o >= 0; o--) {
            while (a.allocIgnoringWatermarks(o) >= 0) {
                // keep it
            }
        }
        blocks.sort(null);
        if (blocks.size() < 2 * distinct.length) {
            throw new IllegalStateException("zone too small: " + blocks.size() + " order-" + TOP + " blocks for "
                + distinct.length + " orders");
        }
        long freePages = 0;
        int share = blocks.size() / distinct.length & ~1;
        for (int g = 0; g < distinct.length; g++) {
            int k = distinct[g];
            int from = g * share;
            int to = g == distinct.length - 1 ? blocks.size() : from + share;
            List<Long> mine = blocks.subList(from, to);
            if (k == TOP) {
                for (long pfn : mine) {
                    if (((pfn >> TOP) & 1) == 0) {
                        a.free(pfn, TOP);
                        freePages += 1L << TOP;
                    }
                }
                continue;
            }
            for (long pfn : mine) {
                a.free(pfn, TOP);
            }
            long count = (long) mine.size() << (TOP - k);
            long[] got = new long[(int) count];
            for (int i = 0; i < count; i++) {
                got[i] = a.allocIgnoringWatermarks(k);
                if (got[i] < 0) {
                    throw new IllegalStateException("re-allocating order " + k + " ran out after " + i + " blocks");
                }
            }
            for (long pfn : got) {
                if (((pfn >> k) & 1) == 0) {
                    a.free(pfn, k);
                    freePages += 1L << k;
                }
            }
        }
        return freePages;
    }
}
