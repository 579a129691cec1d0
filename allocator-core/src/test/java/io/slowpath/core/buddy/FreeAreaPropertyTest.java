package io.slowpath.core.buddy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random single-threaded sequences run on {@link FreeArea} and on {@link ReferenceBuddy} side by side: after every
 * step the returned pfns, {@code nr_free} per (order, migrate type), every pageblock's type and the value returned by
 * {@code move_freepages_block} must agree, and every so often the exact set of free blocks too. Everything is
 * deterministic (lowest pfn first in both), so any difference is a bug in one of them.
 */
class FreeAreaPropertyTest {
    private static final int STEPS = 6000;

    /** Zones with unaligned edges: DMA-like from pfn 1, one ending mid-pageblock, one unaligned at both ends. */
    static Stream<Arguments> cases() {
        int[][] zones = {{1, 4096}, {0, 4000}, {4196, 44096}};
        long[] seeds = {1, 42, 20240601, 7_777_777, 31337};
        List<Arguments> out = new ArrayList<>();
        for (int[] z : zones) {
            for (long seed : seeds) {
                out.add(Arguments.of(z[0], z[1], seed, false));
            }
        }
        out.add(Arguments.of(1, 4096, 99L, true));
        out.add(Arguments.of(4196, 44096, 98L, true));
        return out.stream();
    }

    @ParameterizedTest(name = "zone [{0}, {1}) seed {2} groupingDisabled {3}")
    @MethodSource("cases")
    void freeAreaMatchesTheReferenceAfterEveryStep(int start, int end, long seed, boolean groupingDisabled) {
        new Run(start, end, seed, groupingDisabled).run();
    }

    @Test
    void referenceModelAgreesWithTheHandWorkedThreshold() {
        // The reference itself on FreeAreaTest's 256-page case: it must claim, and with 255 it must not.
        for (int extra = 0; extra <= 1; extra++) {
            ReferenceBuddy ref = new ReferenceBuddy(0, 2048);
            for (int pfn = 0; pfn < 2048; pfn += 512) {
                ref.setPageblockMigratetype(pfn, ReferenceBuddy.M);
            }
            int[] heads = {512, 640, 704, 736, 752, 760, 764, 766};
            for (int i = 0; i < heads.length; i++) {
                ref.freeOnePage(heads[i], 7 - i, ReferenceBuddy.M);
            }
            if (extra == 1) {
                ref.freeOnePage(768, 0, ReferenceBuddy.M);
            }
            assertEquals(512, ref.rmqueue(0, ReferenceBuddy.U));
            assertEquals(extra == 1 ? ReferenceBuddy.U : ReferenceBuddy.M, ref.pageblockMigratetype(512));
        }
    }

    /** One random run. */
    private static final class Run {
        final int start;
        final int end;
        final SplittableRandom rnd;
        final FreeArea area;
        final ReferenceBuddy ref;
        final List<int[]> held = new ArrayList<>();
        final String label;
        int step;
        String lastOp = "boot";
        /** Coverage: allocations that failed, that changed a pageblock's type, and that came from RESERVE. */
        int failed;
        int claims;
        int fromReserve;
        int bulks;

        Run(int start, int end, long seed, boolean groupingDisabled) {
            this.start = start;
            this.end = end;
            this.rnd = new SplittableRandom(seed);
            this.area = new FreeArea(start, end);
            this.ref = new ReferenceBuddy(start, end);
            this.label = "zone [" + start + ", " + end + ") seed " + seed;
            boot(groupingDisabled);
        }

