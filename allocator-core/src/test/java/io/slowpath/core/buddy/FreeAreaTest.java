package io.slowpath.core.buddy;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.slowpath.api.MigrateType;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Hand-worked cases of spec part 1 §6 (buddy free areas, split, merge, fallback, MIGRATE_RESERVE,
 * move_freepages_block) on a bare {@link FreeArea}.
 */
class FreeAreaTest {
    static final int U = MigrateType.UNMOVABLE.index();
    static final int E = MigrateType.RECLAIMABLE.index();
    static final int M = MigrateType.MOVABLE.index();
    static final int R = MigrateType.RESERVE.index();

    /** A free area over {@code [start, end)} with every pageblock set to {@code mt}. */
    static FreeArea area(int start, int end, int mt) {
        FreeArea a = new FreeArea(start, end);
        for (int pfn = start & ~511; pfn < end; pfn += 512) {
            a.setPageblockMigratetype(Math.max(pfn, start), mt);
        }
        return a;
    }

    /** Frees every page of {@code [from, to)} one by one, each as {@code mt}. */
    static void freeRange(FreeArea a, int from, int to, int mt) {
        for (int p = from; p < to; p++) {
            a.freeOnePage(p, 0, mt);
        }
    }

    static long totalFreeBlocks(FreeArea a) {
        long n = 0;
        for (int o = 0; o < 11; o++) {
            n += a.nrFree(o);
        }
        return n;
    }

    @Nested
    class Split {
        @Test
        void orderZeroFromOrderThreeKeepsLowestPartAndPublishesUpperHalves() {
            // Spec §6.3: an order-0 request served from an order-3 block at P returns P and puts P+4 (o2), P+2 (o1),
            // P+1 (o0) on the lists of the same type.
            FreeArea a = area(0, 2048, M);
            a.freeOnePage(8, 3, M);
            assertEquals(8, a.rmqueue(0, M));
            assertAll(
                () -> assertEquals(M, a.freeTypeOf(12, 2)),
                () -> assertEquals(M, a.freeTypeOf(10, 1)),
                () -> assertEquals(M, a.freeTypeOf(9, 0)),
                () -> assertEquals(0, a.nrFree(3)),
                () -> assertEquals(1, a.nrFree(2, M)),
                () -> assertEquals(1, a.nrFree(1, M)),
                () -> assertEquals(1, a.nrFree(0, M)),
                () -> assertEquals(3, totalFreeBlocks(a)),
                () -> assertEquals(7, a.countFreePagesSlow()));
        }

        @Test
        void consecutiveOrderZeroRequestsReturnAscendingPfnsOfOneBlock() {
            // Spec §7.2: consecutive __rmqueue calls on a freshly split block return ascending pfns.
            FreeArea a = area(0, 2048, M);
            a.freeOnePage(16, 3, M);
            for (int i = 0; i < 8; i++) {
                assertEquals(16 + i, a.rmqueue(0, M), "request " + i);
            }
            assertEquals(-1, a.rmqueueSmallest(0, M));
            assertEquals(0, a.countFreePagesSlow());
        }

        @Test
        void smallestSufficientOrderIsUsedFirst() {
            FreeArea a = area(0, 2048, M);
            a.freeOnePage(0, 5, M);
            a.freeOnePage(64, 2, M);
            assertEquals(64, a.rmqueue(1, M), "order 2 is split before order 5");
            assertEquals(M, a.freeTypeOf(66, 1));
            assertEquals(M, a.freeTypeOf(0, 5));
        }

        @Test
        void lowestPfnOfTheListIsTakenFirst() {
            // The documented deviation: address order instead of the kernel's LIFO list head.
            FreeArea a = area(0, 2048, M);
            a.freeOnePage(900, 0, M);
            a.freeOnePage(100, 0, M);
            a.freeOnePage(500, 0, M);
            assertEquals(100, a.rmqueue(0, M));
            assertEquals(500, a.rmqueue(0, M));
            assertEquals(900, a.rmqueue(0, M));
        }

