package io.slowpath.core.mm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LongLongMapTest {
    @Test
    void agreesWithAHashMapOverRandomPutsAndRemoves() {
        LongLongMap m = new LongLongMap();
        Map<Long, Long> ref = new HashMap<>();
        SplittableRandom rnd = new SplittableRandom(42);
        for (int i = 0; i < 200_000; i++) {
            long k = rnd.nextLong(5_000);
            if (rnd.nextInt(3) == 0) {
                Long old = ref.remove(k);
                assertEquals(old == null ? LongLongMap.MISSING : old, m.remove(k));
            } else {
                long v = rnd.nextLong(1L << 50);
                ref.put(k, v);
                m.put(k, v);
            }
            long probe = rnd.nextLong(5_000);
            assertEquals(ref.getOrDefault(probe, LongLongMap.MISSING), m.get(probe));
        }
        assertEquals(ref.size(), m.size());
        assertArrayEquals(ref.keySet().stream().mapToLong(Long::longValue).sorted().toArray(), m.sortedKeys());
        long[] sum = {0};
        m.forEach((k, v) -> sum[0] += v);
        assertEquals(ref.values().stream().mapToLong(Long::longValue).sum(), sum[0]);
    }

    @Test
    void emptiesAndRefillsByRunsWithoutLosingEntries() {
        LongLongMap m = new LongLongMap();
        for (int round = 0; round < 3; round++) {
            for (long k = 0; k < 50_000; k++) {
                m.put(k * 3 + round, k);
            }
            assertEquals(50_000, m.size());
            for (long k = 0; k < 50_000; k++) {
                assertEquals(k, m.remove(k * 3 + round));
                assertEquals(LongLongMap.MISSING, m.get(k * 3 + round));
            }
            assertEquals(0, m.size());
            assertEquals(0, m.sortedKeys().length);
        }
        m.put(7, 70);
        m.put(7, 71);
        assertEquals(71, m.get(7));
        assertEquals(1, m.size());
    }

    @Test
    void rejectsNegativeKeysAndTheMissingValue() {
        LongLongMap m = new LongLongMap();
        assertThrows(IllegalArgumentException.class, () -> m.put(-1, 5));
        assertThrows(IllegalArgumentException.class, () -> m.put(1, LongLongMap.MISSING));
    }
}
