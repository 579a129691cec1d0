package io.slowpath.core.mm;

import java.util.Arrays;

/**
 * One bit per pfn in a {@code long[]} that only grows. Unlike {@link java.util.BitSet}, clearing the highest set bit
 * costs no scan for the new highest one: a set that holds a few pages at a time (pages isolated from the LRU) stays
 * O(1) per operation however many pfns the machine has.
 */
final class PfnBits {
    private long[] words;

    private static int word(long pfn) {
        if (pfn < 0 || pfn >= 1L << 37) {
            throw new IndexOutOfBoundsException("pfn " + pfn);
        }
        return (int) (pfn >>> 6);
    }

    PfnBits(long pfns) {
        words = new long[(int) ((Math.max(0, pfns) + 63) >>> 6)];
    }

    boolean get(long pfn) {
        int w = word(pfn);
        return w < words.length && (words[w] & 1L << pfn) != 0;
    }

    void set(long pfn) {
        int w = word(pfn);
        if (w >= words.length) {
            words = Arrays.copyOf(words, Math.max(w + 1, words.length * 2));
        }
        words[w] |= 1L << pfn;
    }

    void clear(long pfn) {
        int w = word(pfn);
        if (w < words.length) {
            words[w] &= ~(1L << pfn);
        }
    }
}