        @Test
        void emptyAreaReturnsMinusOne() {
            FreeArea a = area(0, 2048, M);
            for (int mt = 0; mt < 4; mt++) {
                assertEquals(-1, a.rmqueue(0, mt));
                assertEquals(-1, a.rmqueue(10, mt));
            }
        }
    }

    @Nested
    class Merge {
        @Test
        void pagesMergeUpToOrderTenAndNotBeyond() {
            FreeArea a = area(0, 4096, M);
            freeRange(a, 0, 4096, M);
            assertEquals(4, a.nrFree(10), "4096 pages are four order-10 blocks, MAX_ORDER-1 is the limit");
            for (int o = 0; o < 10; o++) {
                assertEquals(0, a.nrFree(o), "order " + o);
            }
            for (int pfn = 0; pfn < 4096; pfn += 1024) {
                assertEquals(M, a.freeTypeOf(pfn, 10));
            }
        }

        @Test
        void mergesInAnyFreeOrder() {
            FreeArea a = area(0, 2048, M);
            int[] pfns = {7, 3, 0, 5, 1, 6, 2, 4};
            for (int p : pfns) {
                a.freeOnePage(p, 0, M);
            }
            assertEquals(M, a.freeTypeOf(0, 3));
            assertEquals(1, totalFreeBlocks(a));
        }

        @Test
        void blocksOfDifferentOrdersDoNotMerge() {
            FreeArea a = area(0, 2048, M);
            a.freeOnePage(0, 0, M);
            a.freeOnePage(2, 1, M);
            assertEquals(M, a.freeTypeOf(0, 0));
            assertEquals(M, a.freeTypeOf(2, 1));
            assertEquals(2, totalFreeBlocks(a));
        }

        @Test
        void mergedBlockGoesOnTheListOfTheFreeingTypeNotTheBuddys() {
            FreeArea a = area(0, 2048, M);
            a.freeOnePage(0, 0, M);
            a.freeOnePage(1, 0, U);
            assertEquals(U, a.freeTypeOf(0, 1));
            assertEquals(1, a.nrFree(1, U));
            assertEquals(0, a.nrFree(0));
        }

        @Test
        void mergesAcrossPageblocksOfDifferentTypes() {
            // Spec §6.2: the buddy's migrate type and pageblock are not checked.
            FreeArea a = new FreeArea(0, 2048);
            a.setPageblockMigratetype(0, R);
            a.setPageblockMigratetype(512, E);
            a.freeOnePage(0, 9, R);
            a.freeOnePage(512, 9, E);
            assertEquals(E, a.freeTypeOf(0, 10));
            assertEquals(R, a.pageblockMigratetype(0), "merging never changes pageblock types");
        }

        @Test
        void noMergeAcrossTheZoneStart() {
            // ZONE_DMA starts at pfn 1: page 1's buddy, pfn 0, lies outside and is never merged with.
            FreeArea a = area(1, 2048, M);
            freeRange(a, 1, 2048, M);
            assertEquals(M, a.freeTypeOf(1, 0));
            for (int o = 1; o <= 10; o++) {
                assertEquals(M, a.freeTypeOf(1 << o, o), "order " + o);
                assertEquals(1, a.nrFree(o), "order " + o);
            }
            assertEquals(1, a.nrFree(0));
            assertEquals(2047, a.countFreePagesSlow());
            assertEquals(-1, a.freeTypeOf(0, 0), "pfn 0 is outside the zone");
        }

        @Test
        void noMergeAcrossTheZoneEnd() {
            FreeArea a = area(0, 2047, M);
            freeRange(a, 0, 2047, M);
            assertEquals(M, a.freeTypeOf(0, 10));
            // 1023 pages above 1024: 512 + 256 + ... + 1.
            int pfn = 1024;
            for (int o = 9; o >= 0; o--) {
                assertEquals(M, a.freeTypeOf(pfn, o), "order " + o + " at " + pfn);
                pfn += 1 << o;
            }
            assertEquals(2047, pfn);
            assertEquals(11, totalFreeBlocks(a));
        }

