package io.slowpath.core.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.slowpath.api.MachineView;
import io.slowpath.api.NodeView;
import io.slowpath.api.ZoneType;
import io.slowpath.api.ZoneView;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The debugfs views extfrag_index and unusable_index with hand-worked values, in the kernel's format. */
class FragmentationViewsTest {
    /** A zone whose free areas hold {@code nrFree[o]} blocks of order o. */
    private static ZoneView zone(int node, ZoneType type, long... nrFree) {
        ZoneView z = mock(ZoneView.class);
        when(z.nodeId()).thenReturn(node);
        when(z.type()).thenReturn(type);
        when(z.name()).thenReturn(type.kernelName());
        when(z.populated()).thenReturn(true);
        when(z.nrFree(anyInt())).thenAnswer(a -> {
            int o = a.getArgument(0);
            return o < nrFree.length ? nrFree[o] : 0L;
        });
        return z;
    }

    private static MachineView machine(ZoneView... zones) {
        NodeView n = mock(NodeView.class);
        doReturn(List.of(zones)).when(n).zones();
        when(n.id()).thenReturn(0);
        MachineView m = mock(MachineView.class);
        doReturn(List.of(n)).when(m).nodes();
        when(m.cpus()).thenReturn(1);
        return m;
    }

    // Free: 100 blocks of order 0, 50 of order 1, 10 of order 2: 240 pages in 160 blocks.
    // extfrag order 3: 1000 - (1000 + 240*1000/8) / 160 = 1000 - 31000/160 = 1000 - 193 = 807; order 4: 1000 -
    // 16000/160 = 900; order 5: 1000 - 8500/160 = 947; order 6: 1000 - 4750/160 = 971; order 7: 1000 - 2875/160 =
    // 983; order 8: 1000 - 1937/160 = 988; order 9: 1000 - 1468/160 = 991; order 10: 1000 - 1234/160 = 993.
    // unusable order 1: (240 - 70*2) * 1000 / 240 = 416; order 2: (240 - 10*4) * 1000 / 240 = 833.
    @Test
    void handWorkedIndicesInTheKernelsFormat() {
        MachineView m = machine(zone(0, ZoneType.NORMAL, 100, 50, 10));
        assertEquals("Node 0, zone   Normal -1.000 -1.000 -1.000 0.807 0.900 0.947 0.971 0.983 0.988 0.991 0.993 \n",
            ExtfragIndex.render(m));
        assertEquals("Node 0, zone   Normal 0.000 0.416 0.833 1.000 1.000 1.000 1.000 1.000 1.000 1.000 1.000 \n",
            UnusableIndex.render(m));
    }

    @Test
    void emptyZonesPrintZeroAndOneAndEveryPopulatedZoneHasALine() {
        ZoneView dma = zone(0, ZoneType.DMA, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1);
        ZoneView dma32 = zone(0, ZoneType.DMA32);
        ZoneView empty = mock(ZoneView.class);
        MachineView m = machine(dma, dma32, empty);
        assertEquals("Node 0, zone      DMA -1.000 -1.000 -1.000 -1.000 -1.000 -1.000 -1.000 -1.000 -1.000 -1.000 -1.000 \n"
                + "Node 0, zone    DMA32 0.000 0.000 0.000 0.000 0.000 0.000 0.000 0.000 0.000 0.000 0.000 \n",
            ExtfragIndex.render(m));
        assertEquals("Node 0, zone      DMA 0.000 0.000 0.000 0.000 0.000 0.000 0.000 0.000 0.000 0.000 0.000 \n"
                + "Node 0, zone    DMA32 1.000 1.000 1.000 1.000 1.000 1.000 1.000 1.000 1.000 1.000 1.000 \n",
            UnusableIndex.render(m));
        assertEquals("Node 0, zone    DMA32 1.000 1.000 1.000 1.000 1.000 1.000 1.000 1.000 1.000 1.000 1.000 \n",
            UnusableIndex.renderZone(dma32));
    }
}
