package io.slowpath.bench;

/**
 * The two calls a pre-fragmenting setup needs from an allocator under test, so the same steady state can be built
 * for the lock-free allocator and for the single-lock baseline.
 */
interface PairAllocator {
    /**
     * Allocates a block of {@code 2^order} pages ignoring watermarks (setup may drain the zone completely).
     *
     * @return the first pfn, or -1 when nothing of that order is left
     */
    long allocIgnoringWatermarks(int order);

    /** Frees a block allocated with this order. */
    void free(long pfn, int order);
}