        @Test
        void freeingTheLastPieceOfASplitBlockMergesItBack() {
            FreeArea a = area(0, 2048, M);
            a.freeOnePage(0, 3, M);
            assertEquals(0, a.rmqueue(0, M));
            // 1 (o0), 2 (o1), 4 (o2) are free; freeing 0 merges them all back.
            a.freeOnePage(0, 0, M);
            assertEquals(M, a.freeTypeOf(0, 3));
            assertEquals(1, totalFreeBlocks(a));
        }
    }

    @Nested
    class Fallback {
        @Test
        void tableOrderForEachTypeAtEqualOrder() {
            // Spec §6.4: UNMOVABLE -> RECLAIMABLE, MOVABLE; RECLAIMABLE -> UNMOVABLE, MOVABLE;
            // MOVABLE -> RECLAIMABLE, UNMOVABLE. Order-0 blocks in separate pageblocks, so no moving happens for
            // UNMOVABLE and MOVABLE requests.
            int[][] cases = {{U, E, M}, {M, E, U}};
            for (int[] c : cases) {
                FreeArea a = threeTypeArea();
                int first = a.rmqueueFallback(0, c[0]);
                int second = a.rmqueueFallback(0, c[0]);
                assertEquals(pfnOfType(c[1]), first, "first fallback for " + MigrateType.ofIndex(c[0]));
                assertEquals(pfnOfType(c[2]), second, "second fallback for " + MigrateType.ofIndex(c[0]));
                assertEquals(-1, a.rmqueueFallback(0, c[0]), "the own type is never a fallback");
            }
            FreeArea a = threeTypeArea();
            assertEquals(pfnOfType(U), a.rmqueueFallback(0, E), "RECLAIMABLE tries UNMOVABLE first");
        }

        @Test
        void reclaimableSecondChoiceIsMovable() {
            FreeArea a = threeTypeArea();
            a.rmqueueSmallest(0, U);
            assertEquals(pfnOfType(M), a.rmqueueFallback(0, E));
        }

        /** One free order-0 page in each of the first three pageblocks, typed U, E, M, with a used neighbour. */
        private FreeArea threeTypeArea() {
            FreeArea a = new FreeArea(0, 2048);
            a.setPageblockMigratetype(0, U);
            a.setPageblockMigratetype(512, E);
            a.setPageblockMigratetype(1024, M);
            a.setPageblockMigratetype(1536, M);
            a.freeOnePage(pfnOfType(U), 0, U);
            a.freeOnePage(pfnOfType(E), 0, E);
            a.freeOnePage(pfnOfType(M), 0, M);
            return a;
        }

        private int pfnOfType(int mt) {
            return 10 + 512 * mt;
        }

        @Test
        void largestBlockIsStolenFirstWhateverTheTableOrder() {
            // RECLAIMABLE is UNMOVABLE's first fallback, but the order-5 MOVABLE block is larger and wins.
            FreeArea a = new FreeArea(0, 2048);
            a.setPageblockMigratetype(0, E);
            a.setPageblockMigratetype(512, M);
            a.freeOnePage(0, 2, E);
            a.freeOnePage(512, 5, M);
            assertEquals(512, a.rmqueue(0, U));
            assertEquals(E, a.freeTypeOf(0, 2), "the smaller RECLAIMABLE block stays");
        }

        @Test
        void ownTypeIsPreferredToAnyFallbackEvenWhenSmaller() {
            FreeArea a = new FreeArea(0, 2048);
            a.setPageblockMigratetype(0, U);
            a.setPageblockMigratetype(512, M);
            a.freeOnePage(0, 0, U);
            a.freeOnePage(512, 9, M);
            assertEquals(0, a.rmqueue(0, U));
            assertEquals(M, a.freeTypeOf(512, 9));
        }

        @Test
        void belowOrderFourNothingMovesAndNothingIsClaimedEvenWithHalfTheBlockFree() {
            // Every other order-3 block of pageblock 512..1023 is free: 32 blocks, 256 pages, none can merge.
            FreeArea a = area(0, 2048, M);
            for (int pfn = 512; pfn < 1024; pfn += 16) {
                a.freeOnePage(pfn, 3, M);
            }
            assertEquals(512, a.rmqueue(0, U));
            assertAll(
                () -> assertEquals(M, a.pageblockMigratetype(512), "not claimed"),
                () -> assertEquals(31, a.nrFree(3, M), "the other blocks stay MOVABLE"),
                () -> assertEquals(U, a.freeTypeOf(516, 2), "remainders go to the requested type"),
                () -> assertEquals(U, a.freeTypeOf(514, 1)),
                () -> assertEquals(U, a.freeTypeOf(513, 0)));
        }

