package io.slowpath.api.reclaim;

import io.slowpath.api.mm.MmServices;

/**
 * A slab cache shrinker as Linux 3.10 registers it ({@code struct shrinker}, include/linux/shrinker.h: the single
 * {@code shrink} callback, before the count/scan split of 3.12). Reclaim's {@code shrink_slab} asks each registered
 * shrinker ({@link MmServices#shrinkers()}) how many objects it could free, and then to free some in batches; slab
 * pages a shrinker gives back to the page allocator lower the zones' {@code NR_SLAB_RECLAIMABLE}, which is how
 * reclaim learns of them ({@code current->reclaim_state->reclaimed_slab}).
 */
public interface Shrinker {
    /** {@code DEFAULT_SEEKS}: the cost of recreating an object, relative to an LRU page. */
    int DEFAULT_SEEKS = 2;
    /** {@code SHRINK_BATCH}: the batch when {@link #batch()} is 0. */
    long SHRINK_BATCH = 128;

    /** {@code shrinker->seeks}. */
    default int seeks() {
        return DEFAULT_SEEKS;
    }

    /** {@code shrinker->batch}; 0 means {@link #SHRINK_BATCH}. */
    default long batch() {
        return 0;
    }

    /**
     * {@code shrinker->shrink(shrinker, sc)}: with {@code nrToScan} 0, the number of objects that could be freed (no
     * work done); otherwise tries to free {@code nrToScan} objects and returns the number left, or -1 when it cannot
     * work in this context (e.g. a filesystem cache without {@code __GFP_FS} in {@code gfp}).
     *
     * @param mm       the simulated kernel, the reclaiming task being {@link MmServices#current()}
     * @param gfp      the reclaim's gfp mask ({@code shrink_control.gfp_mask})
     * @param nrToScan objects to scan, or 0 to count
     */
    long shrink(MmServices mm, int gfp, long nrToScan);
}
