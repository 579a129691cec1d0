package io.slowpath.core.alloc;

import static io.slowpath.core.alloc.AllocFlags.ALLOC_NO_WATERMARKS;

import io.slowpath.api.Gfp;

/**
 * The part of {@code __alloc_pages_slowpath} that needs no reclaim, compaction or OOM killer: the
 * {@code GFP_THISNODE} exit, {@code gfp_to_alloc_flags} for an ordinary task, the retry at the min watermark and the
 * {@code __GFP_MEMALLOC} no-watermark attempt. It is what a bare allocator (no simulated kernel around it) does; the
 * simulated kernel replaces it with the whole slow path.
 */
public final class NoReclaimSlowPath implements SlowPath {
    @Override
    public int allocate(AllocRequest req) {
        int gfp = req.gfp();
        if ((gfp & Gfp.GFP_THISNODE) == Gfp.GFP_THISNODE) {
            return -1;
        }
        int allocFlags = gfpToAllocFlags(gfp);
        int pfn = req.allocator().getPageFromFreelist(req, gfp, allocFlags & ~ALLOC_NO_WATERMARKS);
        if (pfn < 0 && (allocFlags & ALLOC_NO_WATERMARKS) != 0) {
            pfn = req.allocator().getPageFromFreelist(req, gfp, allocFlags);
        }
        return pfn;
    }

    /** {@code gfp_to_alloc_flags} for an ordinary task: no PF_MEMALLOC, no TIF_MEMDIE, not real-time. */
    public static int gfpToAllocFlags(int gfp) {
        return Slowpath310.gfpToAllocFlags(gfp, null);
    }
}
