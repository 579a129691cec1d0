package io.slowpath.core.buddy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * An obviously-correct, single-threaded model of the buddy rules of spec part 1 §6, written the way the kernel
 * describes them and with plain collections: one address-ordered {@link TreeSet} per (order, migrate type) for the free
 * lists, a map from a free block's first pfn to its order and list ({@code PageBuddy} and {@code page_order}), and an
 * {@code int[]} of pageblock types. {@code move_freepages_block} walks the pageblock page by page as the kernel does,
 * and the block stolen by a fallback stays on its list while it runs, as in the kernel.
 *
 * <p>Lists are taken lowest pfn first, like {@link FreeArea}, so both hand out the same pfns.
 */
final class ReferenceBuddy {
    static final int MAX_ORDER = 11;
    static final int TYPES = 4;
    static final int U = 0;
    static final int E = 1;
    static final int M = 2;
    static final int R = 3;
    static final int PB_ORDER = 9;
    static final int PB_PAGES = 1 << PB_ORDER;
    private static final int[][] FALLBACKS = {{E, M}, {U, M}, {E, U}, {}};

    final int zoneStart;
    final int zoneEnd;
    private final List<TreeSet<Integer>> lists = new ArrayList<>();
    /** First pfn of each free block -> {order, migrate type of its list}. */
    private final Map<Integer, int[]> freeHeads = new HashMap<>();
    private final int[] pageblockType;
    private final int firstPageblock;
    boolean groupingDisabled;

    ReferenceBuddy(int zoneStart, int zoneEnd) {
        this.zoneStart = zoneStart;
        this.zoneEnd = zoneEnd;
        for (int i = 0; i < MAX_ORDER * TYPES; i++) {
            lists.add(new TreeSet<>());
        }
        firstPageblock = zoneStart >>> PB_ORDER;
        pageblockType = new int[((zoneEnd - 1) >>> PB_ORDER) - firstPageblock + 1];
    }

    // ---- views ----

    long nrFree(int order, int mt) {
        return lists.get(order * TYPES + mt).size();
    }

    /** Free pages on the lists of one type, over all orders. */
    long freePagesOfType(int mt) {
        long n = 0;
        for (int o = 0; o < MAX_ORDER; o++) {
            n += nrFree(o, mt) << o;
        }
        return n;
    }

    int pageblockMigratetype(int pfn) {
        return pageblockType[(pfn >>> PB_ORDER) - firstPageblock];
    }

    void setPageblockMigratetype(int pfn, int mt) {
        pageblockType[(pfn >>> PB_ORDER) - firstPageblock] = groupingDisabled ? U : mt;
    }

    /** Every free block as {pfn, order, mt}. */
    List<int[]> freeBlocks() {
        List<int[]> out = new ArrayList<>();
        freeHeads.forEach((pfn, b) -> out.add(new int[] {pfn, b[0], b[1]}));
        return out;
    }

    long freePages() {
        long n = 0;
        for (int[] b : freeHeads.values()) {
            n += 1L << b[0];
        }
        return n;
    }

    // ---- list primitives ----

    private void add(int pfn, int order, int mt) {
        if (freeHeads.put(pfn, new int[] {order, mt}) != null) {
            throw new IllegalStateException("reference: pfn " + pfn + " already free");
        }
        lists.get(order * TYPES + mt).add(pfn);
    }

    private void remove(int pfn) {
        int[] b = freeHeads.remove(pfn);
        lists.get(b[0] * TYPES + b[1]).remove(pfn);
    }

    // ---- __free_one_page ----

    void freeOnePage(int pfn, int order, int mt) {
        while (order < MAX_ORDER - 1) {
            int buddy = pfn ^ (1 << order);
            if (buddy < zoneStart || buddy >= zoneEnd) {
                break;
            }
            int[] b = freeHeads.get(buddy);
            if (b == null || b[0] != order) {
                break;
            }
            remove(buddy);
            pfn &= buddy;
            order++;
        }
        add(pfn, order, mt);
    }

    // ---- __rmqueue ----

    int rmqueue(int order, int mt) {
        int pfn = rmqueueSmallest(order, mt);
        if (pfn < 0 && mt != R) {
            pfn = rmqueueFallback(order, mt);
            if (pfn < 0) {
                pfn = rmqueueSmallest(order, R);
            }
        }
        return pfn;
    }

    int rmqueueSmallest(int order, int mt) {
        for (int current = order; current < MAX_ORDER; current++) {
            TreeSet<Integer> list = lists.get(current * TYPES + mt);
            if (!list.isEmpty()) {
                int pfn = list.first();
                remove(pfn);
                expand(pfn, order, current, mt);
                return pfn;
            }
        }
        return -1;
    }

    int rmqueueFallback(int order, int startMt) {
        for (int current = MAX_ORDER - 1; current >= order; current--) {
            for (int mt : FALLBACKS[startMt]) {
                TreeSet<Integer> list = lists.get(current * TYPES + mt);
                if (list.isEmpty()) {
                    continue;
                }
                int pfn = list.first();
                if (current >= PB_ORDER / 2 || startMt == E || groupingDisabled) {
                    int moved = moveFreepagesBlock(pfn, startMt);
                    if (moved >= PB_PAGES / 2 || groupingDisabled) {
                        setPageblockMigratetype(pfn, startMt);
                    }
                }
                remove(pfn);
                if (current >= PB_ORDER) {
                    for (int p = pfn; p < pfn + (1 << current); p += PB_PAGES) {
                        setPageblockMigratetype(p, startMt);
                    }
                }
                expand(pfn, order, current, startMt);
                return pfn;
            }
        }
        return -1;
    }

    private void expand(int pfn, int low, int high, int mt) {
        while (high > low) {
            high--;
            add(pfn + (1 << high), high, mt);
        }
    }

    // ---- move_freepages_block: the kernel's page walk ----

    int moveFreepagesBlock(int pfn, int mt) {
        int start = pfn & ~(PB_PAGES - 1);
        int end = start + PB_PAGES - 1;
        if (start < zoneStart) {
            start = pfn;
        }
        if (end >= zoneEnd) {
            return 0;
        }
        int moved = 0;
        for (int page = start; page <= end;) {
            int[] b = freeHeads.get(page);
            if (b == null) {
                page++;
                continue;
            }
            int order = b[0];
            remove(page);
            add(page, order, mt);
            page += 1 << order;
            moved += 1 << order;
        }
        return moved;
    }
}
