package io.slowpath.core.mm;

import io.slowpath.api.VmEvent;
import io.slowpath.api.ZoneStatItem;
import io.slowpath.core.zone.Zone;

/**
 * What reclaim and compaction do to one page, as mechanics their policies call: swap an anonymous page out, drop a
 * clean page-cache page, dirty and write back a page-cache page, migrate a page. Each acts on behalf of the task
 * running now (kswapd or a task in direct reclaim) and counts on its CPU.
 *
 * <p>Hooks: pages the reclaim policy itself frees here ({@link #swapOut}, {@link #removeFilePage}) are not reported
 * through {@code pageRemoved}: the policy isolated them. A migration reports {@code pageRemoved(old)} and
 * {@code pageAdded(new)}, so the reclaim policy's lists follow compaction.
 */
final class PageMechanics {
    private final MmCore c;
    private final Rmap rmap;

    PageMechanics(MmCore c, Rmap rmap) {
        this.c = c;
        this.rmap = rmap;
    }

    /**
     * Models mm/vmscan.c: shrink_page_list for an anonymous page, in one step: add_to_swap (a slot for the page, or
     * the slot of its swap-cache entry), try_to_unmap (every entry becomes the swap entry: MM_ANONPAGES--,
     * MM_SWAPENTS++ per mapping), pageout (pswpout, pgpgout) and the free once written. The write latency is the
     * caller's to charge. Accessed bits are ignored ({@code TTU_IGNORE_ACCESS}): call {@link Rmap#referenced} first,
     * as page_check_references does.
     *
     * @return false when the swap device is full (the page is untouched)
     */
    boolean swapOut(long pfn) {
        requireKind(pfn, PageFlags.KIND_ANON, "swap out");
        if (c.pages.test(pfn, PageFlags.PG_HEAD) || c.pages.test(pfn, PageFlags.PG_TAIL)) {
            throw new IllegalStateException("pfn " + pfn + " is part of a transparent huge page: split it first");
        }
        requireNoWriteback(pfn);
        int maps = c.pages.mapcount(pfn);
        if (maps == 0) {
            throw new IllegalStateException("anonymous pfn " + pfn + " is not mapped");
        }
        int slot = c.currentSlot();
        boolean cached = c.pages.test(pfn, PageFlags.PG_SWAPCACHE);
        int s = cached ? (int) c.swapCacheSlot.get(pfn) : c.swap.allocate(c.pages.owner(pfn), c.pages.index(pfn));
        if (s < 0) {
            return false;
        }
        int[] unmapped = {0};
        rmap.walk(pfn, (mm, vpage, e) -> {
            mm.ptes.put(vpage, Pte.swap(s));
            c.swap.dup(s);
            mm.task.anonRss--;
            mm.task.swapEntries++;
            unmapped[0]++;
        });
        if (unmapped[0] != maps) {
            throw new IllegalStateException("pfn " + pfn + " has mapcount " + maps + " but the reverse map found "
                + unmapped[0] + " mappings");
        }
        c.pages.addMapcount(pfn, -maps);
        c.stat(slot, pfn, ZoneStatItem.NR_ANON_PAGES, -1);
        if (cached) {
            c.deleteFromSwapCache(slot, pfn);
        }
        c.event(slot, VmEvent.PSWPOUT, 1);
        c.event(slot, VmEvent.PGPGOUT, MmCore.KIB_PER_PAGE);
        c.free(slot, pfn, 0, true);
        return true;
    }

    /**
     * Models mm/vmscan.c: shrink_page_list for a page-cache page: try_to_unmap every mapping (MM_FILEPAGES--, a
     * dirty entry dirties the page), then __remove_mapping of a clean page (NR_FILE_PAGES--) and the free.
     *
     * @return true when the page was freed; false when it is dirty (it stays cached, now unmapped)
     */
    boolean removeFilePage(long pfn) {
        requireKind(pfn, PageFlags.KIND_FILE, "remove from the page cache");
        requireNoWriteback(pfn);
        int slot = c.currentSlot();
        unmapFile(pfn, slot);
        if (c.pages.test(pfn, PageFlags.PG_DIRTY)) {
            return false;
        }
        c.pageCache.remove(c.pages.owner(pfn), c.pages.index(pfn));
        c.stat(slot, pfn, ZoneStatItem.NR_FILE_PAGES, -1);
        c.free(slot, pfn, 0, true);
        return true;
    }

    private void unmapFile(long pfn, int slot) {
        if (c.pages.mapcount(pfn) == 0) {
            return; // shrink_page_list calls try_to_unmap only for a page_mapped page
        }
        rmap.walk(pfn, (mm, vpage, e) -> {
            mm.ptes.remove(vpage);
            mm.task.fileRss--;
            if (Pte.has(e, Pte.DIRTY)) {
                c.setPageDirty(slot, pfn);
            }
            if (c.pages.addMapcount(pfn, -1) == 0) {
                c.stat(slot, pfn, ZoneStatItem.NR_MAPPED, -1);
            }
        });
    }

    /** {@code set_page_dirty} of a page-cache page (NR_FILE_DIRTY, NR_DIRTIED); no-op if already dirty. */
    void markDirty(long pfn) {
        requireKind(pfn, PageFlags.KIND_FILE, "dirty");
        c.setPageDirty(c.currentSlot(), pfn);
    }

