package io.slowpath.core.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.slowpath.api.MigrateType;
import io.slowpath.api.ZoneStatItem;
import io.slowpath.api.ZoneType;
import org.junit.jupiter.api.Test;

/**
 * FreeAreaReport on hand-made zones. The comparison with real kernels' reports (the whole show_free_areas block, every
 * zone line and buddy line of the reports in ../shared/oom-reports) is policy-oom's ShowFreeAreasRenderTest, which
 * reads the reports with the real OOM-report reader: the core's tests cannot use it (the core never depends on a
 * policy module).
 */
class FreeAreaReportTest {
    @Test
    void rendersTheSpecExampleBuddyLine() {
        ParsedMachineView m = new ParsedMachineView();
        ParsedZoneView dma = m.zone(0, ZoneType.DMA);
        dma.presentPages = 3998;
        long[] nr = {1, 1, 1, 0, 2, 1, 1, 0, 1, 1, 3};
        System.arraycopy(nr, 0, dma.nrFree, 0, nr.length);
        for (int order : new int[] {0, 1, 2, 4, 5, 6, 8}) {
            dma.nrFreeByType[order][MigrateType.UNMOVABLE.index()] = nr[order];
        }
        dma.nrFreeByType[9][MigrateType.RESERVE.index()] = 1;
        dma.nrFreeByType[10][MigrateType.MOVABLE.index()] = 3;

        assertEquals("Node 0 DMA: 1*4kB (U) 1*8kB (U) 1*16kB (U) 0*32kB 2*64kB (U) 1*128kB (U) 1*256kB (U) 0*512kB "
                + "1*1024kB (U) 1*2048kB (R) 3*4096kB (M) = 15900kB\n", FreeAreaReport.buddyLine(dma));
    }

    @Test
    void lettersFollowTypeOrderAndKernelStackIsEightKbPerStack() {
        ParsedMachineView m = new ParsedMachineView();
        ParsedZoneView zone = m.zone(0, ZoneType.NORMAL);
        zone.presentPages = 1;
        zone.nrFree[0] = 9;
        zone.nrFreeByType[0][MigrateType.RESERVE.index()] = 2;
        zone.nrFreeByType[0][MigrateType.UNMOVABLE.index()] = 3;
        zone.nrFreeByType[0][MigrateType.MOVABLE.index()] = 4;
        zone.stats.put(ZoneStatItem.NR_KERNEL_STACK, 5L);

        assertTrue(FreeAreaReport.buddyLine(zone).startsWith("Node 0 Normal: 9*4kB (UMR) 0*8kB 0*16kB "));
        assertTrue(FreeAreaReport.zoneLines(zone).contains(" kernel_stack:40kB pagetables:0kB "));
    }

    @Test
    void nodeFilterDropsZoneLinesButNotTheGlobalBlock() {
        ParsedMachineView m = new ParsedMachineView();
        m.zone(0, ZoneType.DMA32).presentPages = 1;
        m.zone(0, ZoneType.DMA32).stats.put(ZoneStatItem.NR_FREE_PAGES, 10L);
        m.zone(1, ZoneType.NORMAL).presentPages = 1;
        m.zone(1, ZoneType.NORMAL).stats.put(ZoneStatItem.NR_FREE_PAGES, 5L);
        m.zone(1, ZoneType.NORMAL).stats.put(ZoneStatItem.NR_FILE_PAGES, 77L);
        m.zone(0, ZoneType.DMA32).setPcpCount(0, 3);
        m.zone(1, ZoneType.NORMAL).setPcpCount(0, 0);

        String text = FreeAreaReport.render(m, node -> node == 1);

        assertFalse(text.contains("Node 0"), text);
        assertTrue(text.contains("Node 1 Normal per-cpu:\nCPU    0: hi:    0, btch:   0 usd:   0\n"), text);
        assertTrue(text.contains("\n free:15 slab_reclaimable:0 slab_unreclaimable:0\n"), text);
        assertTrue(text.contains("Node 1 Normal free:20kB min:0kB"), text);
        assertEquals("77 total pagecache pages\n", FreeAreaReport.pagecacheLine(m));
    }
}
