package io.slowpath.core.mm;

import java.util.Arrays;

/**
 * A map from non-negative {@code long} keys to {@code long} values in one primitive array, each key beside its value (open
 * addressing, linear probing, deletion by tombstone). A slot is 16 bytes and the load stays at most 3/4, so an entry costs 21 to 43
 * bytes where a {@code HashMap<Long, Long>}, with its boxed keys and values and its entry nodes, costs about 89 and is
 * slower to fill. Iteration order depends only on the sequence of operations, so it is deterministic.
 *
 * <p>The keys are page numbers (virtual pages, file offsets, pfns), used in runs: the hash keeps each aligned run of
 * {@value #RUN} consecutive keys in consecutive slots (two cache lines), so walking a range of pages (a fault
 * around, a read, the teardown of an address space) touches few cache lines. A removal leaves a tombstone, so
 * tearing an address space down entry by entry costs no shifting; tombstones are reused by later puts and dropped when
 * the table is rebuilt.
 */
final class LongLongMap implements PageNumberMap {
    private static final long EMPTY = Long.MIN_VALUE;
    /** A removed entry: probes go on past it; a put may take it. */
    private static final long TOMB = Long.MIN_VALUE + 1;
    /** Consecutive keys kept in consecutive slots (a power of two). */
    static final int RUN = 8;
    private static final int RUN_BITS = 3;

    /** Slot {@code i}: its key at {@code 2i}, its value at {@code 2i + 1}. */
    private long[] table;
    private int size;
    /** Slots holding {@link #TOMB}. */
    private int tombs;
    /** Slots - 1. */
    private int mask;

    LongLongMap() {
        this(16);
    }

    LongLongMap(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        allocate(cap);
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public long get(long key) {
        long[] t = table;
        int i = slot(key);
        for (;;) {
            long k = t[i << 1];
            if (k == key) {
                return t[(i << 1) + 1];
            }
            if (k == EMPTY) {
                return MISSING;
            }
            i = (i + 1) & mask;
        }
    }

    @Override
    public long put(long key, long value) {
        if (key < 0) {
            throw new IllegalArgumentException("negative key " + key);
        }
        if (value < 0) {
            throw new IllegalArgumentException("negative value " + value);
        }
        long[] t = table;
        int i = slot(key);
        int free = -1;
        for (;;) {
            long k = t[i << 1];
            if (k == key) {
                long old = t[(i << 1) + 1];
                t[(i << 1) + 1] = value;
                return old;
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
            t[free << 1] = key;
            t[(free << 1) + 1] = value;
            tombs--;
            size++;
            return MISSING;
        }
        t[i << 1] = key;
        t[(i << 1) + 1] = value;
        if (++size + tombs > (mask + 1) * 3 / 4) {
            // Grow when live entries fill more than 3/8 of the table, else rebuild it without tombstones.
            rehash(size > (mask + 1) * 3 / 8 ? (mask + 1) * 2 : mask + 1);
        }
        return MISSING;
    }

    @Override
    public long remove(long key) {
        long[] t = table;
        int i = slot(key);
        for (;;) {
            long k = t[i << 1];
            if (k == EMPTY) {
                return MISSING;
            }
            if (k == key) {
                t[i << 1] = TOMB;
                tombs++;
                size--;
                return t[(i << 1) + 1];
            }
            i = (i + 1) & mask;
        }
    }

    /** Visits every entry in table order. */
    @Override
    public void forEach(Visitor v) {
        long[] t = table;
        for (int i = 0; i < t.length; i += 2) {
            if (t[i] >= 0) {
                v.visit(t[i], t[i + 1]);
            }
        }
    }

    @Override
    public long[] sortedKeys() {
        long[] out = new long[size];
        int n = 0;
        long[] t = table;
        for (int i = 0; i < t.length; i += 2) {
            if (t[i] >= 0) {
                out[n++] = t[i];
            }
        }
        Arrays.sort(out);
        return out;
    }

    @Override
    public void clear() {
        long[] t = table;
        for (int i = 0; i < t.length; i += 2) {
            t[i] = EMPTY;
        }
        size = 0;
        tombs = 0;
    }

    /** The run of the key scattered by a multiplicative hash, the key's place in its run kept. */
    private int slot(long key) {
        long h = (key >>> RUN_BITS) * 0x9E3779B97F4A7C15L;
        h ^= h >>> 32;
        return ((int) h << RUN_BITS | (int) key & (RUN - 1)) & mask;
    }

    private void allocate(int cap) {
        table = new long[cap * 2];
        for (int i = 0; i < table.length; i += 2) {
            table[i] = EMPTY;
        }
        mask = cap - 1;
        tombs = 0;
    }

    private void rehash(int cap) {
        long[] old = table;
        allocate(cap);
        long[] t = table;
        for (int i = 0; i < old.length; i += 2) {
            long k = old[i];
            if (k >= 0) {
                int j = slot(k);
                while (t[j << 1] != EMPTY) {
                    j = (j + 1) & mask;
                }
                t[j << 1] = k;
                t[(j << 1) + 1] = old[i + 1];
            }
        }
    }
}
