package io.slowpath.core.alloc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.slowpath.api.Gfp;
import io.slowpath.api.PageAllocator;
import io.slowpath.api.VmEvent;
import io.slowpath.api.ZoneType;
import io.slowpath.core.buddy.FreeArea;
import io.slowpath.core.zone.Machine;
import io.slowpath.core.zone.MachineSettings;
import io.slowpath.core.zone.Zone;
import io.slowpath.core.zone.ZoneSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Many threads allocating and freeing at once through the lock-free allocator, with every page's owner tracked in
 * one shared array so that a page handed out twice is caught at the moment it happens. Afterwards everything is
 * freed and drained and the machine must look exactly as it did after boot: NR_FREE_PAGES equal to managed pages,
 * the same {@code nr_free} per order, every managed page in exactly one free block, no two free buddies left
 * unmerged, no allocation record left behind, and pgalloc equal to pgfree.
 *
 * <p>Why {@code nr_free} is compared per order but per (order, migrate type) only in the MOVABLE-only run: with mixed
 * GFP masks the first UNMOVABLE or RECLAIMABLE request steals a MOVABLE pageblock (it was all MOVABLE after boot), so
 * pageblock types change; and even where a pageblock keeps its type, pages refilled onto a per-CPU list through a
 * fallback carry the requested type as their stamp and a drain frees them onto that type's list (spec §6.6), so
 * after the final merges a block may sit on another list than at boot. Both are 3.10 behaviour, not bugs. The
 * per-order counts are fixed by the set of free pages alone (an all-free range has one buddy decomposition), so they
 * must match exactly. In the MOVABLE-only run no request can fall back while memory lasts, so there the per-type
 * counts and the pageblock types must be restored exactly too (and the test checks no allocation failed).
 *
 * <p>A long soak runs with {@code -Dslowpath.soak=true} ({@code -Dslowpath.soak.ops=N} operations per thread count,
 * default 100 million; random seeds, printed).
 */
class BuddyAllocatorStressTest {
    private static final int[] MASKS = {
        Gfp.GFP_KERNEL, Gfp.GFP_HIGHUSER_MOVABLE, Gfp.GFP_ATOMIC, Gfp.GFP_TEMPORARY,
        Gfp.GFP_HIGHUSER_MOVABLE | Gfp.__GFP_COLD, Gfp.GFP_KERNEL | Gfp.__GFP_COLD,
    };
    private static final int TOTAL_OPS = 1_000_000;
    private static final long TIMEOUT_SECONDS = 120;

    @ParameterizedTest(name = "{0} threads, mixed GFP masks")
    @ValueSource(ints = {2, 4, 8})
    void mixedMasksLeaveTheMachineAsBooted(int threads) throws Exception {
        new Stress(threads, TOTAL_OPS, false, 0x5eed + threads).run();
    }

    @ParameterizedTest(name = "{0} threads, MOVABLE only")
    @ValueSource(ints = {2, 8})
    void movableOnlyRestoresEveryListAndPageblockExactly(int threads) throws Exception {
        new Stress(threads, TOTAL_OPS / 4, true, 0xa11 + threads).run();
    }

    @ParameterizedTest(name = "{0} threads, small zone without per-CPU lists")
    @ValueSource(ints = {2, 4})
    void smallZoneFreesStraightIntoTheBuddyAndStillMergesEverything(int threads) throws Exception {
        // A zone under 8192 managed pages gets pcp high 0: every order-0 free reaches __free_one_page at once, so
        // threads free buddies into the lists concurrently all the time.
        new Stress(threads, TOTAL_OPS / 2, false, 0xd0 + threads,
            List.of(new ZoneSpec(0, ZoneType.DMA32, 4096, 6144, 6144, 6144))).run();
    }

    @Test
    void moreThreadsThanCpusSharingCpuIdsStillLoseNoPage() throws Exception {
        // Six threads on two simulated CPUs: explicit CPU ids collide, so per-CPU lists are contended (the loser of
        // tryOwn goes to the buddy lists). Pages must stay safe. The event counters of a CPU slot assume one writer
        // at a time, so pgalloc == pgfree is not checked here.
        Stress s = new Stress(6, TOTAL_OPS / 2, false, 0x6c, null, 2);
        s.run();
    }

    @Test
    @EnabledIfSystemProperty(named = "slowpath.soak", matches = "true")
    void soak() throws Exception {
        int ops = (int) Math.min(Integer.MAX_VALUE, Long.getLong("slowpath.soak.ops", 100_000_000L));
        for (int threads : new int[] {2, 4, 8, 16}) {
            long seed = System.nanoTime();
            System.out.println("soak seed " + seed);
            new Stress(threads, ops, false, seed).run();
            new Stress(threads, ops / 4, false, seed + 1,
                List.of(new ZoneSpec(0, ZoneType.DMA32, 4096, 6144, 6144, 6144))).run();
            new Stress(threads, ops / 4, false, seed + 2, null, 2).run();
        }
    }

