package io.slowpath.core.mm;

import static io.slowpath.api.ZoneStatItem.NR_DIRTIED;
import static io.slowpath.api.ZoneStatItem.NR_DIRTY;
import static io.slowpath.api.ZoneStatItem.NR_FILE_PAGES;
import static io.slowpath.api.ZoneStatItem.NR_MAPPED;
import static io.slowpath.api.ZoneStatItem.NR_WRITEBACK;
import static io.slowpath.api.ZoneStatItem.NR_WRITTEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.slowpath.api.MigrateType;
import io.slowpath.api.VmEvent;
import io.slowpath.api.ZoneStatItem;
import io.slowpath.core.zone.MachineSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

class PageCacheTest {
    private final MmFixture f = new MmFixture();
    private final Task t = f.mm.spawn(1000, "reader", 1000, 0);
    private final int file = f.mm.createFile(16);

    @Test
    void aReadMissAllocatesAndReadsAHitOnlyMarksThePageAccessed() {
        long free0 = f.free();
        long clock0 = f.kernel.clock().now();
        assertEquals(PageCacheResult.MISS, f.mm.readFile(t, file, 3));
        long pfn = f.mm.pageCachePfn(file, 3);
        assertTrue(f.mm.pages().isFile(pfn));
        assertEquals(file, f.mm.pages().owner(pfn));
        assertEquals(3, f.mm.pages().index(pfn));
        assertFalse(f.mm.pages().test(pfn, PageFlags.PG_ACTIVE), "page cache starts on the inactive list");
        assertEquals(MigrateType.MOVABLE.index(), f.zone.freeArea().pageblockMigratetype((int) pfn));
        assertEquals(1, f.stat(NR_FILE_PAGES));
        assertEquals(0, f.stat(NR_MAPPED));
        assertEquals(4, f.event(VmEvent.PGPGIN), "4 KiB read");
        assertEquals(0, f.event(VmEvent.PGFAULT) + f.event(VmEvent.PGMAJFAULT), "read() is not a fault");
        assertEquals(f.kernel.services().costs().fileReadIoNs(), f.kernel.clock().now() - clock0);
        assertEquals(List.of("added " + pfn, "accessed " + pfn), f.hooks);
        assertEquals(free0 - 1, f.free());
        assertEquals(0, t.fileRss(), "read() maps nothing");
        f.check();

        assertEquals(PageCacheResult.HIT, f.mm.readFile(t, file, 3));
        assertEquals(1, f.stat(NR_FILE_PAGES));
        assertEquals(4, f.event(VmEvent.PGPGIN));
        assertEquals(List.of("added " + pfn, "accessed " + pfn, "accessed " + pfn), f.hooks);
        assertEquals(free0 - 1, f.free());
        assertThrows(IllegalArgumentException.class, () -> f.mm.readFile(t, file, 16));
        f.check();
    }

    @Test
    void streamingARangeDoesWhatOneReadOrWriteAPageDoes() {
        for (boolean write : new boolean[] {false, true}) {
            MmFixture one = new MmFixture();
            MmFixture range = new MmFixture();
            Task a = one.mm.spawn(1000, "reader", 1000, 0);
            Task b = range.mm.spawn(1000, "reader", 1000, 0);
            // 260 pages: runs of misses longer than a per-CPU batch and than one allocation run, cut by two hits.
            int fa = one.mm.createFile(300);
            int fb = range.mm.createFile(300);
            for (long cached : new long[] {5, 100}) {
                one.mm.readFile(a, fa, cached);
                range.mm.readFile(b, fb, cached);
            }
            for (long off = 2; off < 262; off++) {
                assertTrue(write ? one.mm.writeFile(a, fa, off) != PageCacheResult.ENOMEM
                    : one.mm.readFile(a, fa, off) != PageCacheResult.ENOMEM);
            }
            assertEquals(260, range.mm.streamFile(b, fb, 2, 260, write));
            assertEquals(one.hooks, range.hooks, "the same hook calls on the same pages, in the same order");
            for (long off = 0; off < 300; off++) {
                assertEquals(one.mm.pageCachePfn(fa, off), range.mm.pageCachePfn(fb, off), "page at offset " + off);
            }
            for (VmEvent e : VmEvent.values()) {
                assertEquals(one.event(e), range.event(e), e.procName());
            }
            for (ZoneStatItem item : ZoneStatItem.values()) {
                assertEquals(one.stat(item), range.stat(item), item.name());
            }
            assertEquals(one.kernel.clock().now(), range.kernel.clock().now(), "simulated time");
            range.check();
        }
    }

    @Test
    void streamingStopsAtThePageThatFindsNoMemoryAndLeavesTheRestUnread() {
        MmFixture g = new MmFixture(MachineSettings.defaults(1), MmConfig.defaults(), 2);
        Task r = g.mm.spawn(1000, "reader", 1000, 0);
        int big = g.mm.createFile(100_000);
        int done = g.mm.streamFile(r, big, 0, 100_000, false);
        assertTrue(done > 0 && done < 100_000, "memory runs out part way: " + done);
        for (long off = 0; off < done; off++) {
            assertTrue(g.mm.pageCachePfn(big, off) >= 0, "read before the stop: " + off);
        }
        for (long off = done; off < 100_000; off++) {
            assertEquals(-1, g.mm.pageCachePfn(big, off), "not read after the stop: " + off);
        }
        assertEquals(PageCacheResult.ENOMEM, g.mm.readFile(r, big, done), "the page it stopped at fails on its own too");
        assertEquals(0, g.mm.streamFile(r, big, done, 0, false), "an empty range reads nothing");
        assertThrows(IllegalArgumentException.class, () -> g.mm.streamFile(r, big, 99_999, 2, false),
            "a range running past the end of the file is refused before anything is read");
        assertEquals(-1, g.mm.pageCachePfn(big, 99_999));
        g.check();
    }

