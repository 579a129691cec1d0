package io.slowpath.core.alloc;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.slowpath.api.Gfp;
import io.slowpath.api.MigrateType;
import io.slowpath.api.PageAllocator;
import io.slowpath.api.VmEvent;
import io.slowpath.api.ZoneType;
import io.slowpath.core.buddy.FreeArea;
import io.slowpath.core.pcp.PerCpuPages;
import io.slowpath.core.zone.Machine;
import io.slowpath.core.zone.MachineSettings;
import io.slowpath.core.zone.Zone;
import io.slowpath.core.zone.ZoneSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.mockito.ArgumentCaptor;
import org.junit.jupiter.api.Test;

/**
 * The per-CPU list behaviour of spec part 1 §7 through {@link BuddyAllocator}: batch refill, hot and cold ends,
 * {@code free_pcppages_bulk} at {@code high} and its round robin, drains, the pgalloc/pgfree events and NR_FREE_PAGES
 * (pages on per-CPU lists are not free).
 */
class BuddyAllocatorTest {
    static final int U = MigrateType.UNMOVABLE.index();
    static final int E = MigrateType.RECLAIMABLE.index();
    static final int M = MigrateType.MOVABLE.index();
    static final int R = MigrateType.RESERVE.index();
    static final int MOVABLE_GFP = Gfp.GFP_HIGHUSER_MOVABLE;
    static final int COLD_GFP = Gfp.GFP_HIGHUSER_MOVABLE | Gfp.__GFP_COLD;
    static final int MANAGED = 65536;

    Machine machine;
    BuddyAllocator alloc;
    Zone zone;
    FreeArea area;
    PerCpuPages pcp0;

    @BeforeEach
    void boot() {
        machine = Machine.boot(List.of(new ZoneSpec(0, ZoneType.DMA32, 4096, MANAGED, MANAGED, MANAGED)),
            MachineSettings.defaults(2));
        alloc = new BuddyAllocator(machine);
        zone = machine.populatedZoneList().get(0);
        area = zone.freeArea();
        pcp0 = zone.pcp(0);
    }

    /** The block {@code __rmqueue_smallest} takes next for {@code mt}: lowest pfn of the smallest non-empty order. */
    static int lowestFree(FreeArea a, int mt) {
        for (int o = 0; o < 11; o++) {
            if (a.nrFree(o, mt) == 0) {
                continue;
            }
            for (int pfn = a.zoneStart() & -(1 << o); pfn < a.zoneEnd(); pfn += 1 << o) {
                if (a.freeTypeOf(pfn, o) == mt) {
                    return pfn;
                }
            }
        }
        return -1;
    }

    @Test
    void bootedZoneHasTheSpecPcpLimits() {
        // zone_batchsize(65536): 64 / 4 = 16, rounddown_pow_of_two(24) - 1 = 15; high = 6 x 15.
        assertEquals(15, pcp0.batch());
        assertEquals(90, pcp0.high());
        assertEquals(MANAGED, zone.freePages());
        assertEquals(0, pcp0.count());
    }

    @Test
    void emptyListIsRefilledWithOneBatchAndHandsOutAscendingPfns() {
        int batch = pcp0.batch();
        int p1 = lowestFree(area, M);
        assertEquals(p1, alloc.allocPages(0, MOVABLE_GFP, 0));
        assertEquals(batch - 1, pcp0.count());
        assertEquals(MANAGED - batch, zone.freePages(), "the whole batch left NR_FREE_PAGES");
        for (int i = 1; i < batch; i++) {
            assertEquals(p1 + i, alloc.allocPages(0, MOVABLE_GFP, 0), "page " + i + " of the batch");
        }
        assertEquals(0, pcp0.count());
        assertEquals(MANAGED - batch, zone.freePages(), "taking from the list does not touch NR_FREE_PAGES");
        assertEquals(p1 + batch, alloc.allocPages(0, MOVABLE_GFP, 0), "second refill");
        assertEquals(batch - 1, pcp0.count());
        assertEquals(MANAGED - 2L * batch, zone.freePages());
        assertEquals(0, zone.pcp(1).count(), "another CPU's list is untouched");
    }