    /** A machine like a small PC: ZONE_DMA from pfn 1 with boot reservations at its start, and a ZONE_DMA32. */
    static Machine bootMachine(int cpus) {
        return Machine.boot(List.of(
                new ZoneSpec(0, ZoneType.DMA, 1, 4095, 3998, 3977),
                new ZoneSpec(0, ZoneType.DMA32, 4096, 65536, 65536, 65536)),
            MachineSettings.defaults(cpus));
    }

    /** The state to compare against: per zone nr_free[order][type], pageblock types, NR_FREE_PAGES. */
    record Snapshot(long[][][] nrFree, int[][] pageblocks, long[] freePages) {
        static Snapshot of(Machine m) {
            List<Zone> zones = m.populatedZoneList();
            long[][][] nr = new long[zones.size()][11][4];
            int[][] pb = new int[zones.size()][];
            long[] free = new long[zones.size()];
            for (int z = 0; z < zones.size(); z++) {
                Zone zone = zones.get(z);
                for (int o = 0; o < 11; o++) {
                    for (int t = 0; t < 4; t++) {
                        nr[z][o][t] = zone.freeArea().nrFree(o, t);
                    }
                }
                pb[z] = pageblockTypes(zone);
                free[z] = zone.freePages();
            }
            return new Snapshot(nr, pb, free);
        }

        long nrFree(int zone, int order) {
            long n = 0;
            for (long v : nrFree[zone][order]) {
                n += v;
            }
            return n;
        }
    }

    static int[] pageblockTypes(Zone z) {
        int start = (int) z.startPfn();
        int end = (int) z.spec().endPfn();
        int[] out = new int[(end - 1) / 512 - start / 512 + 1];
        for (int i = 0; i < out.length; i++) {
            out[i] = z.freeArea().pageblockMigratetype(Math.max(start, (start / 512 + i) * 512));
        }
        return out;
    }

    /** One run: boot, hammer, free everything, check. */
    static final class Stress {
        final int cpus;
        final int threads;
        final int opsPerThread;
        final boolean movableOnly;
        final long seed;
        final Machine machine;
        final BuddyAllocator alloc;
        final AtomicIntegerArray owner;
        final AtomicReference<String> error = new AtomicReference<>();
        final Snapshot boot;

        Stress(int threads, int totalOps, boolean movableOnly, long seed) {
            this(threads, totalOps, movableOnly, seed, null);
        }

        Stress(int threads, int totalOps, boolean movableOnly, long seed, List<ZoneSpec> zones) {
            this(threads, totalOps, movableOnly, seed, zones, threads);
        }

        /** With {@code cpus} fewer than {@code threads}, thread t uses CPU id {@code t % cpus}. */
        Stress(int threads, int totalOps, boolean movableOnly, long seed, List<ZoneSpec> zones, int cpus) {
            this.cpus = cpus;
            this.threads = threads;
            this.opsPerThread = totalOps / threads;
            this.movableOnly = movableOnly;
            this.seed = seed;
            this.machine = zones == null ? bootMachine(cpus) : Machine.boot(zones, MachineSettings.defaults(cpus));
            this.alloc = new BuddyAllocator(machine);
            int maxPfn = 0;
            for (Zone z : machine.populatedZoneList()) {
                maxPfn = Math.max(maxPfn, (int) z.spec().endPfn());
            }
            this.owner = new AtomicIntegerArray(maxPfn);
            this.boot = Snapshot.of(machine);
        }

