package io.slowpath.core.mm;

import java.util.Arrays;

/**
 * A map from non-negative {@code long} keys to {@code long} values in two primitive arrays (open addressing, linear
 * probing, deletion by tombstone). A slot is 16 bytes and the load stays at most 3/4, so an entry costs 21 to 43
 * bytes where a {@code HashMap<Long, Long>}, with its boxed keys and values and its entry nodes, costs about 89 and is
 * slower to fill. Iteration order depends only on the sequence of operations, so it is deterministic.
 *
 * <p>The keys are page numbers (virtual pages, file offsets, pfns), used in runs: the hash keeps each aligned run of
 * {@value #RUN} consecutive keys in consecutive slots (one cache line of keys), so walking a range of pages (a fault
 * around, a read, the teardown of an address space) touches few cache lines. A removal leaves a tombstone, so
 * tearing an address space down entry by entry costs no shifting; tombstones are reused by later puts and dropped when
 * the table is rebuilt.
 */
final class LongLongMap {
    /** Returned by {@link #get} for a missing key. */
    static final long MISSING = -1L;

    private static final long EMPTY = Long.MIN_VALUE;
    /** A removed entry: probes go on past it; a put may take it. */
    private static final long TOMB = Long.MIN_VALUE + 1;
    /** Consecutive keys kept in consecutive slots (a power of two). */
    static final int RUN = 8;
    private static final int RUN_BITS = 3;

    private long[] keys;
    private long[] values;
    private int size;
    /** Slots holding {@link #TOMB}. */
    private int tombs;
    private int mask;

    LongLongMap() {
        this(16);
    }

    LongLongMap(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        allocate(cap);
    }

    int size() {
        return size;
    }

    long get(long key) {
        int i = slot(key);
        for (;;) {
            long k = keys[i];
            if (k == key) {
                return values[i];
            }
            if (k == EMPTY) {
                return MISSING;
            }
            i = (i + 1) & mask;
        }
    }

    boolean containsKey(long key) {
        return get(key) != MISSING;
    }

    /** Puts {@code value} (never {@link #MISSING}) under {@code key} (never negative). */
    void put(long key, long value) {
        if (key < 0) {
            throw new IllegalArgumentException("negative key " + key);
        }
        if (value == MISSING) {
            throw new IllegalArgumentException("value " + MISSING + " is reserved for a missing key");
        }
        int i = slot(key);
        int free = -1;
        for (;;) {
            long k = keys[i];
            if (k == key) {
                values[i] = value;
                return;
            }
            if (k == EMPTY) {
                break;
            }
            if (k == TOMB && free < 0) {
                free = i;
            }
            i = (i + 1) & mask;
        }
        if (free >= 0) {
            keys[free] = key;
            values[free] = value;
            tombs--;
            size++;
            return;
        }
        keys[i] = key;
        values[i] = value;
        if (++size + tombs > (mask + 1) * 3 / 4) {
            // Grow when live entries fill more than 3/8 of the table, else rebuild it without tombstones.
            rehash(size > (mask + 1) * 3 / 8 ? keys.length * 2 : keys.length);
        }
    }

    /** Removes {@code key}; returns its value or {@link #MISSING}. */
    long remove(long key) {
        int i = slot(key);
        for (;;) {
            long k = keys[i];
            if (k == EMPTY) {
                return MISSING;
            }
            if (k == key) {
                long v = values[i];
                keys[i] = TOMB;
                tombs++;
                size--;
                return v;
            }
            i = (i + 1) & mask;
        }
    }

    /** Visits every entry in table order. The visitor must not change the map. */
    void forEach(Visitor v) {
        long[] ks = keys;
        long[] vs = values;
        for (int i = 0; i < ks.length; i++) {
            if (ks[i] >= 0) {
                v.visit(ks[i], vs[i]);
            }
        }
    }

    /** The keys in ascending order. */
    long[] sortedKeys() {
        long[] out = new long[size];
        int n = 0;
        for (long k : keys) {
            if (k >= 0) {
                out[n++] = k;
            }
        }
        Arrays.sort(out);
        return out;
    }

    void clear() {
        Arrays.fill(keys, EMPTY);
        size = 0;
        tombs = 0;
    }

    /** One entry of a {@link #forEach} walk. */
    @FunctionalInterface
    interface Visitor {
        void visit(long key, long value);
    }

    /** The run of the key scattered by a multiplicative hash, the key's place in its run kept. */
    private int slot(long key) {
        long h = (key >>> RUN_BITS) * 0x9E3779B97F4A7C15L;
        h ^= h >>> 32;
        return ((int) h << RUN_BITS | (int) key & (RUN - 1)) & mask;
    }

    private void allocate(int cap) {
        keys = new long[cap];
        values = new long[cap];
        Arrays.fill(keys, EMPTY);
        mask = cap - 1;
        tombs = 0;
    }

    private void rehash(int cap) {
        long[] oldKeys = keys;
        long[] oldValues = values;
        allocate(cap);
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] >= 0) {
                int j = slot(oldKeys[i]);
                while (keys[j] != EMPTY) {
                    j = (j + 1) & mask;
                }
                keys[j] = oldKeys[i];
                values[j] = oldValues[i];
            }
        }
    }
}
