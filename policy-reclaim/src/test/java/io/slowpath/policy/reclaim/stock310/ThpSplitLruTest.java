package io.slowpath.policy.reclaim.stock310;

import static io.slowpath.policy.reclaim.stock310.LruLists.LRU_ACTIVE_ANON;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.slowpath.api.VmEvent;
import io.slowpath.api.ZoneStatItem;
import io.slowpath.core.mm.Task;
import io.slowpath.core.mm.VmaKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * split_huge_page and the LRU (mm/huge_memory.c: __split_huge_page_refcount, mm/swap.c: lru_add_page_tail): a huge
 * page goes on the active anon list counting 512 base pages; after the split the head counts one and each tail one,
 * so the zone's counter and the list's size stay the number of pages on the list, and go to zero when they leave.
 */
class ThpSplitLruTest {
    private static long activeAnonOnList(StockRig rig) {
        return rig.lru().lists.pages(rig.lruvec().list(LRU_ACTIVE_ANON));
    }

    /** A task with one huge page faulted in on a THP machine; returns the huge page's first virtual page. */
    private static long hugePage(StockRig rig, Task t) {
        long start = rig.mm.mmap(t, 1024, VmaKind.ANON);
        long haddr = (start + 511) & ~511L;
        rig.mm.touch(t, haddr, true);
        return haddr;
    }

    @Test
    void aSplitHugePageCountsEachOfItsPagesOnceOnTheListAndInTheZone() {
        StockRig rig = StockRig.builder().thp().build();
        Task t = rig.mm.spawn(1000, "thp", 1000, 0);
        long haddr = hugePage(rig, t);
        assertEquals(1, rig.event(VmEvent.THP_FAULT_ALLOC), "the aligned 2 MiB got a huge page");
        assertEquals(512, rig.zone.stat(ZoneStatItem.NR_ACTIVE_ANON));
        assertEquals(512, activeAnonOnList(rig));

        rig.mm.munmap(t, haddr + 100, 1); // cuts the huge mapping: split_huge_page, then one page goes
        assertEquals(1, rig.event(VmEvent.THP_SPLIT));
        assertEquals(511, rig.zone.stat(ZoneStatItem.NR_ACTIVE_ANON), "NR_ACTIVE_ANON = the pages left");
        assertEquals(511, activeAnonOnList(rig), "the list's size agrees");
        assertEquals(511, rig.lru().lists.entries(rig.lruvec().list(LRU_ACTIVE_ANON)));
        assertEquals(List.of(), rig.mm.audit());

        rig.mm.exit(t);
        assertEquals(0, rig.zone.stat(ZoneStatItem.NR_ACTIVE_ANON), "no drift once every page has gone");
        assertEquals(0, activeAnonOnList(rig));
        assertEquals(List.of(), rig.mm.audit());
    }

    @Test
    void reweightMovesAListsSizeByTheChangeAndLeavesAPageOnNoListAlone() {
        StockRig rig = StockRig.builder().thp().build();
        Task t = rig.mm.spawn(1000, "thp", 1000, 0);
        long head = rig.mm.pfnAt(t, hugePage(rig, t));
        rig.lru().lists.reweight(head, 1);
        assertEquals(1, activeAnonOnList(rig), "reweight changes the list's size by the weight's change");
        rig.lru().lists.reweight(head, 512);
        rig.lru().lists.remove(head, 512);
        rig.lru().lists.reweight(head, 1);
        assertEquals(0, activeAnonOnList(rig), "a page on no list is left alone");
    }
}