        @Test
        void reclaimableStealsAtAnyOrderAndClaimsWithHalfTheBlockFree() {
            FreeArea a = area(0, 2048, M);
            for (int pfn = 512; pfn < 1024; pfn += 16) {
                a.freeOnePage(pfn, 3, M);
            }
            assertEquals(512, a.rmqueue(0, E));
            assertAll(
                () -> assertEquals(E, a.pageblockMigratetype(512), "256 pages moved: claimed"),
                () -> assertEquals(31, a.nrFree(3, E)),
                () -> assertEquals(0, a.nrFree(3, M)),
                () -> assertEquals(E, a.freeTypeOf(516, 2)));
        }

        @Test
        void reclaimableMovesButDoesNotClaimBelowHalf() {
            FreeArea a = area(0, 2048, M);
            for (int pfn = 512; pfn < 1024 - 16; pfn += 16) {
                a.freeOnePage(pfn, 3, M);
            }
            // 31 blocks, 248 pages: moved but not claimed.
            assertEquals(512, a.rmqueue(0, E));
            assertAll(
                () -> assertEquals(M, a.pageblockMigratetype(512)),
                () -> assertEquals(30, a.nrFree(3, E), "moved to RECLAIMABLE lists anyway"),
                () -> assertEquals(0, a.nrFree(3, M)));
        }

        /**
         * Pageblock 512..1023 MOVABLE with free blocks 512 o7, 640 o6, 704 o5, 736 o4, 752 o3, 760 o2, 764 o1, 766
         * o0: 255 pages; with {@code extra} also 768 o0: 256.
         */
        private FreeArea thresholdArea(boolean extra) {
            FreeArea a = area(0, 2048, M);
            int[] heads = {512, 640, 704, 736, 752, 760, 764, 766};
            for (int i = 0; i < heads.length; i++) {
                a.freeOnePage(heads[i], 7 - i, M);
            }
            if (extra) {
                a.freeOnePage(768, 0, M);
            }
            return a;
        }

        @Test
        void thresholdArea_isAsDescribed() {
            FreeArea a = thresholdArea(true);
            int[] heads = {512, 640, 704, 736, 752, 760, 764, 766};
            for (int o = 7, i = 0; o >= 0; o--, i++) {
                assertEquals(M, a.freeTypeOf(heads[i], o), "order " + o);
            }
            assertEquals(256, a.countFreePagesSlow());
        }

        @Test
        void twoHundredFiftySixMovedPagesClaimThePageblock() {
            FreeArea a = thresholdArea(true);
            // Largest fallback block is 512 o7 (order >= 4): move_freepages_block counts it too -> 256.
            assertEquals(512, a.rmqueue(0, U));
            assertAll(
                () -> assertEquals(U, a.pageblockMigratetype(512)),
                () -> assertEquals(U, a.freeTypeOf(768, 0)),
                () -> assertEquals(U, a.freeTypeOf(640, 6)),
                () -> assertEquals(U, a.freeTypeOf(576, 6), "expand remainder"),
                () -> assertEquals(U, a.freeTypeOf(513, 0), "expand remainder"),
                () -> assertEquals(0, countType(a, M)),
                () -> assertEquals(255, a.countFreePagesSlow()));
        }

        @Test
        void twoHundredFiftyFiveMovedPagesMoveButDoNotClaim() {
            FreeArea a = thresholdArea(false);
            assertEquals(512, a.rmqueue(0, U));
            assertAll(
                () -> assertEquals(M, a.pageblockMigratetype(512), "255 < 256: not claimed"),
                () -> assertEquals(U, a.freeTypeOf(640, 6), "moved anyway"),
                () -> assertEquals(U, a.freeTypeOf(766, 0), "moved anyway"),
                () -> assertEquals(0, countType(a, M)),
                () -> assertEquals(254, a.countFreePagesSlow()));
        }

