package io.slowpath.core.mm;

import io.slowpath.api.Gfp;
import io.slowpath.api.mm.MmServices;
import io.slowpath.api.reclaim.Shrinker;

/**
 * A reclaimable slab cache with its shrinker (as the dentry and inode caches are, with their 3.10
 * {@code shrink} callback): objects live in order-0 slab pages allocated with {@code GFP_KERNEL | __GFP_RECLAIMABLE}
 * (NR_SLAB_RECLAIMABLE); an object is in use or unused (cached, on the cache's own LRU, freeable). The shrinker frees
 * unused objects, and a slab page goes back to the page allocator once no object needs it.
 *
 * <p>Simplification: objects are taken as packed (the cache holds {@code ceil(objects / objectsPerSlab)} pages), so
 * freeing objects always frees the pages they no longer fill; real slabs are fragmented, and freeing objects frees a
 * page only when all its objects go.
 */
public final class SlabCache implements Shrinker {
    private final MmCore c;
    private final KernelPages kernelPages;
    private final String name;
    private final int objectsPerSlab;
    private final int seeks;
    private final long batch;
    private final boolean needsFs;
    /** Slab pages, newest last. */
    private long[] slabs = new long[16];
    private int nrSlabs;
    private long inUse;
    private long unused;

    SlabCache(MmCore c, KernelPages kernelPages, String name, int objectsPerSlab, int seeks, long batch,
              boolean needsFs) {
        if (objectsPerSlab < 1) {
            throw new IllegalArgumentException("slab cache " + name + ": objects per slab must be at least 1, got "
                + objectsPerSlab);
        }
        if (seeks < 1 || batch < 0) {
            throw new IllegalArgumentException("slab cache " + name + ": seeks must be at least 1 and batch not"
                + " negative, got " + seeks + " and " + batch);
        }
        this.c = c;
        this.kernelPages = kernelPages;
        this.name = name;
        this.objectsPerSlab = objectsPerSlab;
        this.seeks = seeks;
        this.batch = batch;
        this.needsFs = needsFs;
    }

    /** The cache's name. */
    public String name() {
        return name;
    }

    /** Objects in use. */
    public long inUse() {
        return inUse;
    }

    /** Unused (freeable) objects. */
    public long unused() {
        return unused;
    }

    /** Slab pages the cache holds. */
    public long pages() {
        return nrSlabs;
    }

    /**
     * Allocates {@code n} objects in use for {@code t}, taking slab pages from the page allocator as needed (each
     * allocation may enter the slow path and reclaim).
     *
     * @return the objects allocated: fewer than {@code n} when a slab page could not be had
     */
    public long alloc(Task t, long n) {
        long done = 0;
        while (done < n) {
            if (inUse + unused >= (long) nrSlabs * objectsPerSlab) {
                long pfn = kernelPages.allocSlab(t, Gfp.GFP_KERNEL | Gfp.__GFP_RECLAIMABLE, 0);
                if (pfn < 0) {
                    break;
                }
                if (nrSlabs == slabs.length) {
                    slabs = java.util.Arrays.copyOf(slabs, nrSlabs * 2);
                }
                slabs[nrSlabs++] = pfn;
            }
            inUse++;
            done++;
        }
        return done;
    }

    /** {@code n} objects in use become unused: cached and freeable by the shrinker (e.g. a dentry's last dput). */
    public void release(long n) {
        if (n < 0 || n > inUse) {
            throw new IllegalArgumentException("slab cache " + name + ": cannot release " + n + " of " + inUse
                + " objects in use");
        }
        inUse -= n;
        unused += n;
    }

    @Override
    public int seeks() {
        return seeks;
    }

    @Override
    public long batch() {
        return batch;
    }

    /**
     * The 3.10 shrinker callback: with {@code nrToScan} 0 the unused objects; otherwise frees up to {@code nrToScan}
     * of them (and the slab pages they no longer fill) and returns the unused left; -1 without {@code __GFP_FS} for a
     * filesystem cache.
     */
    @Override
    public long shrink(MmServices mm, int gfp, long nrToScan) {
        if (nrToScan == 0) {
            return unused;
        }
        if (needsFs && (gfp & Gfp.__GFP_FS) == 0) {
            return -1;
        }
        long k = Math.min(nrToScan, unused);
        unused -= k;
        long objects = inUse + unused;
        int slot = c.currentSlot();
        while (nrSlabs > 0 && (long) (nrSlabs - 1) * objectsPerSlab >= objects) {
            kernelPages.freeSlab(slot, slabs[--nrSlabs]);
        }
        return unused;
    }

    @Override
    public String toString() {
        return "slab cache " + name + " (" + inUse + " in use, " + unused + " unused, " + nrSlabs + " pages)";
    }
}
