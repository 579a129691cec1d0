package io.slowpath.core.mm;

/**
 * A page-table entry as the model stores it in an address space: {@code payload << 8 | bits}, where the payload is
 * the pfn of a present page or the slot of a swap entry. A huge (PMD) mapping is stored as 512 entries carrying
 * {@link #HUGE}; its young, dirty and write bits are those of the entry at the 2 MiB-aligned address (the PMD).
 */
final class Pte {
    private Pte() {
    }

    /** The page is present ({@code _PAGE_PRESENT}). */
    static final int PRESENT = 1;
    /** Writable ({@code _PAGE_RW}); clear on COW-shared and zero-page entries. */
    static final int WRITE = 2;
    /** Accessed ({@code _PAGE_ACCESSED}), the bit {@code page_referenced} tests and clears. */
    static final int YOUNG = 4;
    /** Dirty ({@code _PAGE_DIRTY}). */
    static final int DIRTY = 8;
    /** Part of a huge PMD mapping. */
    static final int HUGE = 16;
    /** A swap entry (not present): the payload is the swap slot. */
    static final int SWAP = 32;
    /** Maps the zero page (or the huge zero page with {@link #HUGE}): no pfn of its own. */
    static final int ZERO = 64;

    private static final int SHIFT = 8;

    static long present(long pfn, int bits) {
        return pfn << SHIFT | PRESENT | bits;
    }

    static long zero(int bits) {
        return PRESENT | ZERO | bits;
    }

    static long swap(int slot) {
        return (long) slot << SHIFT | SWAP;
    }

    static boolean isPresent(long e) {
        return e >= 0 && (e & PRESENT) != 0;
    }

    static boolean isSwap(long e) {
        return e >= 0 && (e & SWAP) != 0;
    }

    static boolean has(long e, int bit) {
        return (e & bit) != 0;
    }

    /** Whether the entry maps a real page (present and not the zero page). */
    static boolean mapsPage(long e) {
        return isPresent(e) && (e & ZERO) == 0;
    }

    static long pfn(long e) {
        return e >>> SHIFT;
    }

    static int slot(long e) {
        return (int) (e >>> SHIFT);
    }

    static long withPfn(long e, long pfn) {
        return pfn << SHIFT | (e & ((1 << SHIFT) - 1));
    }

    static long set(long e, int bits) {
        return e | bits;
    }

    static long clear(long e, int bits) {
        return e & ~(long) bits;
    }
}
