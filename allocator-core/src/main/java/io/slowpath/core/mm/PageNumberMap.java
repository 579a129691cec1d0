package io.slowpath.core.mm;

/**
 * A map from page numbers (non-negative {@code long} keys: virtual pages, file offsets, pfns) to non-negative
 * {@code long} values, without boxing. {@link RadixTree} suits dense runs of keys (page tables, the page cache);
 * {@link LongLongMap}, a hash, suits few keys spread over a large range (pins, the swap cache by pfn).
 */
interface PageNumberMap {
    /** Returned by {@link #get} and {@link #remove} for a missing key. */
    long MISSING = -1L;

    /** The value under {@code key}, or {@link #MISSING}. */
    long get(long key);

    /** Whether {@code key} has a value. */
    default boolean containsKey(long key) {
        return get(key) != MISSING;
    }

    /** Puts {@code value} (not negative) under {@code key} (not negative); returns the old value or {@link #MISSING}. */
    long put(long key, long value);

    /** Removes {@code key}; returns its value or {@link #MISSING}. */
    long remove(long key);

    /** Entries held. */
    int size();

    /** Removes every entry. */
    void clear();

    /** Visits every entry (the order is the implementation's, always the same for the same operations). */
    void forEach(Visitor v);

    /** The keys in ascending order. */
    long[] sortedKeys();

    /** One entry of a {@link #forEach} walk; the visitor must not change the map. */
    @FunctionalInterface
    interface Visitor {
        void visit(long key, long value);
    }
}
