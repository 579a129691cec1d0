package io.slowpath.policy.reclaim.stock310;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * get_scan_count worked by hand (spec part 2, section 3). Lists are given as {inactive anon, active anon, inactive
 * file, active file}; the SCAN_FRACT cases use sizes {1000, 3000, 2000, 6000} at priority 2, so the unscaled targets
 * are size >> 2 = {250, 750, 500, 1500}, and anon = 4000, file = 8000.
 */
class ScanCountTest {
    private static final long[] SIZES = {1000, 3000, 2000, 6000};

    private static ScanCount fract(int swappiness, long[] scanned, long[] rotated) {
        return ScanCount.compute(new ScanCount.Input(SIZES, 2, swappiness, true, 100, 1000, 200, false), scanned,
            rotated);
    }

    @Test
    void priorityScalesEachListBySizeShiftedRightByPriority() {
        long[] sizes = {4096, 8192, 40960, 20480};
        // No swap: SCAN_FILE, so only the file lists keep their size >> priority.
        for (int prio = 12; prio >= 0; prio--) {
            ScanCount c = ScanCount.compute(new ScanCount.Input(sizes, prio, 60, true, 0, 1000, 200, false),
                new long[2], new long[2]);
            assertEquals(ScanBalance.SCAN_FILE, c.balance());
            assertArrayEquals(new long[] {0, 0, 40960 >> prio, 20480 >> prio}, c.nr(), "priority " + prio);
        }
        // Priority 12 is 1/4096 of each list: 40960 -> 10, 20480 -> 5.
        ScanCount c12 = ScanCount.compute(new ScanCount.Input(sizes, 12, 60, true, 0, 1000, 200, false),
            new long[2], new long[2]);
        assertArrayEquals(new long[] {0, 0, 10, 5}, c12.nr());
        // Priority 0 with swap and swappiness: SCAN_EQUAL, every list in full.
        ScanCount c0 = ScanCount.compute(new ScanCount.Input(sizes, 0, 60, true, 100, 1000, 200, false),
            new long[2], new long[2]);
        assertEquals(ScanBalance.SCAN_EQUAL, c0.balance());
        assertArrayEquals(sizes, c0.nr());
    }

    @Test
    void swappiness60WithNoRotationsSplits60To140() {
        // ap = 60 * 101 / 1 = 6060, fp = 140 * 101 / 1 = 14140, denominator 20201.
        // 250*6060/20201 = 74.99 -> 74; 750*6060/20201 = 224.99 -> 224;
        // 500*14140/20201 = 349.98 -> 349; 1500*14140/20201 = 1049.95 -> 1049.
        ScanCount c = fract(60, new long[] {100, 100}, new long[] {0, 0});
        assertEquals(ScanBalance.SCAN_FRACT, c.balance());
        assertArrayEquals(new long[] {74, 224, 349, 1049}, c.nr());
    }

    @Test
    void swappiness0ScansNoAnonInFractMode() {
        // ap = 0, fp = 200 * 101 = 20200, denominator 20201: 500*20200/20201 -> 499, 1500*20200/20201 -> 1499.
        ScanCount c = fract(0, new long[] {100, 100}, new long[] {0, 0});
        assertArrayEquals(new long[] {0, 0, 499, 1499}, c.nr());
    }

    @Test
    void swappiness100BalancesAnonAndFileEqually() {
        // ap = fp = 100 * 101 = 10100, denominator 20201: 250 -> 124, 750 -> 374, 500 -> 249, 1500 -> 749.
        ScanCount c = fract(100, new long[] {100, 100}, new long[] {0, 0});
        assertArrayEquals(new long[] {124, 374, 249, 749}, c.nr());
    }

