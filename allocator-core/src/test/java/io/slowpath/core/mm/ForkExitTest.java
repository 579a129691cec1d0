package io.slowpath.core.mm;

import static io.slowpath.api.ZoneStatItem.NR_ANON_PAGES;
import static io.slowpath.api.ZoneStatItem.NR_KERNEL_STACK;
import static io.slowpath.api.ZoneStatItem.NR_PAGE_TABLE_PAGES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.slowpath.api.Gfp;
import io.slowpath.api.VmEvent;
import io.slowpath.core.zone.MachineSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForkExitTest {
    private final MmFixture f = new MmFixture();

    @Test
    void forkSharesAnonymousPagesCopyOnWriteAndBothExitsFreeEverything() {
        long free0 = f.free();
        Task parent = f.mm.spawn(100, "parent", 1000, 0);
        long start = f.mm.mmap(parent, 600, VmaKind.ANON);
        for (int i = 0; i < 600; i++) {
            f.mm.touch(parent, start + i, true);
        }
        long beforeFork = f.free();
        Task child = f.mm.fork(parent, 101);
        assertNotNull(child);
        assertEquals(100, child.ppid());
        assertEquals(child, f.kernel.task(101));
        // The child counts every shared page in its own MM_ANONPAGES, and gets its own two PTE pages and stack.
        assertEquals(600, child.anonRss());
        assertEquals(600, parent.anonRss());
        assertEquals(2, child.nrPtes());
        assertEquals(600, child.totalVm());
        assertEquals(600, f.stat(NR_ANON_PAGES), "shared pages are counted once per zone");
        assertEquals(4, f.stat(NR_PAGE_TABLE_PAGES));
        assertEquals(2, f.stat(NR_KERNEL_STACK));
        assertEquals(beforeFork - 2 - 2, f.free(), "fork allocated a stack and two PTE pages, no user page");
        long shared = f.mm.pfnAt(parent, start);
        assertEquals(shared, f.mm.pfnAt(child, start));
        assertEquals(2, f.mm.pages().mapcount(shared));
        assertEquals(List.of(100, 101), f.mapperPids(shared));
        f.check();

        // A write by the child to a shared page copies it.
        long faults = f.event(VmEvent.PGFAULT);
        assertEquals(Fault.MINOR, f.mm.touch(child, start, true));
        assertEquals(faults + 1, f.event(VmEvent.PGFAULT));
        long copy = f.mm.pfnAt(child, start);
        assertNotEquals(shared, copy);
        assertEquals(601, f.stat(NR_ANON_PAGES));
        assertEquals(600, child.anonRss());
        assertEquals(600, parent.anonRss());
        assertEquals(1, f.mm.pages().mapcount(shared));
        assertEquals(f.mm.anonVmaOf(child), f.mm.pages().owner(copy));
        assertEquals(start, f.mm.pages().index(copy));
        f.check();

        // The parent, now the page's only mapper, reuses it: a fault (the entry is write-protected) but no copy.
        long free1 = f.free();
        assertEquals(Fault.MINOR, f.mm.touch(parent, start, true));
        assertEquals(shared, f.mm.pfnAt(parent, start));
        assertEquals(free1, f.free());
        assertEquals(Fault.NONE, f.mm.touch(parent, start + 1, false), "reads of shared pages do not fault");
        f.check();

        f.mm.exit(parent);
        assertEquals(600, f.stat(NR_ANON_PAGES), "599 pages still shared with the child plus the child's copy");
        assertEquals(1, f.mm.pages().mapcount(f.mm.pfnAt(child, start + 1)));
        f.check();
        // With the parent gone the child's pages are its own: a write reuses them.
        long free2 = f.free();
        f.mm.touch(child, start + 1, true);
        assertEquals(free2, f.free());
        f.mm.exit(child);
        assertEquals(free0, f.free());
        assertEquals(0, f.stat(NR_ANON_PAGES) + f.stat(NR_PAGE_TABLE_PAGES) + f.stat(NR_KERNEL_STACK));
        assertEquals(f.hookCount("added"), f.hookCount("removed"));
        f.check();
    }

    @Test
    void grandchildrenFindPagesThroughTheAnonVmaChain() {
        Task a = f.mm.spawn(100, "a", 0, 0);
        long start = f.mm.mmap(a, 8, VmaKind.ANON);
        f.mm.touch(a, start, true);
        Task b = f.mm.fork(a, 101);
        Task c = f.mm.fork(b, 102);
        long pfn = f.mm.pfnAt(a, start);
        assertEquals(3, f.mm.pages().mapcount(pfn));
        assertEquals(List.of(100, 101, 102), f.mapperPids(pfn));
        int anonVmaOfA = f.mm.anonVmaOf(a);
        f.mm.exit(a);
        assertEquals(List.of(101, 102), f.mapperPids(pfn), "the page outlives its creator's mm");
        assertEquals(anonVmaOfA, f.mm.pages().owner(pfn));
        f.mm.exit(b);
        f.mm.exit(c);
        f.check();
    }

    @Test
    void aFailedForkFreesWhatItAllocated() {
        MmFixture g = new MmFixture(MachineSettings.defaults(1), MmConfig.defaults(), 2);
        Task parent = g.mm.spawn(100, "parent", 0, 0);
        // One page in each of 300 PTE pages: the child will need 300 page tables.
        long start = g.mm.mmap(parent, 300 * 512, VmaKind.ANON);
        for (int i = 0; i < 300; i++) {
            g.mm.touch(parent, start + i * 512L, true);
        }
        // Leave about 100 pages above the min watermark.
        long target = g.zone.minWatermark() + 100;
        while (g.free() > target) {
            assertTrue(g.mm.allocSlab(parent, Gfp.GFP_KERNEL, 0) >= 0);
        }
        g.check();
        long stacks = g.stat(NR_KERNEL_STACK);
        long tables = g.stat(NR_PAGE_TABLE_PAGES);
        long free = g.free();
        assertNull(g.mm.fork(parent, 101), "fork returns -ENOMEM when a page table cannot be had");
        assertNull(g.kernel.task(101));
        assertEquals(stacks, g.stat(NR_KERNEL_STACK), "the child's stack was freed again");
        assertEquals(tables, g.stat(NR_PAGE_TABLE_PAGES), "the child's page tables were freed again");
        assertEquals(free, g.free());
        assertEquals(1, g.mm.pages().mapcount(g.mm.pfnAt(parent, start)), "the child's mappings were undone");
        assertEquals(300, parent.anonRss());
        assertEquals(300, parent.nrPtes());
        g.check();
        assertTrue(g.mm.hasAddressSpace(parent));
        assertEquals(List.of(parent), g.mm.tasks());
    }
}
