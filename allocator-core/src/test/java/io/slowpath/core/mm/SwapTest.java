package io.slowpath.core.mm;

import static io.slowpath.api.ZoneStatItem.NR_ANON_PAGES;
import static io.slowpath.api.ZoneStatItem.NR_FILE_PAGES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.slowpath.api.VmEvent;
import org.junit.jupiter.api.Test;

class SwapTest {
    private final MmFixture f = MmFixture.withSwap(1000);
    private final Task t = f.mm.spawn(1000, "worker", 1000, 0);

    @Test
    void swapOutAndFaultBackRestoreTheContentsAndTheCounters() {
        long start = f.mm.mmap(t, 10, VmaKind.ANON);
        for (int i = 0; i < 10; i++) {
            f.mm.touch(t, start + i, true);
        }
        long pfn = f.mm.pfnAt(t, start + 3);
        int owner = f.mm.pages().owner(pfn);
        long free0 = f.free();

        assertTrue(f.mm.swapOut(pfn));
        assertEquals(9, t.anonRss());
        assertEquals(1, t.swapEntries());
        assertEquals(9, f.stat(NR_ANON_PAGES));
        assertEquals(1, f.event(VmEvent.PSWPOUT));
        assertEquals(4, f.event(VmEvent.PGPGOUT), "one 4 KiB page written");
        assertEquals(999, f.mm.swap().freePages());
        assertEquals(-1, f.mm.pfnAt(t, start + 3));
        int slot = f.mm.swapSlotAt(t, start + 3);
        assertEquals(1, f.mm.swap().count(slot));
        assertEquals(owner, f.mm.swap().owner(slot), "the slot remembers whose page it holds");
        assertEquals(start + 3, f.mm.swap().index(slot));
        assertEquals(PageFlags.KIND_NONE, f.mm.pages().kind(pfn));
        assertEquals(free0 + 1, f.free());
        assertEquals(0, f.hookCount("removed"), "reclaim frees the pages it isolated itself: no pageRemoved");
        f.check();

        long clock0 = f.kernel.clock().now();
        long added = f.hookCount("added");
        assertEquals(Fault.MAJOR, f.mm.touch(t, start + 3, false));
        assertEquals(1, f.event(VmEvent.PGMAJFAULT));
        assertEquals(1, f.event(VmEvent.PSWPIN));
        assertEquals(4, f.event(VmEvent.PGPGIN));
        assertTrue(f.kernel.clock().now() - clock0 >= f.kernel.services().costs().swapInIoNs());
        assertEquals(10, t.anonRss());
        assertEquals(0, t.swapEntries());
        assertEquals(1000, f.mm.swap().freePages(), "the last entry's swap-in released the slot");
        long back = f.mm.pfnAt(t, start + 3);
        assertEquals(owner, f.mm.pages().owner(back), "same owner");
        assertEquals(start + 3, f.mm.pages().index(back), "same index");
        assertFalse(f.mm.pages().test(back, PageFlags.PG_SWAPCACHE | PageFlags.PG_ACTIVE),
            "out of the swap cache, and swap-ins start on the inactive list");
        assertEquals(added + 1, f.hookCount("added"));
        assertEquals(10, f.stat(NR_ANON_PAGES));
        assertEquals(0, f.stat(NR_FILE_PAGES));
        f.check();

        // The read swap-in mapped it read-only: a write is a (reusing) fault.
        long faults = f.event(VmEvent.PGFAULT);
        assertEquals(Fault.MINOR, f.mm.touch(t, start + 3, true));
        assertEquals(faults + 1, f.event(VmEvent.PGFAULT));
        assertEquals(back, f.mm.pfnAt(t, start + 3));
        f.check();
    }