    /**
     * Models mm/page-writeback.c: clear_page_dirty_for_io and set_page_writeback (Linux 3.10): the mappings are
     * cleaned and write-protected (page_mkclean), PG_dirty clears (NR_FILE_DIRTY--), PG_writeback sets
     * (NR_WRITEBACK++), and the write is submitted (pgpgout).
     */
    void startWriteback(long pfn) {
        requireKind(pfn, PageFlags.KIND_FILE, "write back");
        requireNoWriteback(pfn);
        int slot = c.currentSlot();
        rmap.walk(pfn, (mm, vpage, e) -> {
            if (Pte.has(e, Pte.DIRTY)) {
                c.setPageDirty(slot, pfn);
            }
            mm.ptes.put(vpage, Pte.clear(e, Pte.DIRTY | Pte.WRITE));
        });
        if (!c.pages.test(pfn, PageFlags.PG_DIRTY)) {
            throw new IllegalStateException("pfn " + pfn + " is clean: nothing to write back");
        }
        c.pages.clearBits(pfn, PageFlags.PG_DIRTY);
        c.stat(slot, pfn, ZoneStatItem.NR_DIRTY, -1);
        c.pages.setBits(pfn, PageFlags.PG_WRITEBACK);
        c.stat(slot, pfn, ZoneStatItem.NR_WRITEBACK, 1);
        c.event(slot, VmEvent.PGPGOUT, MmCore.KIB_PER_PAGE);
    }

    /** {@code end_page_writeback}: PG_writeback clears (NR_WRITEBACK--, NR_WRITTEN++); PG_reclaim is the policy's. */
    void endWriteback(long pfn) {
        requireKind(pfn, PageFlags.KIND_FILE, "end writeback of");
        if (!c.pages.test(pfn, PageFlags.PG_WRITEBACK)) {
            throw new IllegalStateException("pfn " + pfn + " is not under writeback");
        }
        int slot = c.currentSlot();
        c.pages.clearBits(pfn, PageFlags.PG_WRITEBACK);
        c.stat(slot, pfn, ZoneStatItem.NR_WRITEBACK, -1);
        c.stat(slot, pfn, ZoneStatItem.NR_WRITTEN, 1);
    }

    /**
     * Models mm/migrate.c: migrate_page_move_mapping and remove_migration_ptes (Linux 3.10) for one small anonymous
     * or page-cache page: the new page (already allocated, order 0, unused by the model) takes the old one's flags,
     * owner, index and map count; every mapping, the page-cache slot or the swap-cache slot points at it; zone
     * counters move when the zones differ; the old page is freed. Pages under writeback and huge pages are refused
     * (3.10 compaction skips them). Counting pgmigrate_success is the caller's.
     */
    void migrate(long from, long to) {
        int kind = c.pages.kind(from);
        if (kind != PageFlags.KIND_ANON && kind != PageFlags.KIND_FILE) {
            throw new IllegalArgumentException("pfn " + from + " is a " + PageFlags.kindName(kind)
                + " page: only anonymous and page-cache pages migrate");
        }
        if (c.pages.test(from, PageFlags.PG_HEAD) || c.pages.test(from, PageFlags.PG_TAIL)) {
            throw new IllegalArgumentException("pfn " + from + " is part of a transparent huge page");
        }
        requireNoWriteback(from);
        Zone target = c.zoneOf(to);
        if (c.pages.kind(to) != PageFlags.KIND_NONE || target == null
            || target.freeArea().allocatedOrder((int) to) != 0) {
            throw new IllegalArgumentException("target pfn " + to + " must be an allocated order-0 page the model"
                + " does not use");
        }
        int slot = c.currentSlot();
        c.pages.copy(from, to);
        c.pages.clearBits(to, PageFlags.PG_LRU);
        rmap.walk(from, (mm, vpage, e) -> mm.ptes.put(vpage, Pte.withPfn(e, to)));
        if (kind == PageFlags.KIND_FILE) {
            c.pageCache.put(c.file(c.pages.owner(to)), c.pages.index(to), to);
        }
        if (c.pages.test(from, PageFlags.PG_SWAPCACHE)) {
            int s = (int) c.swapCacheSlot.remove(from);
            c.swapCacheSlot.put(to, s);
            c.swap.setCache(s, to);
        }
        if (c.zoneOf(from) != target) {
            moveStats(slot, from, to, kind);
        }
        c.lru.pageRemoved(c.services, from);
        c.free(slot, from, 0, false);
        c.lruAdd(to);
    }

    private void moveStats(int slot, long from, long to, int kind) {
        boolean mapped = c.pages.mapcount(to) > 0;
        if (kind == PageFlags.KIND_ANON) {
            move(slot, from, to, ZoneStatItem.NR_ANON_PAGES, mapped);
            move(slot, from, to, ZoneStatItem.NR_FILE_PAGES, c.pages.test(to, PageFlags.PG_SWAPCACHE));
        } else {
            move(slot, from, to, ZoneStatItem.NR_FILE_PAGES, true);
            move(slot, from, to, ZoneStatItem.NR_MAPPED, mapped);
            move(slot, from, to, ZoneStatItem.NR_DIRTY, c.pages.test(to, PageFlags.PG_DIRTY));
        }
    }

    private void move(int slot, long from, long to, ZoneStatItem item, boolean counted) {
        if (counted) {
            c.stat(slot, from, item, -1);
            c.stat(slot, to, item, 1);
        }
    }

    private void requireKind(long pfn, int kind, String what) {
        if (c.pages.kind(pfn) != kind) {
            throw new IllegalArgumentException("cannot " + what + " pfn " + pfn + ": it is a "
                + PageFlags.kindName(c.pages.kind(pfn)) + " page, not " + PageFlags.kindName(kind));
        }
    }

    private void requireNoWriteback(long pfn) {
        if (c.pages.test(pfn, PageFlags.PG_WRITEBACK)) {
            throw new IllegalStateException("pfn " + pfn + " is under writeback");
        }
    }
}
