package io.slowpath.policy.reclaim.stock310;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.slowpath.api.MachineView;
import io.slowpath.api.NodeView;
import io.slowpath.api.ZoneType;
import io.slowpath.api.ZoneView;
import io.slowpath.api.compaction.CompactResult;
import io.slowpath.api.mm.MmServices;
import io.slowpath.api.mm.PageOps;
import io.slowpath.api.mm.PageState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * pgdat_balanced and zone_balanced over a two-zone node (spec part 2, section 8.3): for order 0 every zone must be
 * balanced; for a high order a quarter of the node's managed pages will do. The zones and the watermark checks are
 * Mockito mocks: a zone passes the high watermark up to the order the test gives it.
 */
class PgdatBalancedTest {
    /** The highest order at which each zone meets its high watermark (-1: not even order 0). */
    private final Map<ZoneView, Integer> okUpTo = new HashMap<>();
    private CompactResult suitable = CompactResult.COMPACT_CONTINUE;

    private static ZoneView zone(ZoneType type, long start, long pages) {
        ZoneView z = mock(ZoneView.class);
        when(z.type()).thenReturn(type);
        when(z.nodeId()).thenReturn(0);
        when(z.populated()).thenReturn(pages > 0);
        when(z.startPfn()).thenReturn(start);
        when(z.spannedPages()).thenReturn(pages);
        when(z.managedPages()).thenReturn(pages);
        when(z.highWatermark()).thenReturn(100L);
        return z;
    }

    private final ZoneView dma = zone(ZoneType.DMA, 1, 4095);
    private final ZoneView dma32 = zone(ZoneType.DMA32, 4096, 16_384);

    private Kswapd kswapd(boolean compaction) {
        NodeView node = mock(NodeView.class);
        List<ZoneView> zones = List.of(dma, dma32, zone(ZoneType.NORMAL, 0, 0), zone(ZoneType.MOVABLE, 0, 0));
        when(node.zones()).thenAnswer(i -> zones);
        when(node.id()).thenReturn(0);
        MachineView machine = mock(MachineView.class);
        when(machine.nodes()).thenAnswer(i -> List.of(node));
        PageState pages = mock(PageState.class);
        when(pages.maxPfn()).thenReturn(20_480L);
        MmServices mm = mock(MmServices.class);
        when(mm.machine()).thenReturn(machine);
        when(mm.pages()).thenReturn(pages);
        when(mm.pageOps()).thenReturn(mock(PageOps.class));
        when(mm.zoneWatermarkOk(any(), anyInt(), anyLong(), anyInt(), anyInt()))
            .thenAnswer(i -> okUpTo.getOrDefault(i.<ZoneView>getArgument(0), -1) >= i.<Integer>getArgument(1));
        when(mm.compactionSuitable(any(), anyInt())).thenAnswer(i -> suitable);
        when(mm.compactionConfigured()).thenReturn(true);
        return new Kswapd(node, new Vmscan(new Lru(mm, true), 60, compaction), false);
    }

    @Test
    void orderZeroNeedsEveryZoneBalanced() {
        okUpTo.put(dma, 5);
        okUpTo.put(dma32, -1);
        assertFalse(kswapd(true).pgdatBalanced(0, 1));
        okUpTo.put(dma32, 0);
        assertTrue(kswapd(true).pgdatBalanced(0, 1));
        okUpTo.put(dma, -1);
        assertFalse(kswapd(true).pgdatBalanced(0, 1));
        assertFalse(kswapd(true).pgdatBalanced(0, 0), "class zone 0 looks at DMA only");
        okUpTo.put(dma, 0);
        okUpTo.put(dma32, -1);
        assertTrue(kswapd(true).pgdatBalanced(0, 0), "class zone 0: DMA32 is not looked at");
    }

    @Test
    void aHighOrderNeedsAQuarterOfTheManagedPages() {
        // 4095 + 16384 = 20479 managed; a quarter is 20479 >> 2 = 5119.
        okUpTo.put(dma, 0);
        okUpTo.put(dma32, 2);
        assertTrue(kswapd(true).pgdatBalanced(2, 1), "DMA32's 16384 pages are more than a quarter");
        assertFalse(kswapd(true).pgdatBalanced(3, 1), "no zone at order 3");
        okUpTo.put(dma, 2);
        okUpTo.put(dma32, 0);
        assertFalse(kswapd(true).pgdatBalanced(2, 1), "DMA's 4095 pages are less than 5119");
    }

    @Test
    void anAllUnreclaimableZoneCountsAsBalanced() {
        okUpTo.put(dma, 0);
        okUpTo.put(dma32, -1);
        when(dma32.allUnreclaimable()).thenReturn(true);
        assertTrue(kswapd(true).pgdatBalanced(0, 1));
        assertTrue(kswapd(true).pgdatBalanced(4, 1));
    }

    @Test
    void withCompactionAHighOrderZoneIsBalancedOnlyIfCompactionWouldRun() {
        okUpTo.put(dma, 0);
        okUpTo.put(dma32, 2);
        suitable = CompactResult.COMPACT_SKIPPED;
        assertFalse(kswapd(true).zoneBalanced(dma32, 2, 0, 1), "CONFIG_COMPACTION: compaction_suitable says skip");
        assertTrue(kswapd(false).zoneBalanced(dma32, 2, 0, 1), "without CONFIG_COMPACTION the watermark decides");
        assertTrue(kswapd(true).zoneBalanced(dma32, 0, 0, 1), "order 0 never asks compaction");
        suitable = CompactResult.COMPACT_PARTIAL;
        assertTrue(kswapd(true).zoneBalanced(dma32, 2, 0, 1));
    }
}