    @Test
    void coldRefillAlsoHandsOutTheFirstPageFirst() {
        // Spec §7.2: cold bulk reads pN..p1 from the head; a cold request takes the tail, p1.
        int batch = pcp0.batch();
        int p1 = lowestFree(area, M);
        assertEquals(p1, alloc.allocPages(0, COLD_GFP, 0));
        assertEquals(p1 + 1, alloc.allocPages(0, COLD_GFP, 0));
        assertEquals(p1 + batch - 1, alloc.allocPages(0, MOVABLE_GFP, 0), "a hot request takes the head, pN");
    }

    @Test
    void hotFreeGoesToTheHeadColdFreeToTheTail() {
        int p1 = (int) alloc.allocPages(0, MOVABLE_GFP, 0);
        alloc.freePages(0, p1, 0);
        assertEquals(p1, alloc.allocPages(0, MOVABLE_GFP, 0), "hot free then hot alloc: LIFO");
        alloc.freePagesOnSlot(0, p1, 0, true);
        long next = alloc.allocPages(0, MOVABLE_GFP, 0);
        assertEquals(p1 + 1, next, "the cold page sits at the tail");
        assertEquals(p1, alloc.allocPages(0, COLD_GFP, 0), "a cold request takes it from the tail");
    }

    @Test
    void listsAreKeptPerMigrateType() {
        int batch = pcp0.batch();
        alloc.allocPages(0, MOVABLE_GFP, 0);
        assertEquals(batch - 1, pcp0.size(M));
        // GFP_TEMPORARY is RECLAIMABLE: its list is empty, so it refills even though MOVABLE pages are there.
        long before = zone.freePages();
        alloc.allocPages(0, Gfp.GFP_TEMPORARY, 0);
        assertEquals(batch - 1, pcp0.size(E));
        assertEquals(batch - 1, pcp0.size(M));
        assertEquals(before - batch, zone.freePages());
    }

