package io.slowpath.api;

/**
 * Allocates and frees blocks of {@code 2^order} contiguous page frames, as {@code alloc_pages} /
 * {@code __free_pages} do. Blocks are named by their first page frame number (pfn).
 *
 * <p>Implementations are safe to call from many threads at once. The {@code cpu} argument names the simulated
 * CPU whose per-CPU lists an order-0 request uses; the overloads without it use the calling thread's own CPU
 * slot, so concurrent embedders never share a per-CPU list.
 */
public interface PageAllocator {
    /** Returned when no block could be allocated. */
    long NO_PAGE = -1L;

    /**
     * Allocates a block on simulated CPU {@code cpu}.
     *
     * @return the first pfn of the block, or {@link #NO_PAGE}
     * @throws IllegalArgumentException for an order outside 0..{@code MAX_ORDER-1}, an invalid GFP mask or CPU
     */
    long allocPages(int cpu, int gfpMask, int order);

    /** Frees a block that {@link #allocPages} returned, on simulated CPU {@code cpu}. */
    void freePages(int cpu, long pfn, int order);

    /** Allocates a block using the calling thread's own CPU slot. */
    long allocPages(int gfpMask, int order);

    /** Frees a block using the calling thread's own CPU slot. */
    void freePages(long pfn, int order);
}
