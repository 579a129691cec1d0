package io.slowpath.core.mm;

import static io.slowpath.api.ZoneStatItem.NR_ANON_PAGES;
import static io.slowpath.api.ZoneStatItem.NR_ANON_TRANSPARENT_HUGEPAGES;
import static io.slowpath.api.ZoneStatItem.NR_PAGE_TABLE_PAGES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.slowpath.api.Gfp;
import io.slowpath.api.VmEvent;
import io.slowpath.core.zone.MachineSettings;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransparentHugePageTest {
    private final MmFixture f = MmFixture.withThp();
    private final Task t = f.mm.spawn(1000, "java", 1000, 0);

    @Test
    void aWriteFaultOnAnAlignedRangeMapsAHugePage() {
        long start = f.mm.mmap(t, 1024, VmaKind.ANON);
        long free0 = f.free();
        assertEquals(Fault.MINOR, f.mm.touch(t, start + 5, true));
        assertEquals(1, f.event(VmEvent.THP_FAULT_ALLOC));
        assertEquals(0, f.event(VmEvent.THP_FAULT_FALLBACK));
        assertEquals(1, f.event(VmEvent.PGFAULT));
        assertEquals(512, t.anonRss(), "MM_ANONPAGES += HPAGE_PMD_NR");
        assertEquals(1, t.nrPtes(), "the deposited page table is counted");
        assertEquals(1, f.stat(NR_ANON_TRANSPARENT_HUGEPAGES));
        assertEquals(0, f.stat(NR_ANON_PAGES), "a huge page is not in NR_ANON_PAGES");
        assertEquals(1, f.stat(NR_PAGE_TABLE_PAGES));
        assertEquals(free0 - 512 - 1, f.free());
        long head = f.mm.pfnAt(t, start);
        assertEquals(0, head % 512);
        assertEquals(head + 5, f.mm.pfnAt(t, start + 5));
        assertEquals(9, f.zone.freeArea().allocatedOrder((int) head));
        assertTrue(f.mm.pages().isHuge(head + 100));
        assertEquals(1, f.hookCount("added"), "one LRU entry for the huge page");
        assertEquals(Fault.NONE, f.mm.touch(t, start + 300, true));
        assertEquals(1, f.mm.pageReferenced(head + 300), "the PMD's accessed bit");
        f.check();

        f.mm.munmap(t, start, 512);
        assertEquals(0, t.anonRss());
        assertEquals(0, t.nrPtes());
        assertEquals(0, f.stat(NR_ANON_TRANSPARENT_HUGEPAGES));
        assertEquals(free0, f.free());
        f.check();
    }

    @Test
    void anUnalignedOrTooSmallRangeGetsSmallPages() {
        long start = f.mm.mmap(t, 100, VmaKind.ANON);
        assertEquals(Fault.MINOR, f.mm.touch(t, start, true));
        assertEquals(1, t.anonRss());
        assertEquals(0, f.event(VmEvent.THP_FAULT_ALLOC) + f.event(VmEvent.THP_FAULT_FALLBACK));
        f.check();
    }

    /** Fills the zone with order-0 slab pages and frees every other one: half the zone free, no order-1 block. */
    private static void fragment(MmFixture g, Task u) {
        List<Long> slabs = new ArrayList<>();
        for (long p; (p = g.mm.allocSlab(u, Gfp.GFP_KERNEL, 0)) >= 0; ) {
            slabs.add(p);
        }
        for (long p : slabs) {
            if (p % 2 == 0) {
                g.mm.freeSlab(u, p);
            }
        }
    }

    @Test
    void theFaultFallsBackToASmallPageWhenNoOrder9BlockCanBeHad() {
        MmFixture g = new MmFixture(MachineSettings.defaults(1).withThp(true), MmConfig.defaults(), 2);
        Task u = g.mm.spawn(1000, "java", 0, 0);
        fragment(g, u);
        long start = g.mm.mmap(u, 512, VmaKind.ANON);
        assertEquals(Fault.MINOR, g.mm.touch(u, start, true));
        assertEquals(0, g.event(VmEvent.THP_FAULT_ALLOC));
        assertEquals(1, g.event(VmEvent.THP_FAULT_FALLBACK));
        assertEquals(0x4352da, g.kernel.lastTrace().gfp(), "the failed attempt was GFP_TRANSHUGE");
        assertEquals(9, g.kernel.lastTrace().order());
        assertTrue(g.kernel.lastTrace().stepNames().contains("S14"), "defrag: it may reclaim");
        assertFalse(g.kernel.lastTrace().stepNames().contains("S15c"), "__GFP_NORETRY: never the OOM killer");
        assertEquals(1, u.anonRss());
        assertEquals(1, u.nrPtes());
        assertEquals(1, g.stat(NR_ANON_PAGES));
        assertEquals(0, g.stat(NR_ANON_TRANSPARENT_HUGEPAGES));
        assertEquals(Fault.MINOR, g.mm.touch(u, start + 1, true), "the PMD now has a page table: small pages");
        assertEquals(1, g.event(VmEvent.THP_FAULT_FALLBACK));
        g.check();
    }

    @Test
    void withoutDefragTheHugePageAttemptDoesNotSleep() {
        MmFixture g = new MmFixture(MachineSettings.defaults(1).withThp(true), new MmConfig(0, false, true), 2);
        Task u = g.mm.spawn(1000, "java", 0, 0);
        fragment(g, u);
        long start = g.mm.mmap(u, 512, VmaKind.ANON);
        assertEquals(Fault.MINOR, g.mm.touch(u, start, true));
        assertEquals(1, g.event(VmEvent.THP_FAULT_FALLBACK));
        assertEquals(0x4352ca, g.kernel.lastTrace().gfp(), "GFP_TRANSHUGE without __GFP_WAIT");
        assertTrue(g.kernel.lastTrace().stepNames().contains("S8"), "!__GFP_WAIT: no reclaim, no compaction");
        assertFalse(g.kernel.lastTrace().stepNames().contains("S14"));
        g.check();
    }

    @Test
    void aReadFaultMapsTheHugeZeroPageAndAWriteThenAllocatesAHugePage() {
        long start = f.mm.mmap(t, 512, VmaKind.ANON);
        assertEquals(Fault.MINOR, f.mm.touch(t, start + 7, false));
        assertEquals(1, f.event(VmEvent.THP_ZERO_PAGE_ALLOC));
        long zero = f.mm.hugeZeroPfn();
        assertTrue(zero >= 0);
        assertEquals(0, t.anonRss());
        assertEquals(1, t.nrPtes());
        assertEquals(-1, f.mm.pfnAt(t, start + 7));
        Task other = f.mm.spawn(1001, "java", 1000, 0);
        long start2 = f.mm.mmap(other, 512, VmaKind.ANON);
        f.mm.touch(other, start2, false);
        assertEquals(1, f.event(VmEvent.THP_ZERO_PAGE_ALLOC), "one huge zero page for everybody");
        f.check();

        assertEquals(Fault.MINOR, f.mm.touch(t, start + 7, true));
        assertEquals(1, f.event(VmEvent.THP_FAULT_ALLOC));
        assertEquals(512, t.anonRss());
        assertEquals(1, t.nrPtes());
        assertEquals(1, f.stat(NR_ANON_TRANSPARENT_HUGEPAGES));
        f.check();

        f.mm.exit(t);
        f.mm.exit(other);
        assertEquals(0, f.mm.pagesInUse() - 512, "only the huge zero page is left, held by its shrinker");
        assertEquals(512, f.mm.shrinkHugeZeroPage());
        assertEquals(-1, f.mm.hugeZeroPfn());
        assertEquals(0, f.mm.pagesInUse());
        f.check();
    }

    @Test
    void aPartialMunmapSplitsTheHugePage() {
        long start = f.mm.mmap(t, 512, VmaKind.ANON);
        f.mm.touch(t, start, true);
        long head = f.mm.pfnAt(t, start);
        f.mm.munmap(t, start + 100, 1);
        assertEquals(1, f.event(VmEvent.THP_SPLIT));
        assertEquals(0, f.stat(NR_ANON_TRANSPARENT_HUGEPAGES));
        assertEquals(511, f.stat(NR_ANON_PAGES));
        assertEquals(511, t.anonRss());
        assertEquals(1, t.nrPtes(), "the deposited table became the PTE page");
        assertFalse(f.mm.pages().isHuge(head));
        assertEquals(0, f.zone.freeArea().allocatedOrder((int) head + 200), "split_page: order-0 blocks");
        assertEquals(1 + 511, f.hookCount("added"), "the tails joined the LRU");
        int split = f.hooks.indexOf("split " + head);
        assertEquals(f.hooks.indexOf("added " + (head + 1)) - 1, split, "the head is split, then its tails join");
        assertEquals(1, f.hookCount("removed"));
        assertEquals(Fault.NONE, f.mm.touch(t, start + 200, true), "the PMD's write bit went to every PTE");
        f.check();
        f.mm.exit(t);
        f.check();
    }

    @Test
    void forkSharesAHugePageAndAWriteCopiesItWhole() {
        long start = f.mm.mmap(t, 512, VmaKind.ANON);
        f.mm.touch(t, start, true);
        long head = f.mm.pfnAt(t, start);
        Task child = f.mm.fork(t, 1001);
        assertEquals(512, child.anonRss());
        assertEquals(1, child.nrPtes());
        assertEquals(2, f.mm.pages().mapcount(head));
        assertEquals(1, f.stat(NR_ANON_TRANSPARENT_HUGEPAGES));
        f.check();

        assertEquals(Fault.MINOR, f.mm.touch(child, start + 3, true));
        assertEquals(2, f.event(VmEvent.THP_FAULT_ALLOC));
        assertNotEquals(head + 3, f.mm.pfnAt(child, start + 3));
        assertEquals(1, f.mm.pages().mapcount(head));
        assertEquals(2, f.stat(NR_ANON_TRANSPARENT_HUGEPAGES));
        assertEquals(512, child.anonRss());
        long free0 = f.free();
        assertEquals(Fault.MINOR, f.mm.touch(t, start, true), "mapped once now: made writable in place");
        assertEquals(free0, f.free());
        f.check();
        f.mm.exit(child);
        f.mm.exit(t);
        f.check();
    }

    @Test
    void swapOutOfAHugePageNeedsASplitFirst() {
        MmFixture g = new MmFixture(MachineSettings.defaults(1).withThp(true), MmConfig.defaults().withSwapPages(600),
            10_000);
        Task u = g.mm.spawn(1000, "java", 0, 0);
        long start = g.mm.mmap(u, 512, VmaKind.ANON);
        g.mm.touch(u, start, true);
        long head = g.mm.pfnAt(u, start);
        assertThrows(IllegalStateException.class, () -> g.mm.swapOut(head));
        g.mm.splitHugePage(head + 17);
        assertTrue(g.mm.swapOut(head + 17));
        assertEquals(511, u.anonRss());
        assertEquals(1, u.swapEntries());
        g.check();
        assertEquals(Fault.MAJOR, g.mm.touch(u, start + 17, true));
        assertEquals(512, u.anonRss());
        g.check();
    }
}