        /**
         * memmap_init_zone (pageblocks starting in the zone become MOVABLE), then every page freed one by one in a
         * random order (exercising merges everywhere), then the first whole pageblock made RESERVE as
         * setup_zone_migrate_reserve does.
         */
        private void boot(boolean groupingDisabled) {
            int first = (start + 511) & ~511;
            for (int pfn = first; pfn < end; pfn += 512) {
                area.setPageblockMigratetype(pfn, ReferenceBuddy.M);
                ref.setPageblockMigratetype(pfn, ReferenceBuddy.M);
            }
            int n = end - start;
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = start + i;
            }
            for (int i = n - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int pfn : order) {
                int mt = area.pageblockMigratetype(pfn);
                area.freeOnePage(pfn, 0, mt);
                ref.freeOnePage(pfn, 0, mt);
            }
            compareAll();
            if (first + 512 <= end) {
                setAndMove(first, ReferenceBuddy.R);
            }
            area.setMobilityGroupingDisabled(groupingDisabled);
            ref.groupingDisabled = groupingDisabled;
            compareAll();
        }

        void run() {
            // Alternate filling and draining phases long enough to run the zone out of memory now and then.
            int scale = Math.max(1, (end - start) / 4096);
            boolean filling = false;
            int phaseLeft = 0;
            for (step = 1; step <= STEPS * Math.min(scale, 4); step++) {
                if (phaseLeft-- <= 0) {
                    filling = !filling;
                    phaseLeft = (100 + rnd.nextInt(700)) * scale;
                }
                int dice = rnd.nextInt(1000);
                if (dice < 8) {
                    int pfn = start + rnd.nextInt(end - start);
                    setAndMove(pfn, rnd.nextInt(4));
                } else if (dice < 20) {
                    int pfn = start + rnd.nextInt(end - start);
                    int mt = rnd.nextInt(4);
                    lastOp = "moveFreepagesBlock(" + pfn + ", " + mt + ")";
                    check("moved pages", ref.moveFreepagesBlock(pfn, mt), area.moveFreepagesBlock(pfn, mt));
                } else if (held.isEmpty() || rnd.nextInt(100) < (filling ? 80 : 30)) {
                    allocate();
                } else {
                    free();
                }
                compareCounts();
                if (step % 50 == 0) {
                    compareFreeBlocks();
                }
            }
            while (!held.isEmpty()) {
                free();
                compareCounts();
            }
            compareAll();
            assertEquals(end - start, area.countFreePagesSlow(), label + ": all pages free at the end");
            // The run must have reached the interesting paths, or it proves little.
            assertTrue(failed > 0 && claims > 0 && fromReserve > 0 && bulks > 0, label + ": coverage failed="
                + failed + " claims=" + claims + " fromReserve=" + fromReserve + " bulks=" + bulks);
        }

        private void allocate() {
            int order = randomOrder();
            int mt = rnd.nextInt(100) < 5 ? ReferenceBuddy.R : rnd.nextInt(3);
            if (order == 0 && mt != ReferenceBuddy.R && rnd.nextInt(4) == 0) {
                allocateBulk(mt, 1 + rnd.nextInt(63));
                return;
            }
            lastOp = "rmqueue(" + order + ", " + mt + ")";
            int[] typesBefore = pageblockTypes();
            long reserveBefore = ref.freePagesOfType(ReferenceBuddy.R);
            int want = ref.rmqueue(order, mt);
            int got = area.rmqueue(order, mt);
            check("pfn", want, got);
            if (got < 0) {
                failed++;
            }
            if (!Arrays.equals(typesBefore, pageblockTypes())) {
                claims++;
            }
            if (mt != ReferenceBuddy.R && ref.freePagesOfType(ReferenceBuddy.R) < reserveBefore) {
                fromReserve++;
            }
            if (got >= 0) {
                area.markAllocated(got, order);
                held.add(new int[] {got, order, mt});
            }
        }

        /** rmqueue_bulk: FreeArea's batch against {@code count} single order-0 calls of the reference. */
        private void allocateBulk(int mt, int count) {
            lastOp = "rmqueueBulk(" + mt + ", " + count + ")";
            int[] typesBefore = pageblockTypes();
            int[] got = new int[count];
            int n = area.rmqueueBulk(mt, count, got);
            int want = 0;
            for (; want < count; want++) {
                int pfn = ref.rmqueue(0, mt);
                if (pfn < 0) {
                    failed++;
                    break;
                }
                check("page " + want + " of the batch", pfn, want < n ? got[want] : -1);
            }
            check("pages in the batch", want, n);
            if (!Arrays.equals(typesBefore, pageblockTypes())) {
                claims++;
            }
            for (int i = 0; i < n; i++) {
                area.markAllocated(got[i], 0);
                held.add(new int[] {got[i], 0, mt});
            }
            bulks++;
        }

