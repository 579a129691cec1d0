package io.slowpath.policy.compaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.slowpath.api.VmEvent;
import io.slowpath.api.ZoneStatItem;
import io.slowpath.api.ZoneView;
import io.slowpath.api.mm.PageState;
import io.slowpath.core.inject.Kernels;
import io.slowpath.core.mm.MmModel;
import io.slowpath.core.mm.Task;
import io.slowpath.core.mm.VmaKind;
import io.slowpath.core.sim.SimulatedKernel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Stock compaction on a kernel whose every policy is the stock 3.10 one, selected by name: THP faults on a zone
 * fragmented by a task's small pages get their huge pages through direct compaction, and the stock reclaim policy's
 * LRU lists and counters stay right through the isolations and migrations.
 */
class StockKernelTest {
    @Test
    void thpFaultsOnAFragmentedMachineWithEveryStockPolicy() {
        SimulatedKernel k = Kernels.kernel("machine.memory=256M", "transparent_hugepage.enabled=always",
            "policies.kswapd=stock-3.10", "policies.reclaim=stock-3.10", "policies.compaction=stock-3.10",
            "policies.oom=off");
        MmModel mm = k.mm();
        Task t = mm.spawn(1000, "app", 1000, 0);
        // 50,000 small pages (256-page VMAs are too small for a huge page), then every other one unmapped.
        List<Long> vmas = new ArrayList<>();
        for (long total = 0; total < 50_000; total += 256) {
            long v = mm.mmap(t, 256, VmaKind.ANON);
            vmas.add(v);
            for (int i = 0; i < 256; i++) {
                mm.touch(t, v + i, true);
            }
        }
        for (long v : vmas) {
            for (int i = 0; i < 256; i += 2) {
                mm.munmap(t, v + i, 1);
            }
        }
        long big = mm.mmap(t, 31 * 512, VmaKind.ANON);
        long haddr = (big + 511) / 512 * 512;
        for (int i = 0; i < 30; i++) {
            mm.touch(t, haddr + i * 512L, true);
            k.runPending();
        }
        assertEquals(30, k.machine().event(VmEvent.THP_FAULT_ALLOC), "every fault got its huge page");
        assertEquals(0, k.machine().event(VmEvent.THP_FAULT_FALLBACK));
        assertTrue(k.machine().event(VmEvent.COMPACT_SUCCESS) > 0, "some through direct compaction");
        assertTrue(k.machine().event(VmEvent.PGMIGRATE_SUCCESS) > 0);
        assertEquals(List.of(), mm.audit());
        // The stock reclaim policy's anonymous LRU counters still count exactly the pages on its lists.
        PageState pages = k.services().pages();
        for (ZoneView z : k.machine().populatedZones()) {
            long onLru = 0;
            for (long p = z.startPfn(); p < z.startPfn() + z.spannedPages(); p++) {
                if (pages.isAnon(p) && pages.test(p, PageState.PG_LRU)) {
                    onLru += pages.test(p, PageState.PG_HEAD) ? 512 : 1;
                }
            }
            assertEquals(onLru, z.stat(ZoneStatItem.NR_ACTIVE_ANON) + z.stat(ZoneStatItem.NR_INACTIVE_ANON)
                + z.stat(ZoneStatItem.NR_UNEVICTABLE), "LRU counters of " + z);
            assertEquals(0, z.stat(ZoneStatItem.NR_ISOLATED_ANON));
        }
    }
}
