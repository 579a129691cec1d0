package io.slowpath.core.buddy;

import static io.slowpath.api.PageOrder.MAX_ORDER;
import static io.slowpath.api.PageOrder.PAGEBLOCK_NR_PAGES;
import static io.slowpath.api.PageOrder.PAGEBLOCK_ORDER;

import io.slowpath.api.MigrateType;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The buddy free areas of one zone ({@code zone->free_area[MAX_ORDER]}) and its pageblock migrate types, without a
 * zone lock.
 *
 * <p>Where the kernel keeps a doubly linked {@code free_list[migratetype]} per order under {@code zone->lock}, this
 * keeps one {@link AtomicBitmap} per (order, migrate type): bit {@code i} of order {@code o} set means the block of
 * {@code 2^o} pages starting at {@code base + (i << o)} is free and on that type's list. Claiming a block is one atomic
 * clear, publishing it one atomic set, so allocation and free never wait for each other. Splitting ({@code expand}),
 * merging ({@code __free_one_page}), fallback stealing ({@code __rmqueue_fallback}), claiming whole pageblocks
 * ({@code move_freepages_block}) and {@code MIGRATE_RESERVE} follow 3.10.
 *
 * <p>One deliberate difference: a list is searched lowest pfn first, where the kernel takes the most recently queued
 * block at the list head (and queues likely-to-merge blocks at the tail). Which block of the right order and type is
 * handed out can therefore differ from a real kernel; the counts, the order of fallbacks and the merge and claim rules
 * do not. Address order keeps the search lock-free and deterministic.
 */
public final class FreeArea {
    /** Number of migrate types with free lists ({@code MIGRATE_TYPES}). */
    static final int TYPES = MigrateType.MIGRATE_TYPES;
    static final int RESERVE = MigrateType.RESERVE.index();
    static final int UNMOVABLE = MigrateType.UNMOVABLE.index();
    static final int RECLAIMABLE = MigrateType.RECLAIMABLE.index();
    static final int MOVABLE = MigrateType.MOVABLE.index();

    /** {@code fallbacks[][]} of mm/page_alloc.c (CMA off), each ending at MIGRATE_RESERVE. */
    private static final int[][] FALLBACKS = {
        {RECLAIMABLE, MOVABLE},   // UNMOVABLE
        {UNMOVABLE, MOVABLE},     // RECLAIMABLE
        {RECLAIMABLE, UNMOVABLE}, // MOVABLE
        {},                       // RESERVE: never falls back
    };