        void run() throws Exception {
            long managed = 0;
            for (Zone z : machine.populatedZoneList()) {
                managed += z.managedPages();
            }
            long shareOfEach = managed / threads;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<Worker>> futures = new ArrayList<>();
            try {
                for (int t = 0; t < threads; t++) {
                    Worker w = new Worker(t, new SplittableRandom(seed * 31 + t), shareOfEach);
                    futures.add(pool.submit(() -> {
                        w.run();
                        return w;
                    }));
                }
                long failures = 0;
                long allocations = 0;
                long t0 = System.nanoTime();
                for (Future<Worker> f : futures) {
                    try {
                        Worker w = f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                        failures += w.failures;
                        allocations += w.allocations;
                    } catch (TimeoutException e) {
                        error.compareAndSet(null, "a worker did not finish in " + TIMEOUT_SECONDS
                            + " s: livelock or deadlock");
                        pool.shutdownNow();
                        fail(error.get());
                    }
                }
                if (error.get() != null) {
                    fail(error.get());
                }
                int changed = 0;
                for (int zi = 0; zi < machine.populatedZoneList().size(); zi++) {
                    int[] now = pageblockTypes(machine.populatedZoneList().get(zi));
                    for (int i = 0; i < now.length; i++) {
                        changed += now[i] != boot.pageblocks()[zi][i] ? 1 : 0;
                    }
                }
                System.out.printf("stress %d threads%s: %d ops, %d allocations, %d failed, %d pageblocks re-typed,"
                        + " %d ms%n", threads, movableOnly ? " MOVABLE only" : "", (long) opsPerThread * threads,
                    allocations, failures, changed, (System.nanoTime() - t0) / 1_000_000);
                if (movableOnly) {
                    assertEquals(0, failures, "MOVABLE-only run must never run out of memory");
                }
            } finally {
                pool.shutdownNow();
            }
            alloc.drainAllPages();
            checkRestored();
        }

        /** One thread's workload: its own held blocks, a fill target that swings between low and high. */
        final class Worker {
            final int id;
            final SplittableRandom rnd;
            final long share;
            final List<long[]> held = new ArrayList<>();
            final int[] run = new int[40];
            long heldPages;
            long failures;
            long allocations;

            Worker(int id, SplittableRandom rnd, long share) {
                this.id = id;
                this.rnd = rnd;
                this.share = share;
            }

            /** The share of memory this thread swings towards now. */
            double target = 0.5;

            void run() {
                for (int op = 0; op < opsPerThread && error.get() == null; op++) {
                    if (op % 20_000 == 0) {
                        // Swing between little and nearly all of this thread's share, so that some phases press
                        // the watermarks, the fallbacks and MIGRATE_RESERVE (not in the MOVABLE-only run).
                        target = movableOnly ? 0.1 + 0.4 * rnd.nextDouble() : 0.1 + 0.95 * rnd.nextDouble();
                    }
                    boolean wantAlloc = held.isEmpty() || (heldPages < target * share && rnd.nextInt(100) < 60)
                        || rnd.nextInt(100) < 35;
                    if (wantAlloc && heldPages < share * 1.2) {
                        allocate();
                    } else {
                        free();
                    }
                    if (rnd.nextInt(50_000) == 0) {
                        alloc.drainAllPages();
                    }
                }
                while (!held.isEmpty()) {
                    free();
                }
            }

            private int randomOrder() {
                int r = rnd.nextInt(1000);
                if (r < 600) {
                    return 0;
                }
                if (r < 700) {
                    return 1;
                }
                if (r < 780) {
                    return 2;
                }
                if (r < 850) {
                    return 3;
                }
                if (r < 900) {
                    return 4;
                }
                if (r < 930) {
                    return 5;
                }
                if (r < 950) {
                    return 6;
                }
                if (r < 965) {
                    return 7;
                }
                if (r < 978) {
                    return 8;
                }
                if (r < 990) {
                    return 9;
                }
                return 10;
            }

            private void allocate() {
                int order = randomOrder();
                int gfp = movableOnly ? Gfp.GFP_HIGHUSER_MOVABLE : MASKS[rnd.nextInt(MASKS.length)];
                if (order == 0 && rnd.nextInt(8) == 0) {
                    // A run of fast-path pages (the page cache's streaming reads), the per-CPU list held for it.
                    // Within this thread's target, so the runs do not push the MOVABLE-only test out of memory.
                    long room = Math.max(1, (long) (target * share) - heldPages);
                    int n = alloc.tryFastPathBulkOnSlot(id % cpus, gfp, 1 + rnd.nextInt((int) Math.min(room,
                        run.length)), run);
                    for (int i = 0; i < n; i++) {
                        took(run[i], 0);
                    }
                    return;
                }
                boolean viaSlot = rnd.nextBoolean();
                long pfn = viaSlot ? alloc.allocPages(gfp, order) : alloc.allocPages(id % cpus, gfp, order);
                if (pfn == PageAllocator.NO_PAGE) {
                    failures++;
                    return;
                }
                took(pfn, order);
            }

            private void took(long pfn, int order) {
                Zone z = machine.zoneOfPfn(pfn);
                if (z == null || (pfn & ((1L << order) - 1)) != 0 || pfn + (1L << order) > z.spec().endPfn()) {
                    report("block pfn " + pfn + " order " + order + " is misaligned or not inside one zone");
                    return;
                }
                for (long p = pfn; p < pfn + (1L << order); p++) {
                    if (!owner.compareAndSet((int) p, 0, id + 1)) {
                        report("pfn " + p + " (block " + pfn + " order " + order + ") handed to thread " + id
                            + " while thread " + (owner.get((int) p) - 1) + " holds it");
                        return;
                    }
                }
                held.add(new long[] {pfn, order});
                heldPages += 1L << order;
                allocations++;
            }

