package io.slowpath.core.mm;

import static io.slowpath.api.ZoneStatItem.NR_ANON_PAGES;
import static io.slowpath.api.ZoneStatItem.NR_PAGE_TABLE_PAGES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class MunmapTest {
    private final MmFixture f = new MmFixture();
    private final Task t = f.mm.spawn(1000, "worker", 1000, 0);

    @Test
    void munmapFreesThePagesAndThePageTablesNoVmaNeedsAnyMore() {
        long start = f.mm.mmap(t, 2048, VmaKind.ANON);
        for (int i = 0; i < 2048; i++) {
            f.mm.touch(t, start + i, true);
        }
        assertEquals(4, t.nrPtes());
        long free0 = f.free();

        // The middle two 2 MiB windows wholly: 1024 pages and their two PTE pages go.
        f.mm.munmap(t, start + 512, 1024);
        assertEquals(1024, t.anonRss());
        assertEquals(1024, t.totalVm());
        assertEquals(2, t.nrPtes());
        assertEquals(1024, f.stat(NR_ANON_PAGES));
        assertEquals(2, f.stat(NR_PAGE_TABLE_PAGES));
        assertEquals(free0 + 1024 + 2, f.free());
        assertEquals(1024, f.hookCount("removed"));
        List<Vma> vmas = f.mm.vmas(t);
        assertEquals(2, vmas.size());
        assertEquals(start, vmas.get(0).start());
        assertEquals(start + 512, vmas.get(0).end());
        assertEquals(start + 1536, vmas.get(1).start());
        assertEquals(-1, f.mm.pfnAt(t, start + 600));
        f.check();

        // Ten pages inside the first window: the window is still covered, its PTE page stays.
        f.mm.munmap(t, start + 100, 10);
        assertEquals(1014, t.anonRss());
        assertEquals(2, t.nrPtes());
        assertEquals(3, f.mm.vmas(t).size());
        f.check();

        // The rest of the first window: now nothing covers it and its PTE page is freed.
        f.mm.munmap(t, start, 512);
        assertEquals(512, t.anonRss());
        assertEquals(1, t.nrPtes());
        assertEquals(512, t.totalVm());
        assertEquals(1, f.mm.vmas(t).size());
        f.check();

        assertThrows(IllegalArgumentException.class, () -> f.mm.touch(t, start + 5, true), "unmapped: SIGSEGV");
    }

    @Test
    void munmapOfSharedPagesOnlyDropsOneMapping() {
        long start = f.mm.mmap(t, 10, VmaKind.ANON);
        for (int i = 0; i < 10; i++) {
            f.mm.touch(t, start + i, true);
        }
        Task child = f.mm.fork(t, 1001);
        long free0 = f.free();
        f.mm.munmap(child, start, 10);
        assertEquals(0, child.anonRss());
        assertEquals(0, child.nrPtes());
        assertEquals(free0 + 1, f.free(), "only the child's PTE page was freed");
        assertEquals(1, f.mm.pages().mapcount(f.mm.pfnAt(t, start)));
        f.check();
    }

    @Test
    void aMappingCanBeRemappedAfterMunmap() {
        long a = f.mm.mmap(t, 100, VmaKind.ANON);
        f.mm.touch(t, a, true);
        f.mm.munmap(t, a, 100);
        long b = f.mm.mmap(t, 100, VmaKind.ANON);
        assertEquals(Fault.MINOR, f.mm.touch(t, b, true));
        assertEquals(1, t.anonRss());
        assertEquals(100, t.totalVm());
        f.check();
    }
}
