package io.slowpath.core.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.slowpath.api.VmEvent;
import io.slowpath.api.ZoneStatItem;
import io.slowpath.core.mm.Fault;
import io.slowpath.core.mm.Task;
import io.slowpath.core.mm.VmaKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A kcompactd-like policy, woken by the kernel's timer, builds an order-9 block on a fragmented zone. */
class ProactiveCompactionPolicyTest {
    private static final long PERIOD = 100_000_000;

    @Test
    void kcompactdMakesAnOrder9BlockOnAFragmentedZoneAndOwnersStillMapTheirPages() {
        FifoReclaimPolicy fifo = new FifoReclaimPolicy();
        ProactiveCompactionPolicy kcompactd = new ProactiveCompactionPolicy(PERIOD);
        PolicyRig rig = new PolicyRig(fifo, kcompactd, new PolicyRig.RecordingOom(), 0);
        Task t = rig.mm.spawn(1000, "fragmenter", 1000, 0);
        long n = PolicyRig.DMA32.managedPages();
        long start = rig.mm.mmap(t, n, VmaKind.ANON);
        long touched = 0;
        while (rig.free() >= 480) {
            for (int k = 0; k < 32; k++) {
                assertEquals(Fault.MINOR, rig.mm.touch(t, start + touched++, true));
            }
        }
        // Every other page of the first 8192 goes: 4096 free pages, none with a free buddy.
        for (long v = 0; v < 8192; v += 2) {
            rig.mm.munmap(t, start + v, 1);
        }
        long freeBefore = rig.free();
        assertTrue(freeBefore >= 4096, "free pages " + freeBefore);
        assertEquals(0, rig.hugeFreeBlocks(), "fragmented: no free block of order 9 or 10");
        long rss = t.anonRss();
        long[] pfnBefore = new long[(int) touched];
        for (int v = 0; v < touched; v++) {
            pfnBefore[v] = rig.mm.pfnAt(t, start + v);
        }

        kcompactd.start(rig.services);
        rig.kernel.runUntil(rig.kernel.clock().now() + PERIOD / 2);
        assertEquals(0, kcompactd.passes, "not woken before its period");
        rig.kernel.runUntil(rig.kernel.clock().now() + 20 * PERIOD);

        assertTrue(kcompactd.passes >= 10, "woke every period: " + kcompactd.passes);
        assertEquals(1, kcompactd.blocksEmptied, "one block emptied, then nothing more to do");
        assertTrue(rig.hugeFreeBlocks() >= 1, "an order-9 free block exists now");
        assertEquals(freeBefore, rig.free(), "migration neither frees nor leaks pages");
        assertEquals(kcompactd.migrated, rig.kernel.machine().event(VmEvent.PGMIGRATE_SUCCESS));
        assertTrue(kcompactd.migrated > 0 && kcompactd.migrated <= 512, "migrated " + kcompactd.migrated);
        long moved = 0;
        for (int v = 0; v < touched; v++) {
            long pfn = rig.mm.pfnAt(t, start + v);
            if (pfnBefore[v] < 0) {
                assertEquals(-1, pfn, "an unmapped page stays unmapped");
                continue;
            }
            assertTrue(pfn >= 0, "vpage " + v + " is still present");
            assertEquals(1000, rig.services.pages().mapperPids(pfn)[0], "its owner maps it");
            if (pfn != pfnBefore[v]) {
                moved++;
            }
        }
        assertEquals(kcompactd.migrated, moved, "every migrated page is mapped at its new pfn");
        assertEquals(rss, t.anonRss());
        assertEquals(0, rig.zone.stat(ZoneStatItem.NR_ISOLATED_ANON));
        assertEquals(fifo.size(), rig.zone.stat(ZoneStatItem.NR_ACTIVE_ANON), "the reclaim policy's list followed");
        assertEquals(List.of(), rig.mm.audit());
    }
}
