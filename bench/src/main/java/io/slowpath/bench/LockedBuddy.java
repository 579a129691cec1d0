package io.slowpath.bench;

import static io.slowpath.api.PageOrder.MAX_ORDER;

import java.util.concurrent.locks.ReentrantLock;

/**
 * The baseline "same buddy algorithm behind a single lock": per-order free bitmaps searched lowest pfn first, split
 * on allocation ({@code expand}), merge with free buddies on free ({@code __free_one_page}), an allocation record per
 * page to catch bad frees, and a free-page count, all under one {@link ReentrantLock} as the kernel keeps them under
 * {@code zone->lock}. It has one migrate type and no per-CPU lists, watermarks or statistics, so it does strictly
 * less work per pair than the lock-free allocator: any lead the lock-free one keeps is not bought by doing less.
 */
final class LockedBuddy implements PairAllocator {
    private static final int TOP = MAX_ORDER - 1;

    private final ReentrantLock lock = new ReentrantLock();
    private final PlainBitmap[] free = new PlainBitmap[MAX_ORDER];
    private final long[] nrFree = new long[MAX_ORDER];
    private final byte[] allocated;
    private final int pages;
    private long freePages;

    /** A zone of {@code pages} pages (a multiple of 1024) at pfn 0, all free as order-10 blocks. */
    LockedBuddy(int pages) {
        if (pages <= 0 || pages % (1 << TOP) != 0) {
            throw new IllegalArgumentException("pages must be a positive multiple of " + (1 << TOP) + ", got " + pages);
        }
        this.pages = pages;
        for (int o = 0; o < MAX_ORDER; o++) {
            free[o] = new PlainBitmap(pages >>> o);
        }
        allocated = new byte[pages];
        for (int pfn = 0; pfn < pages; pfn += 1 << TOP) {
            free[TOP].set(pfn >>> TOP);
        }
        nrFree[TOP] = pages >>> TOP;
        freePages = pages;
    }

    /** Allocates a block of {@code 2^order} pages, lowest address first; -1 when none is free. */
    int alloc(int order) {
        lock.lock();
        try {
            for (int current = order; current < MAX_ORDER; current++) {
                int bit = free[current].findFirst();
                if (bit < 0) {
                    continue;
                }
                free[current].clear(bit);
                nrFree[current]--;
                int pfn = bit << current;
                while (current > order) {
                    current--;
                    free[current].set((pfn + (1 << current)) >>> current);
                    nrFree[current]++;
                }
                allocated[pfn] = (byte) (order + 1);
                freePages -= 1L << order;
                return pfn;
            }
            return -1;
        } finally {
            lock.unlock();
        }
    }

    /** Frees a block allocated with this order, merging it with free buddies. */
    void free(int pfn, int order) {
        lock.lock();
        try {
            if (pfn < 0 || pfn >= pages || allocated[pfn] != order + 1) {
                throw new IllegalStateException("bad free of pfn " + pfn + " order " + order);
            }
            allocated[pfn] = 0;
            freePages += 1L << order;
            while (order < TOP) {
                int buddy = pfn ^ (1 << order);
                if (!free[order].get(buddy >>> order)) {
                    break;
                }
                free[order].clear(buddy >>> order);
                nrFree[order]--;
                pfn &= buddy;
                order++;
            }
            free[order].set(pfn >>> order);
            nrFree[order]++;
        } finally {
            lock.unlock();
        }
    }

    /** Free pages now. */
    long freePages() {
        lock.lock();
        try {
            return freePages;
        } finally {
            lock.unlock();
        }
    }

    /** Free blocks of this order now. */
    long nrFree(int order) {
        lock.lock();
        try {
            return nrFree[order];
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long allocIgnoringWatermarks(int order) {
        return alloc(order);
    }

    @Override
    public void free(long pfn, int order) {
        free((int) pfn, order);
    }
}
