package io.slowpath.bench;

import io.slowpath.api.Gfp;
import io.slowpath.api.PageAllocator;
import io.slowpath.core.alloc.BuddyAllocator;

/** The lock-free allocator as a {@link PairAllocator} on one CPU slot, for pre-fragmenting. */
final class SlowpathPairs implements PairAllocator {
    /** GFP_KERNEL, as the benchmarks allocate. */
    static final int GFP = Gfp.GFP_KERNEL;

    private final BuddyAllocator allocator;
    private final int slot;

    SlowpathPairs(BuddyAllocator allocator, int slot) {
        this.allocator = allocator;
        this.slot = slot;
    }

    @Override
    public long allocIgnoringWatermarks(int order) {
        // __GFP_MEMALLOC: the slow path's last try ignores watermarks, so setup can drain the zone.
        long pfn = allocator.allocPagesOnSlot(slot, GFP | Gfp.__GFP_MEMALLOC, order);
        return pfn == PageAllocator.NO_PAGE ? -1 : pfn;
    }

    @Override
    public void free(long pfn, int order) {
        allocator.freePagesOnSlot(slot, pfn, order, false);
    }
}