            private void free() {
                if (held.isEmpty()) {
                    return;
                }
                int i = rnd.nextInt(held.size());
                long[] h = held.get(i);
                held.set(i, held.get(held.size() - 1));
                held.remove(held.size() - 1);
                long pfn = h[0];
                int order = (int) h[1];
                // Give up ownership before the free: after it, another thread may get these pages at once.
                for (long p = pfn; p < pfn + (1L << order); p++) {
                    if (!owner.compareAndSet((int) p, id + 1, 0)) {
                        report("pfn " + p + " held by thread " + id + " changed owner to " + (owner.get((int) p) - 1));
                        return;
                    }
                }
                heldPages -= 1L << order;
                if (rnd.nextBoolean()) {
                    alloc.freePages(pfn, order);
                } else {
                    alloc.freePages(id % cpus, pfn, order);
                }
            }

            private void report(String what) {
                error.compareAndSet(null, "thread " + id + ": " + what);
            }
        }

        private void checkRestored() {
            List<Zone> zones = machine.populatedZoneList();
            long allocated = 0;
            for (int zi = 0; zi < zones.size(); zi++) {
                Zone z = zones.get(zi);
                FreeArea a = z.freeArea();
                String name = z.type().kernelName();
                for (int cpu = 0; cpu < z.cpuSlots(); cpu++) {
                    assertEquals(0, z.pcpCount(cpu), name + ": pcp list of slot " + cpu + " not drained");
                }
                assertEquals(z.managedPages(), z.freePages(), name + ": NR_FREE_PAGES");
                assertEquals(z.managedPages(), a.countFreePagesSlow(), name + ": sum of nr_free << order");
                for (int o = 0; o < 11; o++) {
                    assertEquals(boot.nrFree(zi, o), a.nrFree(o), name + ": nr_free order " + o + " (buddyinfo)");
                }
                if (movableOnly) {
                    for (int o = 0; o < 11; o++) {
                        long[] now = new long[4];
                        for (int t = 0; t < 4; t++) {
                            now[t] = a.nrFree(o, t);
                        }
                        assertArrayEquals(boot.nrFree()[zi][o], now, name + ": nr_free per type, order " + o);
                    }
                    assertArrayEquals(boot.pageblocks()[zi], pageblockTypes(z), name + ": pageblock types");
                }
                checkCoverage(z);
                allocated += machine.event(VmEvent.perZone("pgalloc", z.type()));
            }
            assertTrue(allocated > 0);
            if (cpus == threads) {
                assertEquals(allocated, machine.event(VmEvent.PGFREE), "pgalloc_* total == pgfree: all came back");
            }
        }

        /** Every managed pfn in exactly one free block; no free block whose buddy is free at the same order. */
        private void checkCoverage(Zone z) {
            FreeArea a = z.freeArea();
            int start = (int) z.startPfn();
            int end = (int) z.spec().endPfn();
            long managedStart = z.startPfn() + z.presentPages() - z.managedPages();
            long managedEnd = z.startPfn() + z.presentPages();
            byte[] cover = new byte[end - start];
            String name = z.type().kernelName();
            for (int o = 0; o < 11; o++) {
                int size = 1 << o;
                for (int pfn = start & -size; pfn < end; pfn += size) {
                    if (pfn < start || !a.isFreeBlock(pfn, o)) {
                        continue;
                    }
                    for (int p = pfn; p < pfn + size; p++) {
                        if (p >= end) {
                            fail(name + ": free block " + pfn + " order " + o + " runs past the zone end " + end);
                        }
                        cover[p - start]++;
                    }
                    int buddy = pfn ^ size;
                    if (o < 10 && buddy >= start && buddy < end && a.isFreeBlock(buddy, o)) {
                        fail(name + ": free block " + pfn + " and its buddy " + buddy + " both free at order " + o
                            + ": a merge was lost");
                    }
                }
            }
            for (int p = start; p < end; p++) {
                int expect = p >= managedStart && p < managedEnd ? 1 : 0;
                if (cover[p - start] != expect) {
                    fail(name + ": pfn " + p + " is in " + cover[p - start] + " free blocks, expected " + expect);
                }
                if (a.allocatedOrder(p) != -1) {
                    fail(name + ": pfn " + p + " still has an allocation record of order " + a.allocatedOrder(p));
                }
            }
        }
    }
}
