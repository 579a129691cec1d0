package io.slowpath.core.mm;

import io.slowpath.api.MigrateType;
import io.slowpath.api.PageOrder;
import io.slowpath.api.compaction.CompactionOps;
import io.slowpath.core.buddy.FreeArea;
import io.slowpath.core.zone.Zone;

/**
 * The compaction mechanics as a policy calls them ({@link CompactionOps}): buddy state and pageblock flags read from
 * the zones' free areas, {@code split_free_page} on them, migration to a target the caller isolated, and the release
 * of unused targets. The free pages taken are tracked so that a target is used or given back exactly once.
 */
final class PolicyCompactionOps implements CompactionOps {
    private static final int MOVABLE = MigrateType.MOVABLE.index();
    private static final int WMARK_LOW = 1;

    private final MmCore c;
    private final PageMechanics mechanics;

    PolicyCompactionOps(MmCore c, PageMechanics mechanics) {
        this.c = c;
        this.mechanics = mechanics;
    }

    @Override
    public int buddyOrder(long pfn) {
        Zone z = c.zoneOf(pfn);
        return z == null ? -1 : z.freeArea().buddyOrder((int) pfn);
    }

    @Override
    public MigrateType pageblockMigratetype(long pfn) {
        return MigrateType.ofIndex(zone(pfn).freeArea().pageblockMigratetype((int) pfn));
    }

    @Override
    public boolean pageblockSkip(long pfn) {
        return zone(pfn).freeArea().pageblockSkip((int) pfn);
    }

    @Override
    public void setPageblockSkip(long pfn) {
        zone(pfn).freeArea().setPageblockSkip((int) pfn, true);
    }

    @Override
    public void clearPageblockSkip(long pfn) {
        zone(pfn).freeArea().setPageblockSkip((int) pfn, false);
    }

    /** Models mm/page_alloc.c: split_free_page and __isolate_free_page (Linux 3.10). */
    @Override
    public int splitFreePage(long pfn) {
        Zone z = c.zoneOf(pfn);
        if (z == null) {
            return 0;
        }
        FreeArea area = z.freeArea();
        int p = (int) pfn;
        int order = area.buddyOrder(p);
        if (order < 0) {
            return 0;
        }
        // Obey watermarks as if the block were being allocated (MIGRATE_ISOLATE is not modelled).
        if (!z.watermarkOk(0, z.watermark(WMARK_LOW) + (1L << order), 0, 0)) {
            return 0;
        }
        if (area.claimFreeBlock(p, order) < 0) {
            return 0;
        }
        int n = 1 << order;
        z.modFreePages(-n);
        if (order >= PageOrder.PAGEBLOCK_ORDER - 1) {
            for (int b = p; b < p + n - 1; b += PageOrder.PAGEBLOCK_NR_PAGES) {
                area.setPageblockMigratetype(b, MOVABLE);
            }
        }
        // set_page_refcounted and split_page: 2^order allocated order-0 pages.
        for (int i = 0; i < n; i++) {
            area.markAllocated(p + i, 0);
        }
        c.compactionFree.set(p, p + n);
        return n;
    }

    /** Models mm/migrate.c: unmap_and_move and __unmap_and_move (Linux 3.10) for compaction's modes. */
    @Override
    public int migratePageTo(long pfn, long target) {
        requireTarget(target);
        int kind = c.pages.kind(pfn);
        if (kind == PageFlags.KIND_NONE && !c.isolated.get(pfn)) {
            return MIGRATEPAGE_SUCCESS; // freed from under us: nothing to move
        }
        if (kind != PageFlags.KIND_ANON && kind != PageFlags.KIND_FILE) {
            throw new IllegalArgumentException("pfn " + pfn + " is a " + PageFlags.kindName(kind)
                + " page: only anonymous and page-cache pages migrate");
        }
        if (c.pages.test(pfn, PageFlags.PG_HEAD) || c.pages.test(pfn, PageFlags.PG_TAIL)) {
            throw new IllegalArgumentException("pfn " + pfn + " is part of a transparent huge page: compaction"
                + " does not isolate those");
        }
        if (!c.isolated.get(pfn)) {
            throw new IllegalArgumentException("pfn " + pfn + " is not isolated from the LRU (isolateLruPage first)");
        }
        // trylock_page fails and direct compaction (PF_MEMALLOC) never sleeps on it; extra references make
        // migrate_page_move_mapping's page_count check fail. Both are -EAGAIN.
        if (c.pages.test(pfn, PageFlags.PG_LOCKED) || c.pins.containsKey(pfn)) {
            return EAGAIN;
        }
        // Only MIGRATE_SYNC waits for writeback; compaction uses MIGRATE_ASYNC or MIGRATE_SYNC_LIGHT.
        if (c.pages.test(pfn, PageFlags.PG_WRITEBACK)) {
            return EBUSY;
        }
        c.compactionFree.clear((int) target);
        mechanics.migrate(pfn, target);
        c.spend(c.costs().pageMigrateNs());
        return MIGRATEPAGE_SUCCESS;
    }

    @Override
    public void releaseFreePage(long pfn) {
        requireTarget(pfn);
        c.compactionFree.clear((int) pfn);
        c.kernel.allocator().freePagesOnSlot(c.currentSlot(), pfn, 0, false);
    }

    private void requireTarget(long pfn) {
        if (pfn < 0 || pfn >= c.pages.maxPfn() || !c.compactionFree.get((int) pfn)) {
            throw new IllegalArgumentException("pfn " + pfn + " is not a free page taken by splitFreePage and still"
                + " unused");
        }
    }

    private Zone zone(long pfn) {
        Zone z = c.zoneOf(pfn);
        if (z == null) {
            throw new IllegalArgumentException("pfn " + pfn + " is not in any zone of this machine");
        }
        return z;
    }
}
