package io.slowpath.core.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.slowpath.api.MigrateType;
import io.slowpath.api.PageOrder;
import io.slowpath.api.VmEvent;
import io.slowpath.api.ZoneStatItem;
import io.slowpath.api.compaction.CompactionOps;
import io.slowpath.api.mm.PageOps;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The compaction mechanics against a real kernel: buddy state, skip bits, split_free_page, migration, release. */
class CompactionOpsTest {
    private final MmFixture f = MmFixture.withSwap(16);
    private final Task t = f.mm.spawn(1000, "worker", 1000, 0);
    private final CompactionOps ops = f.kernel.services().compactionOps();
    private final PageOps pageOps = f.kernel.services().pageOps();

    /** The highest free block of order 10 (the zone's end is all free after boot and a small workload). */
    private long topFreeBlock() {
        f.kernel.allocator().drainAllPages();
        long end = f.zone.startPfn() + f.zone.spannedPages();
        for (long pfn = end - 1024; pfn >= f.zone.startPfn(); pfn -= 1024) {
            if (ops.buddyOrder(pfn) == 10) {
                return pfn;
            }
        }
        throw new AssertionError("no free order-10 block");
    }

    @Test
    void buddyOrderIsTheOrderOfAFreeBlockHeadOnly() {
        long top = topFreeBlock();
        assertEquals(10, ops.buddyOrder(top));
        assertEquals(-1, ops.buddyOrder(top + 1), "inside a free block: not PageBuddy");
        assertEquals(-1, ops.buddyOrder(-5 + f.zone.startPfn()), "outside the zone");
        long start = f.mm.mmap(t, 1, VmaKind.ANON);
        f.mm.touch(t, start, true);
        long used = f.mm.pfnAt(t, start);
        assertEquals(-1, ops.buddyOrder(used), "an allocated page");
    }

    @Test
    void skipBitsBelongToWholePageblocks() {
        long top = topFreeBlock();
        assertFalse(ops.pageblockSkip(top));
        ops.setPageblockSkip(top + 17);
        assertTrue(ops.pageblockSkip(top));
        assertTrue(ops.pageblockSkip(top + PageOrder.PAGEBLOCK_NR_PAGES - 1));
        assertFalse(ops.pageblockSkip(top + PageOrder.PAGEBLOCK_NR_PAGES), "the next pageblock");
        ops.clearPageblockSkip(top);
        assertFalse(ops.pageblockSkip(top + 17));
        assertEquals(MigrateType.MOVABLE, ops.pageblockMigratetype(top));
    }

    @Test
    void splitFreePageTakesTheBlockAsSinglePagesAndReleaseGivesThemBack() {
        long top = topFreeBlock();
        long free = f.free();
        long order10 = f.zone.nrFree(10);
        assertEquals(1024, ops.splitFreePage(top));
        assertEquals(free - 1024, f.zone.freePages(), "NR_FREE_PAGES drops by the block");
        assertEquals(order10 - 1, f.zone.nrFree(10));
        assertEquals(-1, ops.buddyOrder(top));
        assertEquals(0, ops.splitFreePage(top), "no longer free");
        assertEquals(MigrateType.MOVABLE, ops.pageblockMigratetype(top));
        assertEquals(MigrateType.MOVABLE, ops.pageblockMigratetype(top + PageOrder.PAGEBLOCK_NR_PAGES));
        List<String> audit = f.mm.audit();
        assertFalse(audit.isEmpty(), "the audit reports taken pages not given back");
        assertEquals("pfn " + top + " was taken by splitFreePage and never used nor released", audit.get(0));
        for (long p = top; p < top + 1024; p++) {
            ops.releaseFreePage(p);
        }
        assertThrows(IllegalArgumentException.class, () -> ops.releaseFreePage(top), "released once only");
        assertEquals(free, f.free());
        assertEquals(order10, f.zone.nrFree(10), "the pages merged back into the order-10 block");
        f.check();
    }

    @Test
    void splitFreePageObeysTheLowWatermarkPlusTheBlock() {
        long low = f.zone.lowWatermark();
        // Fill the zone until only a little more than low + 1024 pages stay free.
        long start = f.mm.mmap(t, f.zone.managedPages(), VmaKind.ANON);
        long v = 0;
        while (f.free() > low + 1024 + 64) {
            f.mm.touch(t, start + v++, true);
        }
        long top = topFreeBlock();
        // free - 1 > low + 1024 still passes; take pages until it no longer does.
        while (f.free() > low + 1024) {
            f.mm.touch(t, start + v++, true);
        }
        long top2 = topFreeBlock();
        assertEquals(top, top2);
        assertEquals(0, ops.splitFreePage(top2), "zone_watermark_ok(zone, 0, low + 1024) fails: nothing taken");
        assertEquals(10, ops.buddyOrder(top2));
        f.check();
    }

