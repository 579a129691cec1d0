package io.slowpath.bench;

/**
 * The single-threaded twin of allocator-core's {@code AtomicBitmap}: the same summary levels and lowest-set-bit search,
 * with plain reads and writes, for use under a lock.
 */
final class PlainBitmap {
    /** levels[0] is the bitmap; bit i of level k+1 says word i of level k is non-zero; the last level is one word. */
    private final long[][] levels;

    PlainBitmap(int nbits) {
        if (nbits < 0) {
            throw new IllegalArgumentException("negative bitmap size " + nbits);
        }
        int depth = 1;
        for (long words = wordsFor(nbits); words > 1; words = wordsFor(words)) {
            depth++;
        }
        levels = new long[depth][];
        long bits = nbits;
        for (int k = 0; k < depth; k++) {
            levels[k] = new long[(int) Math.max(1, wordsFor(bits))];
            bits = levels[k].length;
        }
    }

    private static long wordsFor(long bits) {
        return (bits + 63) >>> 6;
    }

    boolean get(int i) {
        return (levels[0][i >>> 6] & (1L << i)) != 0;
    }

    void set(int i) {
        for (int k = 0; k < levels.length; k++) {
            int w = i >>> 6;
            long before = levels[k][w];
            levels[k][w] = before | (1L << i);
            if (before != 0) {
                return;
            }
            i = w;
        }
    }

    void clear(int i) {
        for (int k = 0; k < levels.length; k++) {
            int w = i >>> 6;
            long after = levels[k][w] & ~(1L << i);
            levels[k][w] = after;
            if (after != 0) {
                return;
            }
            i = w;
        }
    }

    /** The lowest set bit, or -1. */
    int findFirst() {
        int top = levels.length - 1;
        long t = levels[top][0];
        if (t == 0) {
            return -1;
        }
        int idx = Long.numberOfTrailingZeros(t);
        for (int k = top - 1; k >= 0; k--) {
            idx = (idx << 6) + Long.numberOfTrailingZeros(levels[k][idx]);
        }
        return idx;
    }
}