    @Test
    void aSwapEntrySharedAfterForkIsReadOnceThroughTheSwapCache() {
        long start = f.mm.mmap(t, 4, VmaKind.ANON);
        f.mm.touch(t, start, true);
        Task child = f.mm.fork(t, 1001);
        long pfn = f.mm.pfnAt(t, start);
        assertTrue(f.mm.swapOut(pfn), "both mappings become the swap entry");
        int slot = f.mm.swapSlotAt(t, start);
        assertEquals(slot, f.mm.swapSlotAt(child, start));
        assertEquals(2, f.mm.swap().count(slot));
        assertEquals(1, t.swapEntries());
        assertEquals(1, child.swapEntries());
        assertEquals(0, t.anonRss() + child.anonRss());
        f.check();

        assertEquals(Fault.MAJOR, f.mm.touch(t, start, false));
        long cached = f.mm.pfnAt(t, start);
        assertTrue(f.mm.pages().test(cached, PageFlags.PG_SWAPCACHE));
        assertEquals(slot, f.mm.swapSlotOf(cached));
        assertEquals(1, f.mm.swap().count(slot));
        assertEquals(1, f.stat(NR_FILE_PAGES), "swap-cache pages count as file pages");
        f.check();

        assertEquals(Fault.MINOR, f.mm.touch(child, start, false), "a swap-cache hit is minor");
        assertEquals(1, f.event(VmEvent.PGMAJFAULT));
        assertEquals(1, f.event(VmEvent.PSWPIN));
        assertEquals(cached, f.mm.pfnAt(child, start), "both map the one page read");
        assertEquals(2, f.mm.pages().mapcount(cached));
        assertEquals(0, f.stat(NR_FILE_PAGES));
        assertEquals(1000, f.mm.swap().freePages());
        f.check();

        // Still shared: a write copies.
        assertEquals(Fault.MINOR, f.mm.touch(child, start, true));
        assertEquals(2, f.stat(NR_ANON_PAGES));
        f.mm.exit(child);
        f.mm.exit(t);
        f.check();
    }

    @Test
    void swapOutFailsWhenTheDeviceIsFull() {
        MmFixture g = MmFixture.withSwap(2);
        Task u = g.mm.spawn(1000, "worker", 0, 0);
        long start = g.mm.mmap(u, 3, VmaKind.ANON);
        for (int i = 0; i < 3; i++) {
            g.mm.touch(u, start + i, true);
        }
        assertTrue(g.mm.swapOut(g.mm.pfnAt(u, start)));
        assertTrue(g.mm.swapOut(g.mm.pfnAt(u, start + 1)));
        long last = g.mm.pfnAt(u, start + 2);
        assertFalse(g.mm.swapOut(last));
        assertEquals(last, g.mm.pfnAt(u, start + 2), "untouched");
        assertEquals(1, u.anonRss());
        assertEquals(2, u.swapEntries());
        assertEquals(0, g.mm.swap().freePages());
        g.check();
    }

    @Test
    void exitAndMunmapReleaseSwapSlots() {
        long start = f.mm.mmap(t, 8, VmaKind.ANON);
        for (int i = 0; i < 8; i++) {
            f.mm.touch(t, start + i, true);
            assertTrue(f.mm.swapOut(f.mm.pfnAt(t, start + i)));
        }
        assertEquals(8, t.swapEntries());
        f.mm.munmap(t, start, 4);
        assertEquals(4, t.swapEntries());
        assertEquals(996, f.mm.swap().freePages());
        f.check();
        f.mm.exit(t);
        assertEquals(1000, f.mm.swap().freePages());
        f.check();
    }

    @Test
    void onlyAnonymousPagesCanBeSwappedOut() {
        int file = f.mm.createFile(1);
        f.mm.readFile(t, file, 0);
        long pfn = f.mm.pageCachePfn(file, 0);
        assertThrows(IllegalArgumentException.class, () -> f.mm.swapOut(pfn));
        MmFixture noSwap = new MmFixture();
        Task u = noSwap.mm.spawn(1, "init", 0, 0);
        long start = noSwap.mm.mmap(u, 1, VmaKind.ANON);
        noSwap.mm.touch(u, start, true);
        assertFalse(noSwap.mm.swapOut(noSwap.mm.pfnAt(u, start)), "no swap device");
    }
}
