package io.slowpath.core.mm;

import static io.slowpath.api.ZoneStatItem.NR_ANON_PAGES;
import static io.slowpath.api.ZoneStatItem.NR_KERNEL_STACK;
import static io.slowpath.api.ZoneStatItem.NR_PAGE_TABLE_PAGES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.slowpath.api.MigrateType;
import io.slowpath.api.VmEvent;
import org.junit.jupiter.api.Test;

class AnonymousFaultTest {
    private final MmFixture f = new MmFixture();

    @Test
    void spawnAllocatesAnOrderOneKernelStack() {
        long free0 = f.free();
        assertEquals(f.zone.managedPages(), free0, "a freshly booted zone has every managed page free");
        Task t = f.mm.spawn(1000, "worker", 1000, 0);
        assertEquals(1, f.stat(NR_KERNEL_STACK), "NR_KERNEL_STACK counts stacks");
        assertEquals(free0 - 2, f.free(), "THREAD_SIZE is 8 KiB on 3.10 x86_64: two pages");
        long stack = f.mm.kernelStackPfn(t);
        assertEquals(1, f.zone.freeArea().allocatedOrder((int) stack));
        assertEquals(MigrateType.UNMOVABLE.index(), f.zone.freeArea().pageblockMigratetype((int) stack));
        assertEquals(t, f.kernel.task(1000));
        f.check();
    }

    @Test
    void writeFaultsAllocatePagesAndPageTablesAndCountThem() {
        Task t = f.mm.spawn(1000, "worker", 1000, 0);
        long free0 = f.free();
        long start = f.mm.mmap(t, 1000, VmaKind.ANON);
        assertEquals(0, start % 512, "areas start 2 MiB-aligned");
        assertEquals(1000, t.totalVm());
        assertEquals(0, t.anonRss());
        assertEquals(free0, f.free(), "mmap allocates nothing");

        for (int i = 0; i < 1000; i++) {
            assertEquals(Fault.MINOR, f.mm.touch(t, start + i, true));
        }
        // 1000 pages from an aligned start span two 512-entry PTE pages.
        assertEquals(1000, t.anonRss());
        assertEquals(2, t.nrPtes());
        assertEquals(1000, f.stat(NR_ANON_PAGES));
        assertEquals(2, f.stat(NR_PAGE_TABLE_PAGES));
        assertEquals(1000, f.event(VmEvent.PGFAULT));
        assertEquals(free0 - 1000 - 2, f.free());
        assertEquals(1000, f.hookCount("added"));
        long pfn = f.mm.pfnAt(t, start + 7);
        PageMap pages = f.mm.pages();
        assertTrue(pages.isAnon(pfn));
        assertEquals(f.mm.anonVmaOf(t), pages.owner(pfn));
        assertEquals(start + 7, pages.index(pfn));
        assertEquals(1, pages.mapcount(pfn));
        assertTrue(pages.test(pfn, PageFlags.PG_SWAPBACKED | PageFlags.PG_ACTIVE),
            "a new anonymous page heads for the active anon list");
        assertEquals(MigrateType.MOVABLE.index(), f.zone.freeArea().pageblockMigratetype((int) pfn),
            "GFP_HIGHUSER_MOVABLE|__GFP_ZERO is a movable allocation");
        long table = f.mm.pages().kind(pfn) == PageFlags.KIND_ANON ? findTable(start) : -1;
        assertEquals(MigrateType.UNMOVABLE.index(), f.zone.freeArea().pageblockMigratetype((int) table),
            "PGALLOC_GFP is an unmovable allocation");
        assertEquals(1000, f.mm.mappedPfns(t).length);
        f.check();
    }

    private long findTable(long start) {
        for (int p = 0; p < f.mm.pages().maxPfn(); p++) {
            if (f.mm.pages().kind(p) == PageFlags.KIND_PAGETABLE && f.mm.pages().index(p) == start / 512) {
                return p;
            }
        }
        throw new AssertionError("no page table for pmd " + start / 512);
    }

    @Test
    void anAccessThePageTableAllowsIsNoFault() {
        Task t = f.mm.spawn(1000, "worker", 1000, 0);
        long start = f.mm.mmap(t, 4, VmaKind.ANON);
        f.mm.touch(t, start, true);
        assertEquals(Fault.NONE, f.mm.touch(t, start, true));
        assertEquals(Fault.NONE, f.mm.touch(t, start, false));
        assertEquals(1, f.event(VmEvent.PGFAULT));
        assertEquals(1, t.anonRss());
    }

    @Test
    void aReadFaultMapsTheZeroPageAndALaterWriteAllocates() {
        Task t = f.mm.spawn(1000, "worker", 1000, 0);
        long start = f.mm.mmap(t, 4, VmaKind.ANON);
        long free0 = f.free();
        assertEquals(Fault.MINOR, f.mm.touch(t, start, false));
        assertEquals(0, t.anonRss(), "the zero page is not counted in MM_ANONPAGES");
        assertEquals(-1, f.mm.pfnAt(t, start));
        assertEquals(1, t.nrPtes());
        assertEquals(free0 - 1, f.free(), "only the PTE page was allocated");
        assertEquals(Fault.MINOR, f.mm.touch(t, start, true), "a write to the zero page is a do_wp_page fault");
        assertEquals(1, t.anonRss());
        assertEquals(1, f.stat(NR_ANON_PAGES));
        assertEquals(2, f.event(VmEvent.PGFAULT));
        f.check();
    }

    @Test
    void pageReferencedCountsAndClearsTheAccessedBits() {
        Task t = f.mm.spawn(1000, "worker", 1000, 0);
        long start = f.mm.mmap(t, 4, VmaKind.ANON);
        f.mm.touch(t, start, true);
        long pfn = f.mm.pfnAt(t, start);
        assertEquals(1, f.mm.pageReferenced(pfn));
        assertEquals(0, f.mm.pageReferenced(pfn), "the bit was cleared");
        assertEquals(Fault.NONE, f.mm.touch(t, start, false));
        assertEquals(1, f.mm.pageReferenced(pfn));
    }

    @Test
    void touchingOutsideEveryMappingIsSigsegv() {
        Task t = f.mm.spawn(1000, "worker", 1000, 0);
        long start = f.mm.mmap(t, 4, VmaKind.ANON);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.mm.touch(t, start + 4, true));
        assertTrue(e.getMessage().contains("SIGSEGV"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> f.mm.touch(new Task(5, 5, 1, "ghost", 0, 0), 0, true));
    }

    @Test
    void exitFreesEverything() {
        long free0 = f.free();
        Task t = f.mm.spawn(1000, "worker", 1000, 0);
        long start = f.mm.mmap(t, 3000, VmaKind.ANON);
        for (int i = 0; i < 3000; i += 3) {
            f.mm.touch(t, start + i, i % 2 == 0);
        }
        f.check();
        f.mm.exit(t);
        assertTrue(t.hasFlag(io.slowpath.api.mm.TaskView.PF_EXITING));
        assertEquals(null, f.kernel.task(1000));
        assertEquals(0, t.anonRss());
        assertEquals(0, t.nrPtes());
        assertEquals(0, t.totalVm());
        assertEquals(free0, f.free());
        assertEquals(0, f.stat(NR_ANON_PAGES) + f.stat(NR_PAGE_TABLE_PAGES) + f.stat(NR_KERNEL_STACK));
        assertEquals(f.hookCount("added"), f.hookCount("removed"));
        f.check();
    }
}