    private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);
    private static final VarHandle BYTES = MethodHandles.arrayElementVarHandle(byte[].class);

    private final int base;
    private final int zoneStart;
    private final int zoneEnd;
    private final AtomicBitmap[] bitmaps;
    private final AtomicLongArray nrFree;
    private final int[] pageblockType;
    /** {@code PB_migrate_skip} of each pageblock (compaction's skip hint), 0 or 1. */
    private final byte[] pageblockSkip;
    /** For each page: 0, or 1 + order when it is the first page of an allocated block. */
    private final byte[] allocated;
    private volatile boolean mobilityGroupingDisabled;
    /**
     * Merges and moves in progress: while one holds blocks off every list, a search that finds nothing may be wrong,
     * so {@link #rmqueue} looks again a bounded number of times before it reports failure.
     */
    private final AtomicInteger inFlight = new AtomicInteger();
    private static final int IN_FLIGHT_RETRIES = 64;

    /**
     * An empty free area for the pfn range {@code [zoneStart, zoneEnd)}; pageblocks start as UNMOVABLE (type 0), as
     * the kernel's pageblock bitmap does before {@code memmap_init_zone} marks them.
     */
    public FreeArea(long zoneStart, long zoneEnd) {
        if (zoneStart < 0 || zoneEnd < zoneStart || zoneEnd > Integer.MAX_VALUE - MAX_ORDER_ALIGN) {
            throw new IllegalArgumentException("bad zone pfn range [" + zoneStart + ", " + zoneEnd + ")");
        }
        this.zoneStart = (int) zoneStart;
        this.zoneEnd = (int) zoneEnd;
        this.base = this.zoneStart & ~(MAX_ORDER_ALIGN - 1);
        int span = roundUp(this.zoneEnd, MAX_ORDER_ALIGN) - base;
        bitmaps = new AtomicBitmap[MAX_ORDER * TYPES];
        for (int o = 0; o < MAX_ORDER; o++) {
            for (int t = 0; t < TYPES; t++) {
                bitmaps[o * TYPES + t] = new AtomicBitmap(span >>> o);
            }
        }
        nrFree = new AtomicLongArray(MAX_ORDER * TYPES);
        pageblockType = new int[Math.max(1, span >>> PAGEBLOCK_ORDER)];
        pageblockSkip = new byte[pageblockType.length];
        allocated = new byte[span];
    }

    private static final int MAX_ORDER_ALIGN = 1 << (MAX_ORDER - 1);

    private static int roundUp(int v, int align) {
        return (v + align - 1) & ~(align - 1);
    }

    // ---- views ---------------------------------------------------------------------------------------------------

    /** {@code free_area[order].nr_free}: blocks of this order over all types. */
    public long nrFree(int order) {
        long n = 0;
        int i = order * TYPES;
        for (int t = 0; t < TYPES; t++) {
            n += nrFree.get(i + t);
        }
        return n;
    }

    /** Blocks of this order on the list of migrate type {@code mt}. */
    public long nrFree(int order, int mt) {
        return nrFree.get(order * TYPES + mt);
    }

    /** Whether the block of this order starting at {@code pfn} is free on some list now ({@code PageBuddy} with that order). */
    public boolean isFreeBlock(int pfn, int order) {
        return freeTypeOf(pfn, order) >= 0;
    }

    /** The list (migrate type) holding the free block of this order at {@code pfn}, or -1 when there is none. */
    public int freeTypeOf(int pfn, int order) {
        if (pfn < zoneStart || pfn >= zoneEnd || (pfn & ((1 << order) - 1)) != 0) {
            return -1;
        }
        int bit = (pfn - base) >>> order;
        for (int t = 0; t < TYPES; t++) {
            if (bitmaps[order * TYPES + t].get(bit)) {
                return t;
            }
        }
        return -1;
    }

    /** First pfn of the zone. */
    public int zoneStart() {
        return zoneStart;
    }

    /** One past the last pfn of the zone. */
    public int zoneEnd() {
        return zoneEnd;
    }

    // ---- pageblocks ----------------------------------------------------------------------------------------------

    /** {@code get_pageblock_migratetype}. */
    public int pageblockMigratetype(int pfn) {
        return (int) INTS.getVolatile(pageblockType, (pfn - base) >>> PAGEBLOCK_ORDER);
    }

    /** {@code set_pageblock_migratetype}: stores UNMOVABLE instead when grouping by mobility is disabled. */
    public void setPageblockMigratetype(int pfn, int mt) {
        INTS.setVolatile(pageblockType, (pfn - base) >>> PAGEBLOCK_ORDER, mobilityGroupingDisabled ? UNMOVABLE : mt);
    }

    /** {@code get_pageblock_skip}: the {@code PB_migrate_skip} bit of the pageblock holding {@code pfn}. */
    public boolean pageblockSkip(int pfn) {
        return (byte) BYTES.getVolatile(pageblockSkip, (pfn - base) >>> PAGEBLOCK_ORDER) != 0;
    }

    /** {@code set_pageblock_skip} / {@code clear_pageblock_skip} of the pageblock holding {@code pfn}. */
    public void setPageblockSkip(int pfn, boolean skip) {
        BYTES.setVolatile(pageblockSkip, (pfn - base) >>> PAGEBLOCK_ORDER, (byte) (skip ? 1 : 0));
    }

    /** {@code page_group_by_mobility_disabled}. */
    public void setMobilityGroupingDisabled(boolean disabled) {
        this.mobilityGroupingDisabled = disabled;
    }

    /** {@code page_group_by_mobility_disabled}. */
    public boolean mobilityGroupingDisabled() {
        return mobilityGroupingDisabled;
    }

    // ---- allocation bookkeeping ----------------------------------------------------------------------------------

    /** Records that the block at {@code pfn} of this order was handed out ({@code prep_new_page}). */
    public void markAllocated(int pfn, int order) {
        BYTES.setRelease(allocated, pfn - base, (byte) (order + 1));
    }

    /**
     * Takes back the allocation record of a block being freed ({@code free_pages_prepare}'s checks); throws when the
     * block was not handed out with this order, which is the kernel's "Bad page state" or a double free.
     */
    public void unmarkAllocated(int pfn, int order) {
        if (pfn < zoneStart || pfn >= zoneEnd) {
            throw new IllegalStateException("pfn " + pfn + " is outside the zone [" + zoneStart + ", " + zoneEnd + ")");
        }
        byte expect = (byte) (order + 1);
        if (!BYTES.compareAndSet(allocated, pfn - base, expect, (byte) 0)) {
            byte actual = (byte) BYTES.getVolatile(allocated, pfn - base);
            throw new IllegalStateException(actual == 0
                ? "Bad page state: pfn " + pfn + " is not allocated (double free, or not the first page of a block)"
                : "Bad page state: pfn " + pfn + " was allocated with order " + (actual - 1) + ", freed with order " + order);
        }
    }

    /** The order of the allocated block starting at {@code pfn}, or -1. */
    public int allocatedOrder(int pfn) {
        if (pfn < zoneStart || pfn >= zoneEnd) {
            return -1;
        }
        return ((byte) BYTES.getVolatile(allocated, pfn - base)) - 1;
    }

    // ---- taking blocks -------------------------------------------------------------------------------------------

    /**
     * {@code __rmqueue}: the smallest block of the wanted type, else a fallback steal, else the RESERVE lists.
     *
     * @return the first pfn of a block of exactly {@code order} (its remainder split off), or -1
     */
    public int rmqueue(int order, int mt) {
        for (int attempt = 0; ; attempt++) {
            int pfn = rmqueueSmallest(order, mt);
            if (pfn < 0 && mt != RESERVE) {
                pfn = rmqueueFallback(order, mt);
                if (pfn < 0) {
                    pfn = rmqueueSmallest(order, RESERVE);
                }
            }
            // Bounded, so an allocation never waits on another thread: lock-free, at the price of a rare false
            // failure under concurrent merges (never in a single-threaded simulation, where inFlight stays 0).
            if (pfn >= 0 || inFlight.get() == 0 || attempt == IN_FLIGHT_RETRIES) {
                return pfn;
            }
            Thread.onSpinWait();
        }
    }

    /** {@code __rmqueue_smallest}: for each order from {@code order} up, claim a block of type {@code mt} and split it. */
    public int rmqueueSmallest(int order, int mt) {
        for (int current = order; current < MAX_ORDER; current++) {
            int pfn = claimFirst(current, mt);
            if (pfn >= 0) {
                expand(pfn, order, current, mt);
                return pfn;
            }
        }
        return -1;
    }

    /**
     * {@code __rmqueue_fallback}: steal the largest block of a fallback type; from order 4 up (or for RECLAIMABLE)
     * move the pageblock's other free blocks over too, and claim the pageblock when at least half of it was free.
     */
    public int rmqueueFallback(int order, int startMt) {
        for (int current = MAX_ORDER - 1; current >= order; current--) {
            for (int mt : FALLBACKS[startMt]) {
                int pfn = claimFirst(current, mt);
                if (pfn < 0) {
                    continue;
                }
                if (current >= PAGEBLOCK_ORDER / 2 || startMt == RECLAIMABLE || mobilityGroupingDisabled) {
                    // The claimed block still counts as free pages of its pageblock, as it does in the kernel,
                    // where it is still on its list while move_freepages_block runs.
                    int moved = moveFreepagesBlock(pfn, startMt, pfn, current);
                    if (moved >= PAGEBLOCK_NR_PAGES / 2 || mobilityGroupingDisabled) {
                        setPageblockMigratetype(pfn, startMt);
                    }
                }
                if (current >= PAGEBLOCK_ORDER) {
                    // change_pageblock_range: a block of a pageblock or more is wholly the new type.
                    for (int p = pfn; p < pfn + (1 << current); p += PAGEBLOCK_NR_PAGES) {
                        setPageblockMigratetype(p, startMt);
                    }
                }
                expand(pfn, order, current, startMt);
                return pfn;
            }
        }
        return -1;
    }

    /**
     * The pages of {@code rmqueue_bulk}'s loop of {@code __rmqueue(zone, 0, mt)}: up to {@code count} order-0 pages
     * written to {@code out} in the order those calls would hand them out (lowest order first, lowest pfn first,
     * fallback and RESERVE only once {@code mt}'s own lists are empty). Two shortcuts make it cheaper than
     * {@code count} calls with the same result: the lowest free pages of one bitmap word are claimed in one atomic
     * step, and a larger block split for the batch is handed out page by page from its start, its rest going back
     * as the aligned blocks the single-page splits would have left ({@code expand} repeated).
     *
     * @return the pages written
     */
    public int rmqueueBulk(int mt, int count, int[] out) {
        AtomicBitmap pages = bitmaps[mt];
        int taken = 0;
        while (taken < count) {
            int n = pages.claimLowest(count - taken, out, taken);
            if (n > 0) {
                nrFree.addAndGet(mt, -n);
                for (int i = taken; i < taken + n; i++) {
                    out[i] = base + out[i];
                }
                taken += n;
                continue;
            }
            int order = 1;
            int pfn = -1;
            for (; order < MAX_ORDER && pfn < 0; order++) {
                pfn = claimFirst(order, mt);
            }
            if (pfn < 0) {
                // mt's lists are empty: one page through __rmqueue's fallback and RESERVE, then look again (a
                // fallback steal may have moved free blocks onto mt's lists).
                pfn = rmqueue(0, mt);
                if (pfn < 0) {
                    break;
                }
                out[taken++] = pfn;
                continue;
            }
            order--;
            int use = Math.min(1 << order, count - taken);
            for (int i = 0; i < use; i++) {
                out[taken++] = pfn + i;
            }
            releaseTail(pfn + use, pfn + (1 << order), mt);
        }
        return taken;
    }

    /** Publishes {@code [from, end)}, the end aligned to its block, as the aligned blocks {@code expand} leaves. */
    private void releaseTail(int from, int end, int mt) {
        int p = from;
        while (p < end) {
            int order = Math.min(MAX_ORDER - 1, Integer.numberOfTrailingZeros(p - base));
            while (p + (1 << order) > end) {
                order--;
            }
            publish(p, order, mt);
            p += 1 << order;
        }
    }

    /** Claims the lowest free block of (order, mt); -1 when that list is empty. */
    private int claimFirst(int order, int mt) {
        AtomicBitmap bm = bitmaps[order * TYPES + mt];
        for (;;) {
            int bit = bm.findFirst();
            if (bit < 0) {
                return -1;
            }
            if (bm.clear(bit)) {
                nrFree.decrementAndGet(order * TYPES + mt);
                return base + (bit << order);
            }
        }
    }

    /**
     * {@code PageBuddy(page) ? page_order(page) : -1}: the order of the free block starting at {@code pfn}, or -1.
     */
    public int buddyOrder(int pfn) {
        if (pfn < zoneStart || pfn >= zoneEnd) {
            return -1;
        }
        for (int order = 0; order < MAX_ORDER; order++) {
            if ((pfn & ((1 << order) - 1)) != 0) {
                return -1;
            }
            if (freeTypeOf(pfn, order) >= 0) {
                return order;
            }
        }
        return -1;
    }

    /**
     * The list-removal half of mm/page_alloc.c: __isolate_free_page (Linux 3.10): takes the free block of
     * {@code order} at {@code pfn} off whichever list holds it ({@code list_del}, {@code nr_free--},
     * {@code rmv_page_order}). The caller owns the block afterwards; {@code NR_FREE_PAGES} is the caller's to adjust.
     *
     * @return the migrate type of the list it was on, or -1 when no such free block was there
     */
    public int claimFreeBlock(int pfn, int order) {
        if (pfn < zoneStart || pfn >= zoneEnd || (pfn & ((1 << order) - 1)) != 0) {
            return -1;
        }
        return claimAt(pfn, order);
    }

    /** Claims the free block of this order at {@code pfn} from whichever list holds it; -1 if none did. */
    private int claimAt(int pfn, int order) {
        return claimLikelyFirst(pfn, order, 0);
    }

    /**
     * {@link #claimAt(int, int)} looking at the list of {@code likely} first. A block is on one list only, so the
     * order of the looks changes only their number: a merging free looks at its own type's list first, where a buddy
     * in the same pageblock mostly is.
     */
    private int claimLikelyFirst(int pfn, int order, int likely) {
        int bit = (pfn - base) >>> order;
        for (int i = 0; i < TYPES; i++) {
            int t = i == 0 ? likely : i <= likely ? i - 1 : i;
            if (bitmaps[order * TYPES + t].clear(bit)) {
                nrFree.decrementAndGet(order * TYPES + t);
                return t;
            }
        }
        return -1;
    }

    private boolean claimAt(int pfn, int order, int mt) {
        if (bitmaps[order * TYPES + mt].clear((pfn - base) >>> order)) {
            nrFree.decrementAndGet(order * TYPES + mt);
            return true;
        }
        return false;
    }

    /** Puts a block on its list without looking for its buddy (the caller knows the buddy is not free). */
    private void publish(int pfn, int order, int mt) {
        if (bitmaps[order * TYPES + mt].set((pfn - base) >>> order)) {
            nrFree.incrementAndGet(order * TYPES + mt);
        } else {
            throw new IllegalStateException("free block at pfn " + pfn + " order " + order + " published twice");
        }
    }

    /** {@code expand}: give back the upper halves of a block of order {@code high} split down to {@code low}. */
    private void expand(int pfn, int low, int high, int mt) {
        while (high > low) {
            high--;
            publish(pfn + (1 << high), high, mt);
        }
    }

    // ---- freeing blocks ------------------------------------------------------------------------------------------

    /**
     * {@code __free_one_page}: merge the block with its free buddies as far as they go (up to order 10) and put the
     * result on the list of {@code mt}. After publishing, it looks once more for a buddy freed at the same moment, so
     * two buddies freed concurrently always end up merged.
     */
    public void freeOnePage(int pfn, int order, int mt) {
        boolean holding = false;
        for (;;) {
            while (order < MAX_ORDER - 1) {
                int buddy = pfn ^ (1 << order);
                if (buddy < zoneStart || buddy >= zoneEnd || claimLikelyFirst(buddy, order, mt) < 0) {
                    break;
                }
                if (!holding) {
                    inFlight.incrementAndGet();
                    holding = true;
                }
                pfn &= buddy;
                order++;
            }
            publish(pfn, order, mt);
            if (holding) {
                inFlight.decrementAndGet();
                holding = false;
            }
            if (order == MAX_ORDER - 1) {
                return;
            }
            int buddy = pfn ^ (1 << order);
            if (buddy < zoneStart || buddy >= zoneEnd || !isFreeBlock(buddy, order)) {
                return;
            }
            // A buddy appeared after our first look: take our block back and merge, unless someone already took it.
            inFlight.incrementAndGet();
            if (!claimAt(pfn, order, mt)) {
                inFlight.decrementAndGet();
                return;
            }
            holding = true;
        }
    }

    /**
     * {@code move_freepages_block}: move every free block of the pageblock holding {@code pfn} to the lists of
     * {@code mt}. Returns the pages moved; 0 when the pageblock ends past the zone.
     */
    public int moveFreepagesBlock(int pfn, int mt) {
        return moveFreepagesBlock(pfn, mt, -1, 0);
    }

    /** Moves blocks with {@link #inFlight} raised, since each is on no list between its two bit operations. */
    private int moveBitsInFlight(int order, int from, int to, int firstBit, int lastBit) {
        inFlight.incrementAndGet();
        try {
            return moveBits(order, from, to, firstBit, lastBit);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private int moveFreepagesBlock(int pfn, int mt, int heldPfn, int heldOrder) {
        int start = pfn & ~(PAGEBLOCK_NR_PAGES - 1);
        int end = start + PAGEBLOCK_NR_PAGES - 1;
        if (start < zoneStart) {
            start = pfn;
        }
        if (end >= zoneEnd) {
            return 0;
        }
        int moved = 0;
        if (heldPfn >= start && heldPfn <= end) {
            moved += 1 << heldOrder;
        }
        // Two passes: first count what already sits on mt's lists, then move the rest there. Counting after moving
        // would count every moved block a second time.
        for (int pass = 0; pass < 2; pass++) {
            for (int order = 0; order < MAX_ORDER; order++) {
                int firstHead = roundUp(start, 1 << order);
                if (firstHead > end) {
                    continue;
                }
                int firstBit = (firstHead - base) >>> order;
                int lastBit = (end - base) >>> order;
                if (pass == 0) {
                    moved += countBits(order * TYPES + mt, firstBit, lastBit) << order;
                    continue;
                }
                for (int t = 0; t < TYPES; t++) {
                    if (t != mt) {
                        moved += moveBitsInFlight(order, t, mt, firstBit, lastBit);
                    }
                }
            }
        }
        return moved;
    }

    private int countBits(int list, int firstBit, int lastBit) {
        AtomicBitmap bm = bitmaps[list];
        int n = 0;
        for (int w = firstBit >>> 6; w <= lastBit >>> 6; w++) {
            n += Long.bitCount(bm.word(w) & rangeMask(w, firstBit, lastBit));
        }
        return n;
    }

    private int moveBits(int order, int from, int to, int firstBit, int lastBit) {
        AtomicBitmap bm = bitmaps[order * TYPES + from];
        int moved = 0;
        for (int w = firstBit >>> 6; w <= lastBit >>> 6; w++) {
            long bits = bm.word(w) & rangeMask(w, firstBit, lastBit);
            while (bits != 0) {
                int bit = (w << 6) + Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                if (bm.clear(bit)) {
                    nrFree.decrementAndGet(order * TYPES + from);
                    freeOnePage(base + (bit << order), order, to);
                    moved += 1 << order;
                }
            }
        }
        return moved;
    }

    private static long rangeMask(int w, int firstBit, int lastBit) {
        long mask = -1L;
        if (w == firstBit >>> 6) {
            mask &= -1L << (firstBit & 63);
        }
        if (w == lastBit >>> 6) {
            mask &= -1L >>> (63 - (lastBit & 63));
        }
        return mask;
    }

    /** Free pages over all lists, summed from the per-list block counters (exact at quiescence). */
    public long countFreePagesSlow() {
        long pages = 0;
        for (int order = 0; order < MAX_ORDER; order++) {
            pages += nrFree(order) << order;
        }
        return pages;
    }
}
