package io.slowpath.core.buddy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.slowpath.api.MigrateType;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@link FreeArea} hammered directly by several threads (no per-CPU lists in between), where buddies are freed at
 * the same instant far more often than through the allocator: the lock-free merge, split and steal must lose no page,
 * hand none out twice, and leave every possible merge done.
 */
class FreeAreaConcurrencyTest {
    private static final int M = MigrateType.MOVABLE.index();
    private static final int PAGES = 1 << 16;

    @Test
    void buddiesFreedInLockstepAlwaysMergeCompletely() throws Exception {
        // Thread 0 frees the even pages, thread 1 the odd ones, in the same order and at the same pace, so both
        // halves of a pair (and then of each larger pair) are freed at nearly the same moment.
        for (int round = 0; round < 20; round++) {
            FreeArea a = area(0, PAGES);
            CyclicBarrier start = new CyclicBarrier(2);
            runAll(2, t -> {
                start.await();
                for (int p = t; p < PAGES; p += 2) {
                    a.freeOnePage(p, 0, M);
                }
            });
            assertEquals(PAGES / 1024, a.nrFree(10), "round " + round + ": every page merged into order-10 blocks");
            assertEquals(PAGES, a.countFreePagesSlow(), "round " + round);
        }
    }

    @Test
    void fourThreadsFreeingQuartersMergeCompletely() throws Exception {
        for (int round = 0; round < 10; round++) {
            FreeArea a = area(0, PAGES);
            CyclicBarrier start = new CyclicBarrier(4);
            runAll(4, t -> {
                start.await();
                for (int p = t; p < PAGES; p += 4) {
                    a.freeOnePage(p, 0, M);
                }
            });
            assertEquals(PAGES / 1024, a.nrFree(10), "round " + round);
            checkMaximal(a);
        }
    }

    @Test
    void randomAllocFreeWithStealsLosesNothing() throws Exception {
        // Zone from pfn 1 (DMA-like) with mixed pageblock types; threads allocate all three types (so fallback
        // steals and pageblock claims race allocations of the same type) and free in random order.
        int start = 1;
        int end = PAGES - 100;
        FreeArea a = new FreeArea(start, end);
        for (int pfn = 512; pfn < end; pfn += 512) {
            a.setPageblockMigratetype(pfn, M);
        }
        for (int p = start; p < end; p++) {
            a.freeOnePage(p, 0, a.pageblockMigratetype(p));
        }
        a.setPageblockMigratetype(512, MigrateType.RESERVE.index());
        a.moveFreepagesBlock(512, MigrateType.RESERVE.index());
        AtomicIntegerArray owner = new AtomicIntegerArray(end);
        AtomicReference<String> error = new AtomicReference<>();
        int threads = 4;
        runAll(threads, t -> {
            SplittableRandom rnd = new SplittableRandom(1234 + t);
            List<int[]> held = new ArrayList<>();
            long heldPages = 0;
            for (int op = 0; op < 300_000 && error.get() == null; op++) {
                boolean allocate = held.isEmpty() || (heldPages < (end - start) / threads && rnd.nextInt(100) < 55);
                if (allocate) {
                    int order = rnd.nextInt(10) < 7 ? rnd.nextInt(3) : rnd.nextInt(11);
                    int mt = rnd.nextInt(3);
                    int pfn = a.rmqueue(order, mt);
                    if (pfn < 0) {
                        continue;
                    }
                    if ((pfn & ((1 << order) - 1)) != 0 || pfn < start || pfn + (1 << order) > end) {
                        error.compareAndSet(null, "bad block " + pfn + " order " + order);
                    }
                    for (int p = pfn; p < pfn + (1 << order); p++) {
                        if (!owner.compareAndSet(p, 0, t + 1)) {
                            error.compareAndSet(null, "pfn " + p + " handed to thread " + t + " while thread "
                                + (owner.get(p) - 1) + " holds it");
                        }
                    }
                    a.markAllocated(pfn, order);
                    held.add(new int[] {pfn, order});
                    heldPages += 1 << order;
                } else {
                    int i = rnd.nextInt(held.size());
                    int[] h = held.get(i);
                    held.set(i, held.get(held.size() - 1));
                    held.remove(held.size() - 1);
                    heldPages -= 1 << h[1];
                    for (int p = h[0]; p < h[0] + (1 << h[1]); p++) {
                        owner.set(p, 0);
                    }
                    a.unmarkAllocated(h[0], h[1]);
                    a.freeOnePage(h[0], h[1], a.pageblockMigratetype(h[0]));
                }
            }
            for (int[] h : held) {
                for (int p = h[0]; p < h[0] + (1 << h[1]); p++) {
                    owner.set(p, 0);
                }
                a.unmarkAllocated(h[0], h[1]);
                a.freeOnePage(h[0], h[1], a.pageblockMigratetype(h[0]));
            }
        });
        if (error.get() != null) {
            fail(error.get());
        }
        assertEquals(end - start, a.countFreePagesSlow());
        checkMaximal(a);
    }

    static FreeArea area(int start, int end) {
        FreeArea a = new FreeArea(start, end);
        for (int pfn = start; pfn < end; pfn += 512) {
            a.setPageblockMigratetype(pfn, M);
        }
        return a;
    }

    /** Each pfn of the zone in exactly one free block, and no two free buddies of the same order. */
    static void checkMaximal(FreeArea a) {
        int start = a.zoneStart();
        int end = a.zoneEnd();
        byte[] cover = new byte[end - start];
        for (int o = 0; o < 11; o++) {
            for (int pfn = start & -(1 << o); pfn < end; pfn += 1 << o) {
                if (pfn < start || !a.isFreeBlock(pfn, o)) {
                    continue;
                }
                for (int p = pfn; p < pfn + (1 << o); p++) {
                    cover[p - start]++;
                }
                int buddy = pfn ^ (1 << o);
                if (o < 10 && buddy >= start && buddy < end && a.isFreeBlock(buddy, o)) {
                    fail("free block " + pfn + " and its buddy " + buddy + " both free at order " + o);
                }
            }
        }
        for (int p = start; p < end; p++) {
            if (cover[p - start] != 1) {
                fail("pfn " + p + " is in " + cover[p - start] + " free blocks");
            }
        }
    }

    /** A task run by each of n threads, given its index. */
    interface ThreadTask {
        void run(int thread) throws Exception;
    }

    static void runAll(int n, ThreadTask task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < n; t++) {
                int id = t;
                fs.add(pool.submit(() -> {
                    task.run(id);
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS), "workers did not stop");
        }
    }
}
