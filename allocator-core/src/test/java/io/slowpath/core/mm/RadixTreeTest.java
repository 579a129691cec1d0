package io.slowpath.core.mm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RadixTreeTest {
    @Test
    void agreesWithATreeMapOverRandomPutsAndRemovesAcrossLeavesAndNodes() {
        RadixTree t = new RadixTree();
        TreeMap<Long, Long> ref = new TreeMap<>();
        SplittableRandom rnd = new SplittableRandom(42);
        // Keys cluster in a few runs far apart (several middle nodes) plus a sparse spread, as page numbers do.
        long[] bases = {0, 511, 1L << 18, (1L << 20) + 77, 1L << 31};
        for (int i = 0; i < 300_000; i++) {
            long k = key(rnd, bases);
            if (rnd.nextInt(3) == 0) {
                Long old = ref.remove(k);
                assertEquals(old == null ? RadixTree.MISSING : old, t.remove(k));
            } else {
                long v = rnd.nextLong(1L << 50);
                ref.put(k, v);
                t.put(k, v);
            }
            long probe = key(rnd, bases);
            assertEquals(ref.getOrDefault(probe, RadixTree.MISSING), t.get(probe));
        }
        assertEquals(ref.size(), t.size());
        assertArrayEquals(ref.keySet().stream().mapToLong(Long::longValue).toArray(), t.sortedKeys());
        List<Long> order = new ArrayList<>();
        t.forEach((k, v) -> {
            order.add(k);
            assertEquals(ref.get(k), v);
        });
        assertEquals(new ArrayList<>(ref.keySet()), order, "forEach walks the keys in ascending order");
    }

    private static long key(SplittableRandom rnd, long[] bases) {
        return rnd.nextInt(8) == 0 ? rnd.nextLong(1L << 32) : bases[rnd.nextInt(bases.length)] + rnd.nextLong(1500);
    }

    @Test
    void emptiedLeavesAreDroppedAndRefillCleanly() {
        RadixTree t = new RadixTree();
        for (int round = 0; round < 3; round++) {
            for (long k = 0; k < 50_000; k++) {
                t.put(k * 3 + round, k);
            }
            assertEquals(50_000, t.size());
            for (long k = 0; k < 50_000; k++) {
                assertEquals(k, t.remove(k * 3 + round));
                assertEquals(RadixTree.MISSING, t.get(k * 3 + round));
            }
            assertEquals(0, t.size());
            assertEquals(0, t.sortedKeys().length);
        }
        t.put(7, 70);
        t.put(7, 71);
        assertEquals(71, t.get(7));
        assertEquals(1, t.size());
        t.put(9, 0);
        assertEquals(0, t.get(9), "zero is a value, not an empty slot");
        assertEquals(0, t.remove(9));
        t.clear();
        assertEquals(0, t.size());
        assertEquals(RadixTree.MISSING, t.get(7));
    }

    @Test
    void aLookupAfterItsLeafWasDroppedFindsNothing() {
        RadixTree t = new RadixTree();
        t.put(1000, 1);
        assertEquals(1, t.get(1000));
        assertEquals(1, t.remove(1000));
        assertEquals(RadixTree.MISSING, t.get(1001), "the cached leaf went with its last entry");
        t.put(1001, 2);
        assertEquals(Map.of(1001L, 2L), collect(t));
    }

    private static Map<Long, Long> collect(RadixTree t) {
        Map<Long, Long> m = new TreeMap<>();
        t.forEach(m::put);
        return m;
    }

    @Test
    void rejectsNegativeValuesAndKeysOutsideTheTree() {
        RadixTree t = new RadixTree();
        assertThrows(IllegalArgumentException.class, () -> t.put(-1, 5));
        assertThrows(IllegalArgumentException.class, () -> t.put(RadixTree.KEY_LIMIT, 5));
        assertThrows(IllegalArgumentException.class, () -> t.put(1, -1));
        assertEquals(RadixTree.MISSING, t.get(-5));
        assertEquals(RadixTree.MISSING, t.remove(-5));
    }
}
