package io.slowpath.api.reclaim;

import io.slowpath.api.mm.MmServices;

/**
 * Direct reclaim and the page aging it depends on. The stock 3.10 policy is {@code do_try_to_free_pages} over the
 * two-list LRU; alternatives (a multi-generational LRU, FIFO) keep their own lists through the hooks.
 *
 * <p>The slow path calls {@link #tryToFreePages} at step S14 ({@code __perform_reclaim}) with {@code PF_MEMALLOC}
 * set on the caller. The hooks are called by the memory-management model as pages come and go.
 */
public interface ReclaimPolicy {
    /**
     * {@code try_to_free_pages}: reclaims memory for an allocation that failed at the min watermark.
     *
     * @return the progress the slow path sees: pages reclaimed, or (as 3.10 does) 1 when nothing was reclaimed but
     *     some eligible zone is still reclaimable; 0 means no progress, which may lead to the OOM killer
     */
    long tryToFreePages(MmServices mm, ReclaimRequest request);

    /** {@code lru_cache_add}: a page just became reclaimable (faulted in, read into the page cache). */
    default void pageAdded(MmServices mm, long pfn) {
    }

    /**
     * {@code split_huge_page} ({@code lru_add_page_tail}): the transparent huge page headed by {@code headPfn} became
     * 512 small pages. The head stays where it is and from now on counts as one page ({@code hpage_nr_pages} is 1);
     * {@link #pageAdded} follows for each of the 511 tails. A policy that weighs list entries by size takes the head's
     * weight down to one here.
     */
    default void pageSplit(MmServices mm, long headPfn) {
    }

    /** A page left the LRU for good (freed by its owner, munmap, exit). */
    default void pageRemoved(MmServices mm, long pfn) {
    }

    /** {@code mark_page_accessed}: a page-cache page was read or written through a system call. */
    default void pageAccessed(MmServices mm, long pfn) {
    }
}