        @Test
        void movableStealFromReclaimableCountsEachPageOnce() {
            // Pageblock 512..1023 RECLAIMABLE with free 512 o7, 640 o6, 704 o5 on the RECLAIMABLE lists: 224 pages,
            // below 256, so a MOVABLE steal moves them all but must not claim the pageblock.
            FreeArea a = area(0, 2048, M);
            a.setPageblockMigratetype(512, E);
            a.freeOnePage(512, 7, E);
            a.freeOnePage(640, 6, E);
            a.freeOnePage(704, 5, E);
            assertEquals(512, a.rmqueue(0, M));
            assertAll(
                () -> assertEquals(E, a.pageblockMigratetype(512), "224 < 256 free pages: not claimed"),
                () -> assertEquals(M, a.freeTypeOf(640, 6), "moved"),
                () -> assertEquals(M, a.freeTypeOf(704, 5), "moved"),
                () -> assertEquals(0, countType(a, E)));
        }

        @Test
        void orderTenStealChangesBothPageblocks() {
            // change_pageblock_range: an order-10 block covers two pageblocks; move_freepages_block alone would only
            // claim the first.
            FreeArea a = area(0, 4096, M);
            a.freeOnePage(1024, 10, M);
            assertEquals(1024, a.rmqueue(0, U));
            assertAll(
                () -> assertEquals(U, a.pageblockMigratetype(1024)),
                () -> assertEquals(U, a.pageblockMigratetype(1536)),
                () -> assertEquals(M, a.pageblockMigratetype(0)),
                () -> assertEquals(M, a.pageblockMigratetype(2048)),
                () -> assertEquals(U, a.freeTypeOf(1536, 9)),
                () -> assertEquals(1023, a.countFreePagesSlow()));
        }

        @Test
        void orderNineStealTypesItsPageblock() {
            FreeArea a = area(0, 2048, M);
            a.freeOnePage(512, 9, M);
            assertEquals(512, a.rmqueue(3, E));
            assertEquals(E, a.pageblockMigratetype(512));
            assertEquals(E, a.freeTypeOf(768, 8));
            assertEquals(M, a.pageblockMigratetype(0));
        }

        @Test
        void stealOfPageblockEndingPastTheZoneNeverClaimsBelowOrderNine() {
            // Zone ends at 1000: pageblock 512..1023 ends outside, move_freepages_block returns 0.
            FreeArea a = area(0, 1000, M);
            freeRange(a, 512, 1000, M);
            int got = a.rmqueue(0, U);
            assertEquals(512, got, "the order-8 block at 512 is the largest");
            assertAll(
                () -> assertEquals(M, a.pageblockMigratetype(512), "nothing moved, nothing claimed"),
                () -> assertEquals(M, a.freeTypeOf(768, 7), "the other blocks stay MOVABLE"),
                () -> assertEquals(U, a.freeTypeOf(640, 7), "remainder still goes to UNMOVABLE"));
        }

        @Test
        void reserveIsUsedOnlyAfterFallbackFails() {
            FreeArea a = new FreeArea(0, 2048);
            a.setPageblockMigratetype(0, R);
            a.setPageblockMigratetype(512, M);
            a.setPageblockMigratetype(1024, M);
            a.setPageblockMigratetype(1536, M);
            a.freeOnePage(0, 9, R);
            a.freeOnePage(700, 0, M);
            assertEquals(-1, a.rmqueueFallback(0, R), "RESERVE never falls back");
            assertEquals(700, a.rmqueue(0, U), "the MOVABLE page, though the RESERVE block is larger");
            assertEquals(R, a.freeTypeOf(0, 9));
            assertEquals(-1, a.rmqueueFallback(0, U), "fallback never takes RESERVE");
            assertEquals(0, a.rmqueue(0, U), "now RESERVE");
            assertAll(
                () -> assertEquals(R, a.pageblockMigratetype(0), "RESERVE blocks are never re-typed"),
                () -> assertEquals(R, a.freeTypeOf(256, 8), "remainders stay on RESERVE lists"),
                () -> assertEquals(R, a.freeTypeOf(1, 0)),
                () -> assertEquals(0, a.nrFree(0, U)));
        }

