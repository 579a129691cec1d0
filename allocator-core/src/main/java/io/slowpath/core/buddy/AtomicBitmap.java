package io.slowpath.core.buddy;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A lock-free bitmap with summary levels, so that the lowest set bit is found in a few word reads however large the
 * bitmap is. Level 0 holds the bits; each bit of level k+1 says "word i of level k may be non-zero". Summary bits are
 * hints: they are set before a finder can need them and cleared only after re-checking, so a set bit is never hidden
 * at quiescence.
 *
 * <p>All updates are single atomic read-modify-writes ({@code getAndBitwiseOr}/{@code getAndBitwiseAnd}); nothing
 * blocks.
 */
final class AtomicBitmap {
    private static final VarHandle WORDS = MethodHandles.arrayElementVarHandle(long[].class);

    /** levels[0] is the bitmap itself; the last level has exactly one word. */
    private final long[][] levels;
    private final int nbits;

    AtomicBitmap(int nbits) {
        if (nbits < 0) {
            throw new IllegalArgumentException("negative bitmap size " + nbits);
        }
        this.nbits = nbits;
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

    int size() {
        return nbits;
    }

    /** Whether bit {@code i} is set now. */
    boolean get(int i) {
        return (((long) WORDS.getVolatile(levels[0], i >>> 6)) & (1L << i)) != 0;
    }

    /** Sets bit {@code i}; returns false if it was already set. */
    boolean set(int i) {
        long mask = 1L << i;
        int w = i >>> 6;
        long prev = (long) WORDS.getAndBitwiseOr(levels[0], w, mask);
        if ((prev & mask) != 0) {
            return false;
        }
        if (prev == 0) {
            markNonEmpty(1, w);
        }
        return true;
    }

    /** Clears bit {@code i}; returns true only for the caller that changed it from set to clear. */
    boolean clear(int i) {
        long mask = 1L << i;
        int w = i >>> 6;
        // Clear already: report it without the atomic (merges probe each buddy on every list, mostly in vain).
        if (((long) WORDS.getVolatile(levels[0], w) & mask) == 0) {
            return false;
        }
        long prev = (long) WORDS.getAndBitwiseAnd(levels[0], w, ~mask);
        if ((prev & mask) == 0) {
            return false;
        }
        if (prev == mask) {
            markMaybeEmpty(1, w);
        }
        return true;
    }

    /**
     * Clears up to {@code max} of the lowest set bits of the lowest non-empty word in one atomic step and writes their
     * indexes, ascending, to {@code out} from {@code off}: what {@code max} calls of {@link #findFirst} and
     * {@link #clear} would take when nothing else changes the bitmap meanwhile.
     *
     * @return the bits taken; 0 only when the bitmap is empty
     */
    int claimLowest(int max, int[] out, int off) {
        for (;;) {
            int first = findFirst();
            if (first < 0) {
                return 0;
            }
            int w = first >>> 6;
            long word = (long) WORDS.getVolatile(levels[0], w);
            long take = word;
            if (Long.bitCount(word) > max) {
                take = 0;
                for (int n = 0; n < max; n++) {
                    long low = word & -word;
                    take |= low;
                    word ^= low;
                }
            }
            long prev = (long) WORDS.getAndBitwiseAnd(levels[0], w, ~take);
            long got = prev & take;
            if ((prev & ~take) == 0 && got != 0) {
                markMaybeEmpty(1, w);
            }
            int n = 0;
            while (got != 0) {
                out[off + n++] = (w << 6) + Long.numberOfTrailingZeros(got);
                got &= got - 1;
            }
            if (n > 0) {
                return n;
            }
        }
    }

    /** The raw level-0 word {@code w} (64 bits starting at bit {@code w * 64}). */
    long word(int w) {
        return (long) WORDS.getVolatile(levels[0], w);
    }

    /**
     * The lowest set bit, or -1. Under concurrent updates the answer may already be stale; callers claim it with
     * {@link #clear} and search again when the claim fails.
     */
    int findFirst() {
        int top = levels.length - 1;
        restart:
        for (;;) {
            long t = (long) WORDS.getVolatile(levels[top], 0);
            if (t == 0) {
                return -1;
            }
            int idx = Long.numberOfTrailingZeros(t);
            for (int k = top - 1; k >= 0; k--) {
                long word = (long) WORDS.getVolatile(levels[k], idx);
                if (word == 0) {
                    // A stale summary bit: repair it, then search again.
                    markMaybeEmpty(k + 1, idx);
                    continue restart;
                }
                idx = (idx << 6) + Long.numberOfTrailingZeros(word);
            }
            return idx;
        }
    }

    private void markNonEmpty(int level, int childWord) {
        for (int k = level; k < levels.length; k++) {
            int w = childWord >>> 6;
            long bit = 1L << childWord;
            // Already set: nothing to do, and a plain volatile read is cheaper than the atomic or. A concurrent
            // markMaybeEmpty clears the bit only before its own re-check of the child, which then sees our bit.
            if (((long) WORDS.getVolatile(levels[k], w) & bit) != 0) {
                return;
            }
            long prev = (long) WORDS.getAndBitwiseOr(levels[k], w, bit);
            if (prev != 0) {
                return;
            }
            childWord = w;
        }
    }

    private void markMaybeEmpty(int level, int childWord) {
        if (level >= levels.length) {
            return;
        }
        int w = childWord >>> 6;
        long bit = 1L << childWord;
        long prev = (long) WORDS.getAndBitwiseAnd(levels[level], w, ~bit);
        // Re-check: a concurrent set may have filled the child between its check and our clear.
        if ((long) WORDS.getVolatile(levels[level - 1], childWord) != 0) {
            markNonEmpty(level, childWord);
            return;
        }
        if (prev == bit) {
            markMaybeEmpty(level + 1, w);
        }
    }
}
