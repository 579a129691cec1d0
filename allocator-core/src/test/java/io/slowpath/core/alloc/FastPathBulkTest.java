package io.slowpath.core.alloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.slowpath.api.Gfp;
import io.slowpath.api.VmEvent;
import io.slowpath.api.ZoneStatItem;
import io.slowpath.api.ZoneType;
import io.slowpath.core.zone.Machine;
import io.slowpath.core.zone.MachineSettings;
import io.slowpath.core.zone.Zone;
import io.slowpath.core.zone.ZoneSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link BuddyAllocator#tryFastPathBulkOnSlot} against one {@link BuddyAllocator#tryFastPathOnSlot} call a page on a
 * twin machine: the same pages in the same order, the same stop, the same counters, through per-CPU refills, frees,
 * the low watermark of the preferred zone and the fall back to the next zone of the zonelist.
 */
class FastPathBulkTest {
    private static Machine boot() {
        return Machine.boot(List.of(new ZoneSpec(0, ZoneType.DMA, 1, 4095, 3998, 3977),
            new ZoneSpec(0, ZoneType.DMA32, 4096, 28672, 28672, 28672)), MachineSettings.defaults(2));
    }

    @ParameterizedTest
    @ValueSource(ints = {Gfp.GFP_HIGHUSER_MOVABLE | Gfp.__GFP_COLD, Gfp.GFP_HIGHUSER_MOVABLE, Gfp.GFP_KERNEL,
        Gfp.GFP_HIGHUSER_MOVABLE | Gfp.__GFP_WRITE, Gfp.GFP_DMA})
    void aBulkTakesWhatOneCallAPageWouldTake(int gfp) {
        Machine ma = boot();
        Machine mb = boot();
        BuddyAllocator bulk = new BuddyAllocator(ma);
        BuddyAllocator single = new BuddyAllocator(mb);
        SplittableRandom r = new SplittableRandom(gfp);
        List<Integer> held = new ArrayList<>();
        int[] out = new int[160];
        int shortRuns = 0;
        for (int round = 0; round < 2500; round++) {
            int slot = r.nextInt(2);
            // Fewer pages freed than taken on average: memory fills, then hovers at the watermark.
            for (int k = r.nextInt(Math.min(held.size(), 100) + 1); k > 0; k--) {
                int pfn = held.remove(r.nextInt(held.size()));
                boolean cold = r.nextBoolean();
                bulk.freePagesOnSlot(slot, pfn, 0, cold);
                single.freePagesOnSlot(slot, pfn, 0, cold);
            }
            int count = 1 + r.nextInt(out.length);
            int n = bulk.tryFastPathBulkOnSlot(slot, gfp, count, out);
            int m = 0;
            for (; m < count; m++) {
                long pfn = single.tryFastPathOnSlot(slot, gfp, 0);
                if (pfn < 0) {
                    break;
                }
                assertEquals(pfn, out[m], "page " + m + " of round " + round);
                held.add((int) pfn);
            }
            assertEquals(m, n, "pages taken in round " + round);
            shortRuns += n < count ? 1 : 0;
            if (round % 100 == 99) {
                assertSameCounters(ma, mb);
            }
        }
        assertTrue(shortRuns > 10, "the runs reached the watermark often enough to test the stop: " + shortRuns);
        assertSameCounters(ma, mb);
        assertTrue(ma.populatedZoneList().get(0).stat(ZoneStatItem.NUMA_HIT) > 0 || gfp == Gfp.GFP_DMA,
            "the DMA zone served pages once DMA32 was at its watermark");
    }

    @Test
    void badArgumentsAreRefusedBeforeAnythingIsTaken() {
        BuddyAllocator a = new BuddyAllocator(boot());
        Zone dma32 = a.machine().populatedZoneList().get(1);
        long free = dma32.freePages();
        assertThrows(IllegalArgumentException.class, () -> a.tryFastPathBulkOnSlot(0, Gfp.GFP_KERNEL, 5, new int[4]));
        assertThrows(IllegalArgumentException.class, () -> a.tryFastPathBulkOnSlot(0, 1 << 30, 2, new int[4]));
        assertEquals(0, a.tryFastPathBulkOnSlot(0, Gfp.GFP_KERNEL, 0, new int[4]));
        assertEquals(free, dma32.freePages());
    }

    private static void assertSameCounters(Machine a, Machine b) {
        for (VmEvent e : VmEvent.values()) {
            assertEquals(b.event(e), a.event(e), e.procName());
        }
        for (int z = 0; z < a.populatedZoneList().size(); z++) {
            Zone za = a.populatedZoneList().get(z);
            Zone zb = b.populatedZoneList().get(z);
            for (ZoneStatItem item : ZoneStatItem.values()) {
                assertEquals(zb.stat(item), za.stat(item), za.type() + " " + item);
            }
            for (int o = 0; o < 11; o++) {
                for (int t = 0; t < 4; t++) {
                    assertEquals(zb.freeArea().nrFree(o, t), za.freeArea().nrFree(o, t), "nr_free order " + o);
                }
            }
        }
    }
}