        @Test
        void reserveRequestDoesNotFallBack() {
            FreeArea a = area(0, 2048, M);
            a.freeOnePage(0, 10, M);
            assertEquals(-1, a.rmqueue(0, R));
            assertEquals(M, a.freeTypeOf(0, 10));
        }

        @Test
        void groupingDisabledAlwaysClaims() {
            FreeArea a = area(0, 2048, M);
            a.setMobilityGroupingDisabled(true);
            a.freeOnePage(512, 0, M);
            assertEquals(512, a.rmqueue(0, E));
            assertEquals(U, a.pageblockMigratetype(512), "set_pageblock_migratetype stores UNMOVABLE when disabled");
        }
    }

    @Nested
    class MoveFreepagesBlock {
        @Test
        void countsEveryFreePageOfThePageblockWhateverItsList() {
            FreeArea a = area(0, 2048, M);
            a.freeOnePage(512, 0, M);
            a.freeOnePage(514, 1, E);
            a.freeOnePage(520, 3, U);
            a.freeOnePage(768, 8, M);
            a.freeOnePage(0, 9, M);       // another pageblock: untouched
            assertEquals(1 + 2 + 8 + 256, a.moveFreepagesBlock(600, U));
            assertAll(
                () -> assertEquals(U, a.freeTypeOf(512, 0)),
                () -> assertEquals(U, a.freeTypeOf(514, 1)),
                () -> assertEquals(U, a.freeTypeOf(520, 3)),
                () -> assertEquals(U, a.freeTypeOf(768, 8)),
                () -> assertEquals(M, a.freeTypeOf(0, 9)),
                () -> assertEquals(M, a.pageblockMigratetype(512), "moving does not set the type"),
                () -> assertEquals(1, a.nrFree(0)),
                () -> assertEquals(1, a.nrFree(1)),
                () -> assertEquals(1, a.nrFree(3)),
                () -> assertEquals(1, a.nrFree(8)),
                () -> assertEquals(1, a.nrFree(9)));
        }

        @Test
        void pageblockEndingPastTheZoneMovesNothing() {
            FreeArea a = area(0, 1000, M);
            freeRange(a, 512, 1000, M);
            assertEquals(488, countType(a, M));
            assertEquals(0, a.moveFreepagesBlock(600, U));
            assertEquals(0, countType(a, U));
            assertEquals(488, countType(a, M));
            freeRange(a, 0, 512, M);
            assertEquals(512, a.moveFreepagesBlock(0, U), "the first pageblock lies inside the zone");
        }

        @Test
        void pageblockStartingBeforeTheZoneIsWalkedFromThePageGiven() {
            // DMA-like zone from pfn 1: blocks 1 o0, 2 o1, 4 o2, ..., 256 o8 in pageblock 0.
            FreeArea a = area(1, 1024, M);
            freeRange(a, 1, 1024, M);
            assertEquals(504, a.moveFreepagesBlock(8, U), "walk starts at pfn 8: 8+16+...+256");
            assertAll(
                () -> assertEquals(M, a.freeTypeOf(1, 0)),
                () -> assertEquals(M, a.freeTypeOf(2, 1)),
                () -> assertEquals(M, a.freeTypeOf(4, 2)),
                () -> assertEquals(U, a.freeTypeOf(8, 3)),
                () -> assertEquals(U, a.freeTypeOf(256, 8)),
                () -> assertEquals(M, a.freeTypeOf(512, 9)));
            assertEquals(511, a.moveFreepagesBlock(1, E), "from pfn 1 every block of the pageblock counts");
            assertEquals(0, countType(a, U));
        }