    @Test
    void anonPagesThatKeepRotatingAreScannedLess() {
        // 899 of 900 scanned anon pages rotated: ap = 60 * 901 / 900 = 60; fp = 14140; denominator 14201.
        // 250*60/14201 = 1.05 -> 1; 750*60/14201 = 3.17 -> 3; 500*14140/14201 = 497.85 -> 497; 1500 -> 1493.
        ScanCount c = fract(60, new long[] {900, 100}, new long[] {899, 0});
        assertArrayEquals(new long[] {1, 3, 497, 1493}, c.nr());
        // The other way round: file pages all rotated, anon none: fp = 140 * 101 / 100 = 141, ap = 60 * 101 = 6060.
        // denominator 6202: 250*6060/6202 = 244.27 -> 244; 750 -> 732.8 -> 732; 500*141/6202 = 11.37 -> 11; 1500 -> 34.
        ScanCount d = fract(60, new long[] {100, 100}, new long[] {0, 99});
        assertArrayEquals(new long[] {244, 732, 11, 34}, d.nr());
    }

    @Test
    void recentStatsAreHalvedOnceTheyExceedAQuarterOfTheType() {
        long[] scanned = {2000, 100};
        long[] rotated = {1000, 0};
        // anon / 4 = 1000 < 2000: halved to 1000 and 500. ap = 60 * 1001 / 501 = 119.
        ScanCount c = fract(60, scanned, rotated);
        assertArrayEquals(new long[] {1000, 100}, scanned);
        assertArrayEquals(new long[] {500, 0}, rotated);
        // denominator 119 + 14140 + 1 = 14260: 250*119/14260 = 2.09 -> 2; 750*119/14260 = 6.26 -> 6;
        // 500*14140/14260 = 495.79 -> 495; 1500*14140/14260 = 1487.38 -> 1487.
        assertArrayEquals(new long[] {2, 6, 495, 1487}, c.nr());
    }

    @Test
    void forcedCasesInTheKernelsOrder() {
        long[] noRot = {0, 0};
        // 1. no free swap slot, or may_swap off: file only.
        assertEquals(ScanBalance.SCAN_FILE, ScanCount.compute(
            new ScanCount.Input(SIZES, 2, 60, true, 0, 1000, 200, false), new long[2], noRot.clone()).balance());
        assertEquals(ScanBalance.SCAN_FILE, ScanCount.compute(
            new ScanCount.Input(SIZES, 2, 60, false, 100, 1000, 200, false), new long[2], noRot.clone()).balance());
        // 3. priority 0 with swappiness 0 is not SCAN_EQUAL: it goes on to the fraction.
        assertEquals(ScanBalance.SCAN_FRACT, ScanCount.compute(
            new ScanCount.Input(SIZES, 0, 0, true, 100, 1000, 200, false), new long[2], noRot.clone()).balance());
        // 4. a tiny file LRU: file + free = 30 + 100 <= high 200: anon only, even with swappiness 0.
        long[] tinyFile = {1000, 3000, 10, 20};
        ScanCount anon = ScanCount.compute(new ScanCount.Input(tinyFile, 2, 0, true, 100, 100, 200, false),
            new long[2], noRot.clone());
        assertEquals(ScanBalance.SCAN_ANON, anon.balance());
        assertArrayEquals(new long[] {250, 750, 0, 0}, anon.nr());
        // 5. inactive file at least as big as active file: file only.
        long[] bigInactive = {1000, 3000, 6000, 6000};
        assertEquals(ScanBalance.SCAN_FILE, ScanCount.compute(
            new ScanCount.Input(bigInactive, 2, 60, true, 100, 1000, 200, false), new long[2], noRot.clone())
            .balance());
    }

    @Test
    void forceScanGivesSmallListsAtLeastAClusterBeforeTheSplit() {
        long[] sizes = {10, 100, 5000, 40};
        // Priority 12: {0, 0, 1, 0}; kswapd over an all_unreclaimable zone: min(size, 32) = {10, 32, 1, 32};
        // no swap: SCAN_FILE keeps the file lists.
        ScanCount c = ScanCount.compute(new ScanCount.Input(sizes, 12, 60, true, 0, 1000, 200, true), new long[2],
            new long[2]);
        assertArrayEquals(new long[] {0, 0, 1, 32}, c.nr());
        ScanCount d = ScanCount.compute(new ScanCount.Input(sizes, 12, 60, true, 0, 1000, 200, false), new long[2],
            new long[2]);
        assertArrayEquals(new long[] {0, 0, 1, 0}, d.nr());
    }
}
