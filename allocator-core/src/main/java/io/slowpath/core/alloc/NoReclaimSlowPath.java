package io.slowpath.core.alloc;

import static io.slowpath.core.alloc.AllocFlags.ALLOC_CPUSET;
import static io.slowpath.core.alloc.AllocFlags.ALLOC_HARDER;
import static io.slowpath.core.alloc.AllocFlags.ALLOC_NO_WATERMARKS;
import static io.slowpath.core.alloc.AllocFlags.ALLOC_WMARK_MIN;

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

    /**
     * Models mm/page_alloc.c: gfp_to_alloc_flags (Linux 3.10) for an ordinary task in process context: no
     * {@code PF_MEMALLOC}, no {@code TIF_MEMDIE}, not real-time.
     */
    public static int gfpToAllocFlags(int gfp) {
        int flags = ALLOC_WMARK_MIN | ALLOC_CPUSET;
        boolean atomic = (gfp & (Gfp.__GFP_WAIT | Gfp.__GFP_NO_KSWAPD)) == 0;
        flags |= gfp & Gfp.__GFP_HIGH;
        if (atomic) {
            if ((gfp & Gfp.__GFP_NOMEMALLOC) == 0) {
                flags |= ALLOC_HARDER;
            }
            flags &= ~ALLOC_CPUSET;
        }
        if ((gfp & Gfp.__GFP_NOMEMALLOC) == 0 && (gfp & Gfp.__GFP_MEMALLOC) != 0) {
            flags |= ALLOC_NO_WATERMARKS;
        }
        return flags;
    }
}
