package io.slowpath.core.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.slowpath.api.Gfp;
import java.util.List;
import org.junit.jupiter.api.Test;

class MigrationTest {
    private final MmFixture f = MmFixture.withSwap(10);
    private final Task t = f.mm.spawn(1000, "worker", 1000, 0);

    @Test
    void anAnonymousPageMovesWithEveryMappingAndItsReverseMap() {
        long start = f.mm.mmap(t, 3, VmaKind.ANON);
        for (int i = 0; i < 3; i++) {
            f.mm.touch(t, start + i, true);
        }
        Task child = f.mm.fork(t, 1001);
        long from = f.mm.pfnAt(t, start + 1);
        int owner = f.mm.pages().owner(from);
        long to = f.kernel.allocPages(t, Gfp.GFP_HIGHUSER_MOVABLE, 0);
        f.hooks.clear();
        f.mm.migratePage(from, to);
        assertEquals(to, f.mm.pfnAt(t, start + 1));
        assertEquals(to, f.mm.pfnAt(child, start + 1));
        assertEquals(owner, f.mm.pages().owner(to));
        assertEquals(start + 1, f.mm.pages().index(to));
        assertEquals(2, f.mm.pages().mapcount(to));
        assertEquals(PageFlags.KIND_NONE, f.mm.pages().kind(from));
        assertEquals(List.of("removed " + from, "added " + to), f.hooks);
        assertEquals(List.of(1000, 1001), f.mapperPids(to));
        f.check();
    }

    @Test
    void aPageCachePageAndASwapCachePageMoveTheirCacheSlots() {
        int file = f.mm.createFile(4);
        f.mm.readFile(t, file, 2);
        long from = f.mm.pageCachePfn(file, 2);
        long to = f.kernel.allocPages(t, Gfp.GFP_HIGHUSER_MOVABLE, 0);
        f.mm.migratePage(from, to);
        assertEquals(to, f.mm.pageCachePfn(file, 2));
        f.check();

        long start = f.mm.mmap(t, 1, VmaKind.ANON);
        f.mm.touch(t, start, true);
        Task child = f.mm.fork(t, 1001);
        assertTrue(f.mm.swapOut(f.mm.pfnAt(t, start)));
        f.mm.touch(t, start, false);
        long cached = f.mm.pfnAt(t, start);
        int slot = f.mm.swapSlotOf(cached);
        long dest = f.kernel.allocPages(t, Gfp.GFP_HIGHUSER_MOVABLE, 0);
        f.mm.migratePage(cached, dest);
        assertEquals(dest, f.mm.swap().cachePfn(slot));
        assertEquals(slot, f.mm.swapSlotOf(dest));
        f.check();
        assertEquals(Fault.MINOR, f.mm.touch(child, start, false), "the child finds the moved swap-cache page");
        assertEquals(dest, f.mm.pfnAt(child, start));
        f.check();
    }

    @Test
    void kernelPagesAndPagesInUseAreRefused() {
        long stack = f.mm.kernelStackPfn(t);
        long to = f.kernel.allocPages(t, Gfp.GFP_HIGHUSER_MOVABLE, 0);
        assertThrows(IllegalArgumentException.class, () -> f.mm.migratePage(stack, to));
        long start = f.mm.mmap(t, 2, VmaKind.ANON);
        f.mm.touch(t, start, true);
        f.mm.touch(t, start + 1, true);
        assertThrows(IllegalArgumentException.class,
            () -> f.mm.migratePage(f.mm.pfnAt(t, start), f.mm.pfnAt(t, start + 1)), "the target is in use");
        f.kernel.freePages(t, to, 0);
        f.check();
    }
}
