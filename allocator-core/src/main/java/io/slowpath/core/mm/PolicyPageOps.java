package io.slowpath.core.mm;

import io.slowpath.api.VmEvent;
import io.slowpath.api.ZoneStatItem;
import io.slowpath.api.mm.PageOps;

/**
 * The page mechanics as a policy calls them ({@link PageOps}): LRU list and isolation accounting around
 * {@link PageMechanics}, the simulated cost of each mechanic, writeback completion on the event loop, and migration
 * targets from the allocator.
 */
final class PolicyPageOps implements PageOps {
    private final MmCore c;
    private final PageMechanics mechanics;
    private final PolicyPageState state;

    PolicyPageOps(MmCore c, PageMechanics mechanics, PolicyPageState state) {
        this.c = c;
        this.mechanics = mechanics;
        this.state = state;
    }

    @Override
    public boolean addToLru(long pfn) {
        int f = c.pages.flags(pfn);
        if ((f & PageFlags.PG_LRU) != 0) {
            return false;
        }
        c.pages.setBits(pfn, PageFlags.PG_LRU);
        c.stat(c.currentSlot(), pfn, lruItem(f), nrPages(f));
        return true;
    }

    @Override
    public boolean deleteFromLru(long pfn) {
        int f = c.pages.flags(pfn);
        if ((f & PageFlags.PG_LRU) == 0) {
            return false;
        }
        c.stat(c.currentSlot(), pfn, lruItem(f), -nrPages(f));
        c.pages.clearBits(pfn, PageFlags.PG_LRU);
        return true;
    }

    @Override
    public boolean isolateLruPage(long pfn) {
        if (!deleteFromLru(pfn)) {
            return false;
        }
        c.isolate(c.currentSlot(), pfn);
        return true;
    }

    @Override
    public void putbackLruPage(long pfn) {
        if (!c.endIsolation(c.currentSlot(), pfn)) {
            throw new IllegalStateException("pfn " + pfn + " is not isolated: nothing to put back");
        }
        addToLru(pfn);
    }

    @Override
    public boolean swapOut(long pfn) {
        return reclaim(pfn, true);
    }

    @Override
    public boolean dropFilePage(long pfn) {
        return reclaim(pfn, false);
    }

    /** Frees a page through a mechanic, taking it off its LRU list first (its isolation ends with the free). */
    private boolean reclaim(long pfn, boolean anon) {
        int f = c.pages.flags(pfn);
        boolean onLru = (f & PageFlags.PG_LRU) != 0;
        ZoneStatItem item = onLru ? lruItem(f) : null;
        boolean freed = anon ? mechanics.swapOut(pfn) : mechanics.removeFilePage(pfn);
        if (!freed) {
            return false;
        }
        if (onLru) {
            c.stat(c.currentSlot(), pfn, item, -1);
        }
        c.spend(c.costs().pageReclaimNs() + (anon ? c.costs().swapOutIoNs() : 0));
        return true;
    }

    @Override
    public long startWriteback(long pfn, Runnable onEnd) {
        mechanics.startWriteback(pfn);
        long at = c.kernel.clock().now() + c.costs().writebackIoNs();
        c.kernel.loop().schedule(at, () -> {
            mechanics.endWriteback(pfn);
            if (onEnd != null) {
                onEnd.run();
            }
        });
        return at;
    }

    @Override
    public long migratePage(long pfn) {
        if (!state.migratable(pfn)) {
            return -1;
        }
        int slot = c.currentSlot();
        long to = c.alloc(c.kernel.current(), MIGRATE_TARGET_GFP, 0);
        if (to < 0) {
            c.event(slot, VmEvent.PGMIGRATE_FAIL, 1);
            return -1;
        }
        mechanics.migrate(pfn, to);
        c.event(slot, VmEvent.PGMIGRATE_SUCCESS, 1);
        c.spend(c.costs().pageMigrateNs());
        return to;
    }

    /** {@code page_lru}: the LRU counter a page with flag word {@code f} counts in while on a list. */
    static ZoneStatItem lruItem(int f) {
        if ((f & PageFlags.PG_UNEVICTABLE) != 0) {
            return ZoneStatItem.NR_UNEVICTABLE;
        }
        boolean active = (f & PageFlags.PG_ACTIVE) != 0;
        if ((f & PageFlags.PG_SWAPBACKED) != 0) {
            return active ? ZoneStatItem.NR_ACTIVE_ANON : ZoneStatItem.NR_INACTIVE_ANON;
        }
        return active ? ZoneStatItem.NR_ACTIVE_FILE : ZoneStatItem.NR_INACTIVE_FILE;
    }

    /** {@code hpage_nr_pages} of a page with flag word {@code f}: 512 for the head of a transparent huge page. */
    private static int nrPages(int f) {
        return (f & PageFlags.PG_HEAD) != 0 && PageFlags.kind(f) == PageFlags.KIND_ANON ? MmCore.HPAGE_PMD_NR : 1;
    }
}