    @Test
    void faultsOnASharedFileMappingAreMajorOnAMissAndMinorOnAHit() {
        f.mm.readFile(t, file, 0);
        long start = f.mm.mmapFile(t, file, 0, 4);
        assertEquals(4, t.totalVm());
        assertEquals(Fault.MINOR, f.mm.touch(t, start, false), "cached by the read");
        assertEquals(Fault.MAJOR, f.mm.touch(t, start + 1, false));
        assertEquals(1, f.event(VmEvent.PGMAJFAULT));
        assertEquals(2, t.fileRss());
        assertEquals(0, t.anonRss());
        assertEquals(2, f.stat(NR_FILE_PAGES));
        assertEquals(2, f.stat(NR_MAPPED));
        long p1 = f.mm.pfnAt(t, start + 1);
        assertEquals(1, f.mm.pages().mapcount(p1));
        f.check();

        // fork does not copy shared file mappings: the child faults them in again, from the cache.
        Task child = f.mm.fork(t, 1001);
        assertEquals(0, child.fileRss());
        assertEquals(4, child.totalVm());
        assertEquals(Fault.MINOR, f.mm.touch(child, start + 1, false));
        assertEquals(p1, f.mm.pfnAt(child, start + 1));
        assertEquals(2, f.mm.pages().mapcount(p1));
        assertEquals(2, f.stat(NR_MAPPED), "NR_FILE_MAPPED counts pages, not mappings");
        assertEquals(List.of(1000, 1001), f.mapperPids(p1));
        f.check();

        // A write to the read-only entry dirties the page.
        assertEquals(Fault.MINOR, f.mm.touch(t, start + 1, true));
        assertTrue(f.mm.pages().isDirty(p1));
        assertEquals(1, f.stat(NR_DIRTY));
        assertEquals(1, f.stat(NR_DIRTIED));
        assertEquals(Fault.NONE, f.mm.touch(t, start + 1, true));
        f.check();

        long accessed = f.hookCount("accessed");
        f.mm.munmap(t, start, 4);
        assertEquals(0, t.fileRss());
        assertEquals(2, f.stat(NR_FILE_PAGES), "unmapping leaves the pages cached");
        assertEquals(1, f.stat(NR_MAPPED), "the child still maps offset 1");
        assertEquals(accessed + 2, f.hookCount("accessed"), "zap_pte_range marks young file pages accessed");
        f.check();
        f.mm.exit(child);
        assertEquals(0, f.stat(NR_MAPPED));
        assertEquals(2, f.mm.pageCachePages());
        f.check();
    }

    @Test
    void aDirtyPageIsWrittenBackBeforeItCanBeDropped() {
        assertEquals(PageCacheResult.MISS, f.mm.writeFile(t, file, 5));
        assertEquals(0, f.event(VmEvent.PGPGIN), "a whole-page write reads nothing");
        long pfn = f.mm.pageCachePfn(file, 5);
        assertEquals(1, f.stat(NR_DIRTY));
        assertFalse(f.mm.removeFilePage(pfn), "dirty: reclaim must write it first");
        f.mm.startWriteback(pfn);
        assertEquals(0, f.stat(NR_DIRTY));
        assertEquals(1, f.stat(NR_WRITEBACK));
        assertEquals(4, f.event(VmEvent.PGPGOUT));
        assertThrows(IllegalStateException.class, () -> f.mm.removeFilePage(pfn));
        f.check();
        f.mm.endWriteback(pfn);
        assertEquals(0, f.stat(NR_WRITEBACK));
        assertEquals(1, f.stat(NR_WRITTEN));
        long free0 = f.free();
        assertTrue(f.mm.removeFilePage(pfn));
        assertEquals(0, f.stat(NR_FILE_PAGES));
        assertEquals(-1, f.mm.pageCachePfn(file, 5));
        assertEquals(free0 + 1, f.free());
        f.check();
        assertEquals(PageCacheResult.MISS, f.mm.readFile(t, file, 5), "gone from the cache");
    }

    @Test
    void droppingAMappedCleanPageUnmapsItEverywhere() {
        long start = f.mm.mmapFile(t, file, 8, 8);
        f.mm.touch(t, start, false);
        long pfn = f.mm.pfnAt(t, start);
        assertEquals(8, f.mm.pages().index(pfn), "the VMA maps the file from offset 8");
        assertTrue(f.mm.removeFilePage(pfn));
        assertEquals(0, t.fileRss());
        assertEquals(0, f.stat(NR_MAPPED));
        assertEquals(-1, f.mm.pfnAt(t, start));
        f.check();
        assertEquals(Fault.MAJOR, f.mm.touch(t, start, false), "read in again");
        f.check();
    }

    @Test
    void aDirtyMappingIsFoundWhenTheFileIsWrittenBack() {
        long start = f.mm.mmapFile(t, file, 0, 2);
        f.mm.touch(t, start, true);
        long pfn = f.mm.pfnAt(t, start);
        f.mm.startWriteback(pfn);
        f.mm.endWriteback(pfn);
        assertFalse(f.mm.pages().isDirty(pfn));
        assertEquals(Fault.MINOR, f.mm.touch(t, start, true), "page_mkclean write-protected the entry");
        assertTrue(f.mm.pages().isDirty(pfn));
        assertEquals(2, f.stat(NR_DIRTIED));
        f.check();
    }
}
