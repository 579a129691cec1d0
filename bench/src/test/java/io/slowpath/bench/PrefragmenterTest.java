package io.slowpath.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.slowpath.api.PageOrder;
import io.slowpath.core.alloc.BuddyAllocator;
import io.slowpath.core.buddy.FreeArea;
import io.slowpath.core.pcp.PerCpuPages;
import io.slowpath.core.zone.Machine;
import io.slowpath.core.zone.Zone;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The steady state the pair benchmarks rely on: pairs neither split nor merge, and free counts stay put. */
class PrefragmenterTest {
    private static long[] nrFree(Zone z) {
        long[] n = new long[PageOrder.MAX_ORDER];
        for (int o = 0; o < n.length; o++) {
            n[o] = z.nrFree(o);
        }
        return n;
    }

    private static BuddyAllocator machine(boolean perCpuLists) {
        Machine m = BenchMachines.boot(1, 2);
        if (!perCpuLists) {
            m.populatedZoneList().get(0).setPcpLimits(0, 1);
        }
        return new BuddyAllocator(m);
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 9})
    void higherOrderPairsTakeAndGiveBackOneBlockOfThatOrderOnly(int order) {
        BuddyAllocator a = machine(true);
        Zone z = a.machine().populatedZoneList().get(0);
        long left = Prefragmenter.prefragment(new SlowpathPairs(a, 0), order);
        // Half of the zone, all in blocks of exactly this order.
        assertEquals(BenchMachines.PAGES_PER_GIB / 2, left);
        long[] before = nrFree(z);
        for (int o = 0; o < before.length; o++) {
            assertEquals(o == order ? left >> order : 0, before[o], "nr_free[" + o + "]");
        }
        FreeArea area = z.freeArea();
        for (int i = 0; i < 1000; i++) {
            int slot = i & 1;
            long pfn = a.allocPagesOnSlot(slot, SlowpathPairs.GFP, order);
            assertEquals(0, pfn & ((1 << order) - 1), "aligned");
            // The buddy is allocated, so freeing cannot merge.
            assertEquals(order, area.allocatedOrder((int) (pfn ^ (1L << order))), "buddy of " + pfn);
            a.freePagesOnSlot(slot, pfn, order, false);
        }
        assertEquals(java.util.Arrays.toString(before), java.util.Arrays.toString(nrFree(z)));
        assertEquals(left, z.freePages());
    }

    @Test
    void orderZeroPairsStayOnTheirPerCpuList() {
        BuddyAllocator a = machine(true);
        Zone z = a.machine().populatedZoneList().get(0);
        Prefragmenter.prefragment(new SlowpathPairs(a, 0), 0);
        // Warm each CPU's list once (slot 1 refills a batch on its first allocation).
        for (int slot = 0; slot < 2; slot++) {
            BuddyAllocatorBenchmark.pair(a, slot, 0);
        }
        long[] before = nrFree(z);
        int[] counts = {z.pcp(0).count(), z.pcp(1).count()};
        assertTrue(counts[0] > 0 && counts[0] < z.pcpHigh(), "pcp count " + counts[0] + " high " + z.pcpHigh());
        for (int i = 0; i < 10_000; i++) {
            BuddyAllocatorBenchmark.pair(a, i & 1, 0);
        }
        assertEquals(java.util.Arrays.toString(before), java.util.Arrays.toString(nrFree(z)));
        assertEquals(counts[0], z.pcp(0).count());
        assertEquals(counts[1], z.pcp(1).count());
    }

    @Test
    void withPerCpuListsOffEveryPairGoesThroughTheFreeAreas() {
        BuddyAllocator a = machine(false);
        Zone z = a.machine().populatedZoneList().get(0);
        long left = Prefragmenter.prefragment(new SlowpathPairs(a, 0), 0);
        assertEquals(0, z.pcpHigh());
        assertEquals(1, z.pcpBatch());
        PerCpuPages pcp = z.pcp(0);
        assertEquals(0, pcp.count(), "high 0: every free drains at once");
        assertEquals(left, z.nrFree(0));
        long pfn = a.allocPagesOnSlot(0, SlowpathPairs.GFP, 0);
        // The page came from the free area: one fewer order-0 block there, none kept on the CPU list.
        assertEquals(left - 1, z.nrFree(0));
        assertEquals(0, pcp.count());
        a.freePagesOnSlot(0, pfn, 0, false);
        assertEquals(left, z.nrFree(0));
        assertEquals(0, pcp.count());
    }

    @Test
    void mixedLeavesHolesOfEveryOrderAndPairsDoNotDisturbThem() {
        BuddyAllocator a = machine(true);
        Zone z = a.machine().populatedZoneList().get(0);
        Prefragmenter.prefragment(new SlowpathPairs(a, 0), BuddyAllocatorBenchmark.MIXED);
        for (int o : new int[] {1, 2, 3, 9}) {
            assertTrue(z.nrFree(o) > 0, "free blocks of order " + o);
        }
        for (int o : new int[] {4, 5, 6, 7, 8, 10}) {
            assertEquals(0, z.nrFree(o), "nothing free at order " + o);
        }
        BuddyAllocatorBenchmark.Cpu cpu = new BuddyAllocatorBenchmark.Cpu();
        for (int i = 0; i < BuddyAllocatorBenchmark.MIXED.length; i++) {
            BuddyAllocatorBenchmark.pair(a, 0, cpu.nextMixedOrder());
        }
        long[] before = nrFree(z);
        for (int i = 0; i < 8_000; i++) {
            BuddyAllocatorBenchmark.pair(a, 0, cpu.nextMixedOrder());
        }
        assertEquals(java.util.Arrays.toString(before), java.util.Arrays.toString(nrFree(z)));
    }

    @Test
    void lockedBaselineGetsTheSameState() {
        LockedBuddy b = new LockedBuddy((int) BenchMachines.PAGES_PER_GIB);
        long left = Prefragmenter.prefragment(b, 3);
        assertEquals(BenchMachines.PAGES_PER_GIB / 2, left);
        assertEquals(left >> 3, b.nrFree(3));
        for (int i = 0; i < 1000; i++) {
            BuddyAllocatorBenchmark.lockedPair(b, 3);
        }
        assertEquals(left >> 3, b.nrFree(3));
        assertEquals(0, b.nrFree(4));
        assertEquals(left, b.freePages());
    }

    @Test
    void rejectsOrdersItCannotPrepare() {
        LockedBuddy b = new LockedBuddy(1024);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Prefragmenter.prefragment(b, 10));
        assertTrue(e.getMessage().contains("0..9"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Prefragmenter.prefragment(b));
        assertFalse(b.freePages() < 1024, "nothing was allocated by a rejected call");
    }
}