    @Test
    void migrationMovesContentsOwnerMappingsAndLruToTheChosenTarget() {
        long start = f.mm.mmap(t, 4, VmaKind.ANON);
        for (int i = 0; i < 4; i++) {
            f.mm.touch(t, start + i, true);
        }
        Task child = f.mm.fork(t, 1001);
        long from = f.mm.pfnAt(t, start + 2);
        int owner = f.mm.pages().owner(from);
        assertTrue(pageOps.addToLru(from));
        assertTrue(pageOps.isolateLruPage(from));
        assertEquals(1, f.stat(ZoneStatItem.NR_ISOLATED_ANON));
        long top = topFreeBlock();
        ops.splitFreePage(top);
        long target = top + 1023;
        f.hooks.clear();
        assertEquals(CompactionOps.MIGRATEPAGE_SUCCESS, ops.migratePageTo(from, target));
        assertEquals(target, f.mm.pfnAt(t, start + 2));
        assertEquals(target, f.mm.pfnAt(child, start + 2));
        assertEquals(owner, f.mm.pages().owner(target));
        assertEquals(List.of(1000, 1001), f.mapperPids(target));
        assertEquals(0, f.stat(ZoneStatItem.NR_ISOLATED_ANON), "isolation ended with the old page");
        assertEquals(List.of("removed " + from, "added " + target), f.hooks, "the reclaim policy's lists follow");
        assertEquals(0, f.event(VmEvent.PGMIGRATE_SUCCESS), "counting is migrate_pages' (the policy's)");
        assertThrows(IllegalArgumentException.class, () -> ops.releaseFreePage(target), "the target is used");
        for (long p = top; p < top + 1023; p++) {
            ops.releaseFreePage(p);
        }
        pageOps.deleteFromLru(target);
        f.check();
    }

    @Test
    void aPageCachePageMovesItsCacheSlot() {
        int file = f.mm.createFile(4);
        f.mm.readFile(t, file, 3);
        long from = f.mm.pageCachePfn(file, 3);
        pageOps.addToLru(from);
        pageOps.isolateLruPage(from);
        long top = topFreeBlock();
        ops.splitFreePage(top);
        assertEquals(CompactionOps.MIGRATEPAGE_SUCCESS, ops.migratePageTo(from, top));
        assertEquals(top, f.mm.pageCachePfn(file, 3), "the page cache finds it at its new pfn");
        for (long p = top + 1; p < top + 1024; p++) {
            ops.releaseFreePage(p);
        }
        pageOps.deleteFromLru(top);
        f.check();
    }

    @Test
    void pinnedLockedAndWritebackPagesDoNotMove() {
        long start = f.mm.mmap(t, 1, VmaKind.ANON);
        f.mm.touch(t, start, true);
        long anon = f.mm.pfnAt(t, start);
        int file = f.mm.createFile(2);
        f.mm.writeFile(t, file, 0);
        long dirty = f.mm.pageCachePfn(file, 0);
        for (long p : new long[] {anon, dirty}) {
            pageOps.addToLru(p);
            pageOps.isolateLruPage(p);
        }
        long top = topFreeBlock();
        ops.splitFreePage(top);

        f.mm.pinPage(anon);
        assertEquals(CompactionOps.EAGAIN, ops.migratePageTo(anon, top), "an extra reference: -EAGAIN");
        f.mm.unpinPage(anon);
        assertThrows(IllegalStateException.class, () -> f.mm.unpinPage(anon));

        f.mm.startWriteback(dirty);
        assertEquals(CompactionOps.EBUSY, ops.migratePageTo(dirty, top), "writeback: -EBUSY outside MIGRATE_SYNC");
        assertEquals(dirty, f.mm.pageCachePfn(file, 0), "nothing moved");
        f.mm.endWriteback(dirty);

        long kstack = f.mm.kernelStackPfn(t);
        assertThrows(IllegalArgumentException.class, () -> ops.migratePageTo(kstack, top), "unmovable");
        assertEquals(CompactionOps.MIGRATEPAGE_SUCCESS, ops.migratePageTo(anon, top), "unpinned it moves");
        for (long p = top + 1; p < top + 1024; p++) {
            ops.releaseFreePage(p);
        }
        pageOps.putbackLruPage(dirty);
        pageOps.deleteFromLru(dirty);
        pageOps.deleteFromLru(top);
        f.check();
    }
}
