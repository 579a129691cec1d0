package io.slowpath.core.mm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What every {@link PageNumberMap} must do, run on the hash ({@link LongLongMap}) and the {@link RadixTree}. */
class PageNumberMapContractTest {
    static Stream<Arguments> maps() {
        return Stream.of(Arguments.of("LongLongMap", (Supplier<PageNumberMap>) LongLongMap::new),
            Arguments.of("RadixTree", (Supplier<PageNumberMap>) RadixTree::new));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("maps")
    void agreesWithATreeMapOverRandomPutsAndRemoves(String name, Supplier<PageNumberMap> make) {
        PageNumberMap m = make.get();
        TreeMap<Long, Long> ref = new TreeMap<>();
        SplittableRandom rnd = new SplittableRandom(42);
        // Keys cluster in a few runs far apart (several leaves and middle nodes of a tree) plus a sparse spread.
        long[] bases = {0, 511, 1L << 18, (1L << 20) + 77, 1L << 31};
        for (int i = 0; i < 300_000; i++) {
            long k = key(rnd, bases);
            if (rnd.nextInt(3) == 0) {
                Long old = ref.remove(k);
                assertEquals(old == null ? PageNumberMap.MISSING : old, m.remove(k));
            } else {
                long v = rnd.nextLong(1L << 50);
                Long old = ref.put(k, v);
                assertEquals(old == null ? PageNumberMap.MISSING : old, m.put(k, v));
            }
            long probe = key(rnd, bases);
            assertEquals(ref.getOrDefault(probe, PageNumberMap.MISSING), m.get(probe));
            assertEquals(ref.containsKey(probe), m.containsKey(probe));
        }
        assertEquals(ref.size(), m.size());
        assertArrayEquals(ref.keySet().stream().mapToLong(Long::longValue).toArray(), m.sortedKeys());
        TreeMap<Long, Long> seen = new TreeMap<>();
        m.forEach(seen::put);
        assertEquals(ref, seen);
    }

    private static long key(SplittableRandom rnd, long[] bases) {
        return rnd.nextInt(8) == 0 ? rnd.nextLong(1L << 32) : bases[rnd.nextInt(bases.length)] + rnd.nextLong(1500);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("maps")
    void emptiesAndRefillsByRunsWithoutLosingEntries(String name, Supplier<PageNumberMap> make) {
        PageNumberMap m = make.get();
        for (int round = 0; round < 3; round++) {
            for (long k = 0; k < 50_000; k++) {
                m.put(k * 3 + round, k);
            }
            assertEquals(50_000, m.size());
            for (long k = 0; k < 50_000; k++) {
                assertEquals(k, m.remove(k * 3 + round));
                assertEquals(PageNumberMap.MISSING, m.get(k * 3 + round));
            }
            assertEquals(0, m.size());
            assertEquals(0, m.sortedKeys().length);
        }
        m.put(7, 70);
        assertEquals(70, m.put(7, 71));
        assertEquals(71, m.get(7));
        m.put(9, 0);
        assertEquals(0, m.get(9), "zero is a value, not an empty slot");
        assertEquals(2, m.size());
        m.clear();
        assertEquals(0, m.size());
        assertEquals(PageNumberMap.MISSING, m.get(7));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("maps")
    void rejectsNegativeKeysAndValues(String name, Supplier<PageNumberMap> make) {
        PageNumberMap m = make.get();
        assertThrows(IllegalArgumentException.class, () -> m.put(-1, 5));
        assertThrows(IllegalArgumentException.class, () -> m.put(1, PageNumberMap.MISSING));
        assertEquals(PageNumberMap.MISSING, m.get(-5));
        assertEquals(PageNumberMap.MISSING, m.remove(-5));
    }
}
