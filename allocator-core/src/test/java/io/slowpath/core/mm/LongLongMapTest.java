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
    void rejectsNegativeKeysAndTheMissingValue() {
        LongLongMap m = new LongLongMap();
        assertThrows(IllegalArgumentException.class, () -> m.put(-1, 5));
        assertThrows(IllegalArgumentException.class, () -> m.put(1, LongLongMap.MISSING));
    }
}
