package io.slowpath.policy.reclaim.stock310;

import static io.slowpath.policy.reclaim.stock310.LruLists.LRU_ACTIVE_ANON;
import static io.slowpath.policy.reclaim.stock310.LruLists.LRU_ACTIVE_FILE;
import static io.slowpath.policy.reclaim.stock310.LruLists.LRU_INACTIVE_ANON;
import static io.slowpath.policy.reclaim.stock310.LruLists.LRU_INACTIVE_FILE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** inactive_anon_is_low with both ratios, and inactive_file_is_low (spec part 2, section 4.3). */
class InactiveListTest {
    /** Puts {@code n} placeholder entries on a list (the list sizes are all these functions read). */
    private static long fill(Lru lru, Lruvec v, int l, long from, int n) {
        for (int i = 0; i < n; i++) {
            lru.lists.addHead(v.list(l), from + i, 1);
        }
        return from + n;
    }

    @Test
    void intSqrtGivesTheSpecsRatioTable() {
        long[][] table = {{1, 3}, {4, 6}, {10, 10}, {100, 31}, {1024, 101}};
        for (long[] row : table) {
            assertEquals(row[1], Lru.intSqrt(10 * row[0]), row[0] + " GiB");
        }
        assertEquals(0, Lru.intSqrt(0));
        assertEquals(3, Lru.intSqrt(15));
        assertEquals(4, Lru.intSqrt(16));
    }

    @Test
    void theMemcgRatioComesFromTheLruvecsAnonPagesTheGlobalOneFromTheZone() {
        // A 1 GiB zone: boot sets inactive_ratio = int_sqrt(10 * 1) = 3.
        StockRig memcg = StockRig.builder().pages(1L << 18).swap(1).build();
        assertEquals(3, memcg.zone.inactiveRatio());
        StockRig global = StockRig.builder().pages(1L << 18).swap(1)
            .settings(StockReclaimSettings.defaults().withCompaction(false).withMemcg(false)).build();
        for (StockRig rig : new StockRig[] {memcg, global}) {
            Lruvec v = rig.lruvec();
            long next = fill(rig.lru(), v, LRU_INACTIVE_ANON, 10_000, 100);
            fill(rig.lru(), v, LRU_ACTIVE_ANON, next, 250);
        }
        // 350 anon pages are under 1 GiB: the memcg ratio is 1, and 100 * 1 < 250.
        assertTrue(memcg.lru().inactiveAnonIsLow(memcg.lruvec()));
        // The zone's ratio 3: 100 * 3 = 300 >= 250, not low.
        assertFalse(global.lru().inactiveAnonIsLow(global.lruvec()));
    }

    @Test
    void withoutSwapAnonAgingIsPointless() {
        StockRig rig = StockRig.builder().build();
        Lruvec v = rig.lruvec();
        long next = fill(rig.lru(), v, LRU_INACTIVE_ANON, 10_000, 1);
        fill(rig.lru(), v, LRU_ACTIVE_ANON, next, 100);
        assertFalse(rig.lru().inactiveAnonIsLow(v), "total_swap_pages == 0");
    }

    @Test
    void theFileListIsLowWhenActiveExceedsInactive() {
        StockRig rig = StockRig.builder().build();
        Lruvec v = rig.lruvec();
        long next = fill(rig.lru(), v, LRU_INACTIVE_FILE, 10_000, 50);
        next = fill(rig.lru(), v, LRU_ACTIVE_FILE, next, 50);
        assertFalse(rig.lru().inactiveFileIsLow(v), "equal: not low");
        fill(rig.lru(), v, LRU_ACTIVE_FILE, next, 1);
        assertTrue(rig.lru().inactiveFileIsLow(v));
    }

    @Test
    void aZoneIsReclaimableUntilSixTimesItsReclaimablePagesWereScanned() {
        StockRig rig = StockRig.builder().swap(1).build();
        Lruvec v = rig.lruvec();
        long next = fill(rig.lru(), v, LRU_INACTIVE_FILE, 10_000, 60);
        next = fill(rig.lru(), v, LRU_ACTIVE_FILE, next, 40);
        fill(rig.lru(), v, LRU_ACTIVE_ANON, next, 50);
        assertEquals(150, rig.lru().zoneReclaimablePages(rig.zone), "file + anon while swap has a free slot");
        rig.services.addPagesScanned(rig.zone, 899);
        assertTrue(rig.lru().zoneReclaimable(rig.zone), "899 < 6 x 150");
        rig.services.addPagesScanned(rig.zone, 1);
        assertFalse(rig.lru().zoneReclaimable(rig.zone), "900 = 6 x 150");
        StockRig noSwap = StockRig.builder().build();
        Lruvec w = noSwap.lruvec();
        long n = fill(noSwap.lru(), w, LRU_INACTIVE_FILE, 10_000, 100);
        fill(noSwap.lru(), w, LRU_ACTIVE_ANON, n, 50);
        assertEquals(100, noSwap.lru().zoneReclaimablePages(noSwap.zone), "no swap: anon pages do not count");
        noSwap.services.addPagesScanned(noSwap.zone, 600);
        assertFalse(noSwap.lru().zoneReclaimable(noSwap.zone));
    }
}