        private int[] pageblockTypes() {
            int[] types = new int[(end - 1) / 512 - start / 512 + 1];
            for (int i = 0; i < types.length; i++) {
                types[i] = area.pageblockMigratetype(Math.max(start, (start / 512 + i) * 512));
            }
            return types;
        }

        /** Weighted to small orders, as real workloads are; every order 0..10 occurs. */
        private int randomOrder() {
            int r = rnd.nextInt(100);
            if (r < 45) {
                return 0;
            }
            if (r < 60) {
                return 1;
            }
            if (r < 70) {
                return 2;
            }
            if (r < 78) {
                return 3;
            }
            return 4 + rnd.nextInt(7);
        }

        private void free() {
            int[] h = held.remove(rnd.nextInt(held.size()));
            int pfn = h[0];
            int order = h[1];
            // Mostly __free_pages_ok (the pageblock's type now); sometimes a pcp drain (the stamp of the request).
            int mt = rnd.nextInt(100) < 80 ? area.pageblockMigratetype(pfn) : h[2];
            lastOp = "freeOnePage(" + pfn + ", " + order + ", " + mt + ")";
            area.unmarkAllocated(pfn, order);
            area.freeOnePage(pfn, order, mt);
            ref.freeOnePage(pfn, order, mt);
        }

        /** setup_zone_migrate_reserve's step: set a pageblock's type and move its free pages. */
        private void setAndMove(int pfn, int mt) {
            lastOp = "set+moveFreepagesBlock(" + pfn + ", " + mt + ")";
            area.setPageblockMigratetype(pfn, mt);
            ref.setPageblockMigratetype(pfn, mt);
            check("moved pages", ref.moveFreepagesBlock(pfn, mt), area.moveFreepagesBlock(pfn, mt));
        }

        private void compareAll() {
            compareCounts();
            compareFreeBlocks();
        }

        private void compareCounts() {
            for (int o = 0; o < ReferenceBuddy.MAX_ORDER; o++) {
                for (int t = 0; t < ReferenceBuddy.TYPES; t++) {
                    if (ref.nrFree(o, t) != area.nrFree(o, t)) {
                        fail(where() + ": nr_free order " + o + " type " + t + " reference " + ref.nrFree(o, t)
                            + " FreeArea " + area.nrFree(o, t));
                    }
                }
            }
            for (int pfn = start; pfn < end; pfn = (pfn & ~511) + 512) {
                if (ref.pageblockMigratetype(pfn) != area.pageblockMigratetype(pfn)) {
                    fail(where() + ": pageblock of pfn " + pfn + " reference type " + ref.pageblockMigratetype(pfn)
                        + " FreeArea type " + area.pageblockMigratetype(pfn));
                }
            }
        }

        /** nr_free equal per (order, type) plus every reference block present on the same list means equal sets. */
        private void compareFreeBlocks() {
            for (int[] b : ref.freeBlocks()) {
                if (area.freeTypeOf(b[0], b[1]) != b[2]) {
                    fail(where() + ": reference has free block pfn " + b[0] + " order " + b[1] + " type " + b[2]
                        + ", FreeArea has type " + area.freeTypeOf(b[0], b[1]));
                }
            }
            assertEquals(ref.freePages(), area.countFreePagesSlow(), where());
        }

        private void check(String what, int want, int got) {
            if (want != got) {
                fail(where() + ": " + what + " reference " + want + " FreeArea " + got);
            }
        }

        private String where() {
            return label + " step " + step + " after " + lastOp;
        }
    }
}