    @Test
    void reachingHighFreesOneBatchFromTheTail() {
        int batch = pcp0.batch();
        int high = pcp0.high();
        int n = high + batch - 1;
        List<Long> pages = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            pages.add(alloc.allocPages(1, MOVABLE_GFP, 0));
        }
        alloc.drainPages(1);
        long free = zone.freePages();
        for (int i = 0; i < n; i++) {
            alloc.freePages(0, pages.get(i), 0);
            int k = i + 1;
            if (k < high) {
                assertEquals(k, pcp0.count(), "free " + k);
                assertEquals(free, zone.freePages(), "free " + k + ": pages on the list are not free");
            } else {
                assertEquals(k - batch, pcp0.count(), "free " + k);
                assertEquals(free + batch, zone.freePages(), "free " + k + ": one batch went back");
            }
        }
        // Hot frees go to the head, so the first pages freed sat at the tail and were the ones given back.
        List<Integer> held = listed(pcp0, M);
        for (int i = 0; i < n; i++) {
            assertEquals(i >= batch, held.contains((int) (long) pages.get(i)), "page " + i + " still listed");
        }
        assertEquals(pages.get(n - 1), alloc.allocPages(0, MOVABLE_GFP, 0), "the last page freed is hottest");
    }

    /** The pfns on one list, head first, leaving the list as it was. */
    private static List<Integer> listed(PerCpuPages pcp, int mt) {
        List<Integer> out = new ArrayList<>();
        int n = pcp.size(mt);
        for (int i = 0; i < n; i++) {
            int e = pcp.takeTail(mt);
            out.add(0, PerCpuPages.pfnOf(e));
            pcp.addBulk(mt, PerCpuPages.pfnOf(e), PerCpuPages.stampOf(e), true);
        }
        return out;
    }

    @Test
    void freePcppagesBulkRoundRobinStartsAfterUnmovableAndCarriesSkips() {
        // Spec §7.4: U [u1 u2 u3], E [e1], M [m1..m5] from head to tail; freeing 5 takes e1, m5, u3, then E is
        // empty so MOVABLE gets two: m4, m3. Left: U [u1 u2], M [m1 m2].
        int[] p = takePages(9);
        PerCpuPages pcp = new PerCpuPages(1000, 5);
        int[] u = {p[0], p[1], p[2]};
        int[] e = {p[3]};
        int[] m = {p[4], p[5], p[6], p[7], p[8]};
        addTail(pcp, U, u);
        addTail(pcp, E, e);
        addTail(pcp, M, m);
        long free = zone.freePages();
        BuddyAllocator.freePcppagesBulk(zone, 5, pcp);
        assertAll(
            () -> assertEquals(4, pcp.count()),
            () -> assertEquals(free + 5, zone.freePages()),
            () -> assertEquals(List.of(u[0], u[1]), drainHeadFirst(pcp, U)),
            () -> assertEquals(List.of(), drainHeadFirst(pcp, E)),
            () -> assertEquals(List.of(m[0], m[1]), drainHeadFirst(pcp, M)));
    }

    @Test
    void freePcppagesBulkWithOneListLeftDrainsItWhole() {
        // U [u1..u4], M [m1], count 4: E empty (1), M gives m1 (2 allowed, list runs dry), then U with 2: u4, u3;
        // then E, M empty and U is the only list: batch_free = to_free = 1: u2. Left: U [u1].
        int[] p = takePages(5);
        PerCpuPages pcp = new PerCpuPages(1000, 5);
        addTail(pcp, U, new int[] {p[0], p[1], p[2], p[3]});
        addTail(pcp, M, new int[] {p[4]});
        BuddyAllocator.freePcppagesBulk(zone, 4, pcp);
        assertEquals(List.of(p[0]), drainHeadFirst(pcp, U));
        assertEquals(List.of(), drainHeadFirst(pcp, M));
    }

    @Test
    void pagesGoBackToTheListOfTheirStamp() {
        int[] p = takePages(1);
        PerCpuPages pcp = new PerCpuPages(1000, 5);
        pcp.addFreed(M, p[0], R, false);
        long reserveBefore = pagesOfType(R);
        BuddyAllocator.freePcppagesBulk(zone, 1, pcp);
        assertTrue(pagesOfType(R) >= reserveBefore + 1, "the RESERVE stamp returned the page to a RESERVE list");
    }

    @Test
    void reservePageRidesTheMovableListAndDrainsBackToReserve() {
        int pfn = (int) alloc.allocPages(1, MOVABLE_GFP, 0);
        alloc.drainPages(1);
        int oldType = area.pageblockMigratetype(pfn);
        area.setPageblockMigratetype(pfn, R);
        long reserveBefore = pagesOfType(R);
        alloc.freePages(0, pfn, 0);
        assertEquals(1, pcp0.size(M), "RESERVE uses the MOVABLE pcp list");
        assertEquals(R, PerCpuPages.stampOf(peekHead(pcp0, M)), "but keeps its RESERVE stamp");
        alloc.drainPages(0);
        assertTrue(pagesOfType(R) > reserveBefore, "drained onto a RESERVE list");
        area.setPageblockMigratetype(pfn, oldType);
    }

    @Test
    void drainEmptiesEveryCpuAndRestoresNrFreePages() {
        alloc.allocPages(0, MOVABLE_GFP, 0);
        alloc.allocPages(1, Gfp.GFP_KERNEL, 0);
        long p0 = alloc.allocPages(0, Gfp.GFP_TEMPORARY, 0);
        assertTrue(pcp0.count() > 0 && zone.pcp(1).count() > 0);
        alloc.drainPages(0);
        assertEquals(0, pcp0.count());
        assertTrue(zone.pcp(1).count() > 0, "drain_pages is for one CPU");
        alloc.drainAllPages();
        assertEquals(0, zone.pcp(1).count());
        assertEquals(MANAGED - 3, zone.freePages(), "only the three allocated pages are not free");
        assertEquals(MANAGED - 3, area.countFreePagesSlow());
        alloc.freePages(1, p0, 0);
        alloc.drainAllPages();
        assertEquals(MANAGED - 2, zone.freePages());
    }

    @Test
    void pgallocAndPgfreeCountPages() {
        long allocBefore = machine.event(VmEvent.PGALLOC_DMA32);
        long freeBefore = machine.event(VmEvent.PGFREE);
        long a = alloc.allocPages(0, MOVABLE_GFP, 0);
        long b = alloc.allocPages(0, MOVABLE_GFP, 3);
        long c = alloc.allocPages(1, Gfp.GFP_KERNEL, 10);
        assertEquals(1 + 8 + 1024, machine.event(VmEvent.PGALLOC_DMA32) - allocBefore);
        assertEquals(0, machine.event(VmEvent.PGALLOC_NORMAL), "zone_statistics counts the zone used");
        assertEquals(0, machine.event(VmEvent.PGFREE) - freeBefore);
        alloc.freePages(0, a, 0);
        assertEquals(1, machine.event(VmEvent.PGFREE) - freeBefore, "counted though it stays on the pcp list");
        alloc.freePages(1, b, 3);
        alloc.freePages(0, c, 10);
        assertEquals(1 + 8 + 1024, machine.event(VmEvent.PGFREE) - freeBefore);
        alloc.drainAllPages();
        assertEquals(1 + 8 + 1024, machine.event(VmEvent.PGFREE) - freeBefore, "drains are not pgfree");
    }

    @Test
    void higherOrdersBypassThePcpLists() {
        long free = zone.freePages();
        long pfn = alloc.allocPages(0, MOVABLE_GFP, 3);
        assertEquals(0, pcp0.count());
        assertEquals(free - 8, zone.freePages());
        assertEquals(3, area.allocatedOrder((int) pfn));
        alloc.freePages(0, pfn, 3);
        assertEquals(free, zone.freePages());
        assertEquals(0, pcp0.count());
    }

    @Test
    void zoneWithHighZeroPassesEveryFreeStraightThrough() {
        // ZONE_DMA of a 4 GiB machine: 3977 managed pages, batch 0 -> high 0, batch 1.
        Machine m = Machine.boot(List.of(new ZoneSpec(0, ZoneType.DMA, 1, 4095, 3998, 3977)),
            MachineSettings.defaults(1));
        BuddyAllocator a = new BuddyAllocator(m);
        Zone dma = m.populatedZoneList().get(0);
        PerCpuPages pcp = dma.pcp(0);
        assertEquals(0, pcp.high());
        assertEquals(1, pcp.batch());
        long free = dma.freePages();
        long pfn = a.allocPages(0, Gfp.GFP_DMA | Gfp.GFP_KERNEL, 0);
        assertNotEquals(PageAllocator.NO_PAGE, pfn);
        assertEquals(0, pcp.count(), "a refill of one page, handed out at once");
        assertEquals(free - 1, dma.freePages());
        a.freePages(0, pfn, 0);
        assertEquals(0, pcp.count(), "count 1 >= high 0: freed straight away");
        assertEquals(free, dma.freePages());
    }

    @Test
    void threadSlotsHaveTheirOwnLists() throws InterruptedException {
        int batch = pcp0.batch();
        AtomicInteger slot = new AtomicInteger(-1);
        AtomicLong pfn = new AtomicLong();
        Thread t = new Thread(() -> {
            pfn.set(alloc.allocPages(MOVABLE_GFP, 0));
            slot.set(machine.currentThreadSlot());
        });
        t.start();
        t.join();
        assertTrue(slot.get() >= machine.cpus() && slot.get() < machine.sharedSlot(), "slot " + slot.get());
        assertEquals(batch - 1, zone.pcp(slot.get()).count());
        assertEquals(0, pcp0.count());
        alloc.freePages(0, pfn.get(), 0);
        assertEquals(1, pcp0.count(), "a page may be freed on another CPU");
        alloc.drainAllPages();
        assertEquals(MANAGED, zone.freePages());
    }

    @Test
    void badFreesAndMasksAreRejected() {
        long pfn = alloc.allocPages(0, MOVABLE_GFP, 2);
        IllegalStateException wrongOrder = assertThrows(IllegalStateException.class, () -> alloc.freePages(0, pfn, 1));
        assertTrue(wrongOrder.getMessage().contains("order 2"), wrongOrder.getMessage());
        alloc.freePages(0, pfn, 2);
        assertThrows(IllegalStateException.class, () -> alloc.freePages(0, pfn, 2), "double free");
        IllegalArgumentException outside = assertThrows(IllegalArgumentException.class,
            () -> alloc.freePages(0, 10, 0));
        assertTrue(outside.getMessage().contains("pfn 10"), outside.getMessage());
        assertThrows(IllegalArgumentException.class, () -> alloc.allocPages(0, 1 << 27, 0));
        assertThrows(IllegalArgumentException.class, () -> alloc.allocPages(2, MOVABLE_GFP, 0), "cpu 2 of 2");
        assertThrows(IllegalArgumentException.class, () -> alloc.allocPages(0, MOVABLE_GFP, 11));
        assertEquals(MANAGED, zone.freePages());
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    /** Allocates n order-0 pages on CPU 1 and gives CPU 1's remaining list back, so only those n are not free. */
    private int[] takePages(int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = (int) alloc.allocPages(1, MOVABLE_GFP, 0);
            area.unmarkAllocated(out[i], 0);
        }
        alloc.drainPages(1);
        return out;
    }

    @Test
    void theFastPassAloneNeverEntersTheSlowPathAndAFailedPassChangesNothing() {
        SlowPath slow = mock(SlowPath.class);
        when(slow.allocate(any())).thenReturn(4242);
        alloc.setSlowPath(slow);
        long pfn = alloc.tryFastPathOnSlot(0, MOVABLE_GFP, 0);
        assertTrue(pfn >= 0);
        // Take the zone below its low watermark: every fast pass fails from here on.
        List<Long> held = new ArrayList<>();
        long p;
        while ((p = alloc.tryFastPathOnSlot(0, MOVABLE_GFP, 3)) >= 0) {
            held.add(p);
        }
        verify(slow, never()).allocate(any());
        long free = zone.freePages();
        long allocs = machine.event(VmEvent.perZone("pgalloc", ZoneType.DMA32));
        assertEquals(PageAllocator.NO_PAGE, alloc.tryFastPathOnSlot(0, MOVABLE_GFP, 3));
        assertEquals(free, zone.freePages(), "a failed pass takes nothing");
        assertEquals(allocs, machine.event(VmEvent.perZone("pgalloc", ZoneType.DMA32)));
        verify(slow, never()).allocate(any());

        assertEquals(4242, alloc.slowPathOnSlot(0, MOVABLE_GFP, 3), "the slow path's answer");
        ArgumentCaptor<AllocRequest> req = ArgumentCaptor.forClass(AllocRequest.class);
        verify(slow).allocate(req.capture());
        assertEquals(3, req.getValue().order());
        assertEquals(MOVABLE_GFP, req.getValue().gfp());
        assertEquals(M, req.getValue().migratetype());
        assertEquals(4242, alloc.allocPagesOnSlot(0, MOVABLE_GFP, 3), "the whole call: fast pass, then slow path");
        verify(slow, times(2)).allocate(any());
        assertThrows(IllegalArgumentException.class, () -> alloc.tryFastPathOnSlot(0, MOVABLE_GFP, 11));
        assertThrows(IllegalArgumentException.class, () -> alloc.slowPathOnSlot(0, 1 << 30, 0));
    }

    private static void addTail(PerCpuPages pcp, int mt, int[] pfns) {
        for (int pfn : pfns) {
            pcp.addFreed(mt, pfn, mt, true);
        }
    }

    private static List<Integer> drainHeadFirst(PerCpuPages pcp, int mt) {
        List<Integer> out = new ArrayList<>();
        while (!pcp.isEmpty(mt)) {
            out.add(PerCpuPages.pfnOf(pcp.take(mt, false)));
        }
        return out;
    }

    private static int peekHead(PerCpuPages pcp, int mt) {
        int e = pcp.take(mt, false);
        pcp.addFreed(mt, PerCpuPages.pfnOf(e), PerCpuPages.stampOf(e), false);
        return e;
    }

    private long pagesOfType(int mt) {
        long n = 0;
        for (int o = 0; o < 11; o++) {
            n += area.nrFree(o, mt) << o;
        }
        return n;
    }
}