        @Test
        void movingToAHigherNumberedTypeCountsEachPageOnce() {
            // Blocks moved from a list of a lower type index onto the target's list must not be counted again when
            // the target's own list is counted.
            FreeArea a = area(0, 2048, M);
            a.freeOnePage(512, 0, U);
            a.freeOnePage(514, 1, E);
            a.freeOnePage(520, 3, U);
            a.freeOnePage(768, 8, M);
            assertEquals(267, a.moveFreepagesBlock(512, M));
            assertEquals(267, countType(a, M));
            assertEquals(267, a.moveFreepagesBlock(512, R));
            assertEquals(267, countType(a, R));
        }

        @Test
        void orderTenBlockCountsFromItsFirstPageblockOnly() {
            FreeArea a = area(0, 2048, M);
            a.freeOnePage(1024, 10, M);
            assertEquals(0, a.moveFreepagesBlock(1536, U), "the second pageblock holds only tail pages");
            assertEquals(M, a.freeTypeOf(1024, 10));
            assertEquals(1024, a.moveFreepagesBlock(1100, U));
            assertEquals(U, a.freeTypeOf(1024, 10));
        }

        @Test
        void blocksAlreadyOnTheTargetListCountButStay() {
            FreeArea a = area(0, 2048, M);
            a.freeOnePage(512, 4, U);
            a.freeOnePage(544, 5, M);
            assertEquals(48, a.moveFreepagesBlock(512, U));
            assertEquals(1, a.nrFree(4, U));
            assertEquals(1, a.nrFree(5, U));
        }
    }

    @Nested
    class AllocationRecord {
        @Test
        void wrongOrderFreeIsDetected() {
            FreeArea a = area(0, 2048, M);
            a.markAllocated(8, 2);
            assertEquals(2, a.allocatedOrder(8));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> a.unmarkAllocated(8, 1));
            assertTrue(e.getMessage().contains("allocated with order 2, freed with order 1"), e.getMessage());
            assertEquals(2, a.allocatedOrder(8), "a failed free keeps the record");
            a.unmarkAllocated(8, 2);
            assertEquals(-1, a.allocatedOrder(8));
        }

        @Test
        void doubleFreeIsDetected() {
            FreeArea a = area(0, 2048, M);
            a.markAllocated(8, 0);
            a.unmarkAllocated(8, 0);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> a.unmarkAllocated(8, 0));
            assertTrue(e.getMessage().contains("pfn 8 is not allocated"), e.getMessage());
        }

        @Test
        void freeOfATailPageIsDetected() {
            FreeArea a = area(0, 2048, M);
            a.markAllocated(8, 3);
            assertThrows(IllegalStateException.class, () -> a.unmarkAllocated(9, 0));
            assertThrows(IllegalStateException.class, () -> a.unmarkAllocated(12, 2));
            a.unmarkAllocated(8, 3);
        }

        @Test
        void freeOutsideTheZoneIsDetected() {
            FreeArea a = area(1, 2048, M);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> a.unmarkAllocated(0, 0));
            assertTrue(e.getMessage().contains("outside the zone"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> a.unmarkAllocated(2048, 0));
            assertEquals(-1, a.allocatedOrder(0));
        }

        @Test
        void publishingTheSameBlockTwiceIsDetected() {
            FreeArea a = area(0, 2048, M);
            a.freeOnePage(0, 10, M);
            assertThrows(IllegalStateException.class, () -> a.freeOnePage(0, 10, M));
        }
    }

    @Test
    void badZoneRangeIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new FreeArea(10, 5));
        assertThrows(IllegalArgumentException.class, () -> new FreeArea(-1, 5));
    }

    @Test
    void freeTypeOfRejectsMisalignedAndOutsidePfns() {
        FreeArea a = area(0, 2048, M);
        a.freeOnePage(0, 10, M);
        assertFalse(a.isFreeBlock(512, 10), "misaligned");
        assertFalse(a.isFreeBlock(0, 9), "part of a larger block is not a free block of its own order");
        assertFalse(a.isFreeBlock(4096, 0), "outside");
        assertTrue(a.isFreeBlock(0, 10));
    }

    static long countType(FreeArea a, int mt) {
        long pages = 0;
        for (int o = 0; o < 11; o++) {
            pages += a.nrFree(o, mt) << o;
        }
        return pages;
    }
}
