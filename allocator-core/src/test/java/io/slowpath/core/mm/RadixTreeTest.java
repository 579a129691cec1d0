package io.slowpath.core.mm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** What {@link RadixTree} adds to {@link PageNumberMapContractTest}: ascending walks, dropped leaves, its key range. */
class RadixTreeTest {
    @Test
    void forEachWalksTheKeysInAscendingOrderAcrossLeavesAndNodes() {
        RadixTree t = new RadixTree();
        long[] keys = {1L << 31, 5, (1L << 18) + 3, 511, 512, 0, (1L << 18) - 1};
        for (long k : keys) {
            t.put(k, k * 2);
        }
        List<Long> order = new ArrayList<>();
        t.forEach((k, v) -> {
            order.add(k);
            assertEquals(k * 2, v);
        });
        assertEquals(List.of(0L, 5L, 511L, 512L, (1L << 18) - 1, (1L << 18) + 3, 1L << 31), order);
        assertArrayEquals(order.stream().mapToLong(Long::longValue).toArray(), t.sortedKeys());
    }

    @Test
    void aLookupAfterItsLeafWasDroppedFindsNothing() {
        RadixTree t = new RadixTree();
        t.put(1000, 1);
        assertEquals(1, t.get(1000));
        assertEquals(1, t.remove(1000));
        assertEquals(RadixTree.MISSING, t.get(1001), "the cached leaf went with its last entry");
        t.put(1001, 2);
        Map<Long, Long> m = new TreeMap<>();
        t.forEach(m::put);
        assertEquals(Map.of(1001L, 2L), m);
    }

    @Test
    void rejectsKeysBeyondTheTree() {
        RadixTree t = new RadixTree();
        assertThrows(IllegalArgumentException.class, () -> t.put(RadixTree.KEY_LIMIT, 5));
        t.put(RadixTree.KEY_LIMIT - 1, 5);
        assertEquals(5, t.get(RadixTree.KEY_LIMIT - 1));
    }
}
