package io.slowpath.core.mm;

import io.slowpath.api.VmEvent;
import io.slowpath.api.ZoneStatItem;

/**
 * The page cache: lookups by (file, offset), adding pages, and the {@code read()} and {@code write()} paths of
 * mm/filemap.c (Linux 3.10) for one page.
 */
final class PageCacheOps {
    private final MmCore c;
    /** The pfns of one run of read misses (readMissRun): at most a FileStream batch's worth at a time. */
    private final int[] runPfns = new int[64];

    PageCacheOps(MmCore c) {
        this.c = c;
    }

    /**
     * Models mm/filemap.c: add_to_page_cache_lru (Linux 3.10) after the allocation: the page joins the file's cache
     * (NR_FILE_PAGES++) and the inactive file list; {@code read} then reads it from disk (pgpgin in KiB, the
     * file-read latency).
     *
     * @return the pfn, or -1 when the allocation failed
     */
    static long addToPageCache(MmCore c, Task t, FileMapping f, long offset, int gfp, boolean read) {
        long pfn = c.alloc(t, gfp, 0);
        if (pfn < 0) {
            return -1;
        }
        insert(c, t, f, offset, pfn, read);
        return pfn;
    }

    /** The part of {@link #addToPageCache} after the allocation. */
    private static void insert(MmCore c, Task t, FileMapping f, long offset, long pfn, boolean read) {
        c.pages.set(pfn, PageFlags.KIND_FILE, PageFlags.PG_UPTODATE, f.id, (int) offset, 0);
        c.pageCache.put(f, offset, pfn);
        c.stat(t.cpu(), pfn, ZoneStatItem.NR_FILE_PAGES, 1);
        c.lruAdd(pfn);
        if (read) {
            c.event(t.cpu(), VmEvent.PGPGIN, MmCore.KIB_PER_PAGE);
            c.spend(c.costs().fileReadIoNs());
        }
    }

    /**
     * Models mm/filemap.c: do_generic_file_read (Linux 3.10) for one page: a hit is marked accessed; a miss allocates
     * with page_cache_alloc_cold (0x201da), adds and reads the page, and then marks it accessed too (as the kernel
     * does for every page a read copies out).
     */
    PageCacheResult read(Task t, int fileId, long offset) {
        return read(t, checked(fileId, offset), offset);
    }

    /** {@link #read(Task, int, long)} of a page {@code offset} already checked to lie inside {@code f}. */
    PageCacheResult read(Task t, FileMapping f, long offset) {
        long pfn = f.pages.get(offset);
        PageCacheResult result = PageCacheResult.HIT;
        if (pfn < 0) {
            pfn = addToPageCache(c, t, f, offset, MmCore.GFP_PAGECACHE_COLD, true);
            if (pfn < 0) {
                return PageCacheResult.ENOMEM;
            }
            result = PageCacheResult.MISS;
        }
        c.lru.pageAccessed(c.services, pfn);
        return result;
    }

    /**
     * Models mm/filemap.c: generic_perform_write (Linux 3.10) of one whole page: grab_cache_page_write_begin
     * allocates a missing page with GFP_HIGHUSER_MOVABLE|__GFP_WRITE (0x10200da, no read for a full-page write);
     * the page is marked accessed and dirtied (NR_FILE_DIRTY, NR_DIRTIED).
     */
    PageCacheResult write(Task t, int fileId, long offset) {
        return write(t, checked(fileId, offset), offset);
    }

    /** {@link #write(Task, int, long)} of a page {@code offset} already checked to lie inside {@code f}. */
    PageCacheResult write(Task t, FileMapping f, long offset) {
        long pfn = f.pages.get(offset);
        PageCacheResult result = PageCacheResult.HIT;
        if (pfn < 0) {
            pfn = addToPageCache(c, t, f, offset, MmCore.GFP_PAGECACHE_WRITE, false);
            if (pfn < 0) {
                return PageCacheResult.ENOMEM;
            }
            result = PageCacheResult.MISS;
        }
        c.lru.pageAccessed(c.services, pfn);
        c.setPageDirty(t.cpu(), pfn);
        return result;
    }

    /**
     * {@code count} single-page reads (or writes) of {@code offset, offset + 1, ...}, each as {@link #read} does it,
     * stopping after the first that fails with ENOMEM or leaves {@code t} with a fatal signal pending.
     *
     * @return the number of pages done before that stop: {@code count} when none stopped the run
     */
    int readOrWriteRange(Task t, int fileId, long offset, int count, boolean write) {
        FileMapping f = checked(fileId, offset);
        if (count > 0) {
            checked(fileId, offset + count - 1);
        }
        int i = 0;
        while (i < count) {
            if (!write) {
                i = readFast(t, f, offset, i, count);
                if (i == count) {
                    break;
                }
            }
            // A write, or a read miss whose allocation needs the slow path: the whole single-page path.
            PageCacheResult r = write ? write(t, f, offset + i) : read(t, f, offset + i);
            if (r == PageCacheResult.ENOMEM || t.fatalSignalPending()) {
                return i;
            }
            i++;
        }
        return count;
    }

    /**
     * The reads of pages {@code from ..} of the range as far as they need no slow path: a hit is marked accessed; a
     * run of misses is allocated first, together, as far as page_cache_alloc_cold takes the allocator's fast path,
     * then each page is added, read and marked accessed in order, as readahead fills its page pool before read_pages
     * adds the pages. The allocator hands out the same pages as one call a page would, since adding a page to the
     * cache and the LRU takes nothing from it; a reclaim policy's hooks see the run's later pages already allocated.
     * Neither can end in ENOMEM or a fatal signal.
     *
     * @return the range index of the first page not read: {@code count}, or a miss whose allocation needs the slow
     *     path (left to the caller's single read, so reclaim sees every earlier page on the LRU)
     */
    private int readFast(Task t, FileMapping f, long offset, int from, int count) {
        int i = from;
        while (i < count) {
            long pfn = f.pages.get(offset + i);
            if (pfn >= 0) {
                c.lru.pageAccessed(c.services, pfn);
                i++;
                continue;
            }
            int misses = 1;
            while (i + misses < count && misses < runPfns.length && f.pages.get(offset + i + misses) < 0) {
                misses++;
            }
            int got = c.allocFast(t, MmCore.GFP_PAGECACHE_COLD, misses, runPfns);
            for (int k = 0; k < got; k++) {
                insert(c, t, f, offset + i + k, runPfns[k], true);
                c.lru.pageAccessed(c.services, runPfns[k]);
            }
            i += got;
            if (got < misses) {
                break;
            }
        }
        return i;
    }

    private FileMapping checked(int fileId, long offset) {
        FileMapping f = c.file(fileId);
        if (offset < 0 || offset >= f.sizePages) {
            throw new IllegalArgumentException("offset " + offset + " is outside file " + fileId + " (0.."
                + (f.sizePages - 1) + ")");
        }
        return f;
    }
}
