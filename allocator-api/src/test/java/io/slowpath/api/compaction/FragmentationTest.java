package io.slowpath.api.compaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.slowpath.api.ZoneView;
import org.junit.jupiter.api.Test;

/** Hand-worked values of fill_contig_page_info, __fragmentation_index and unusable_free_index. */
class FragmentationTest {
    /** Free areas: 10 blocks of order 0, 5 of order 1, 2 of order 2: 28 free pages in 17 blocks. */
    private static ZoneView zone(long... nrFree) {
        ZoneView z = mock(ZoneView.class);
        for (int o = 0; o < 11; o++) {
            when(z.nrFree(o)).thenReturn(o < nrFree.length ? nrFree[o] : 0L);
        }
        return z;
    }

    @Test
    void sumsCountHigherOrderBlocksAsSeveralSuitableOnes() {
        Fragmentation f = Fragmentation.of(zone(10, 5, 2), 1);
        assertEquals(28, f.freePages());
        assertEquals(17, f.freeBlocksTotal());
        assertEquals(5 + 2 * 2, f.freeBlocksSuitable());
    }

    @Test
    void fragmentationIndexWhenTheRequestWouldFail() {
        // order 3: 1000 - (1000 + 28 * 1000 / 8) / 17 = 1000 - 4500 / 17 = 1000 - 264
        assertEquals(736, Fragmentation.of(zone(10, 5, 2), 3).fragmentationIndex());
        // 4096 single pages and a request of order 9: 1000 - (1000 + 8000) / 4096 = 998, fragmentation
        assertEquals(998, Fragmentation.of(zone(4096), 9).fragmentationIndex());
        // one block of order 8 and an order-9 request: 1000 - (1000 + 500) / 1 = -500, a lack of memory
        assertEquals(-500, Fragmentation.of(zone(0, 0, 0, 0, 0, 0, 0, 0, 1), 9)
            .fragmentationIndex());
    }

    @Test
    void fragmentationIndexIsMinus1000WhenABlockIsFreeAndZeroWhenNothingIs() {
        assertEquals(-1000, Fragmentation.of(zone(10, 5, 2), 2).fragmentationIndex());
        assertEquals(0, Fragmentation.of(zone(), 4).fragmentationIndex());
    }

    @Test
    void unusableFreeIndex() {
        assertEquals(0, Fragmentation.of(zone(10, 5, 2), 0).unusableFreeIndex());
        // order 1: (28 - 9 * 2) * 1000 / 28 = 357
        assertEquals(357, Fragmentation.of(zone(10, 5, 2), 1).unusableFreeIndex());
        // order 2: (28 - 2 * 4) * 1000 / 28 = 714
        assertEquals(714, Fragmentation.of(zone(10, 5, 2), 2).unusableFreeIndex());
        assertEquals(1000, Fragmentation.of(zone(10, 5, 2), 3).unusableFreeIndex());
        assertEquals(1000, Fragmentation.of(zone(), 0).unusableFreeIndex());
    }
}
