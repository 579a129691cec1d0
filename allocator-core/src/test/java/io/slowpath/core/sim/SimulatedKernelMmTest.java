package io.slowpath.core.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.slowpath.api.Gfp;
import io.slowpath.api.VmEvent;
import io.slowpath.api.ZoneStatItem;
import io.slowpath.api.mm.PageOps;
import io.slowpath.api.mm.PageState;
import io.slowpath.core.mm.MmConfig;
import io.slowpath.core.mm.MmModel;
import io.slowpath.core.mm.PageCacheResult;
import io.slowpath.core.mm.Task;
import io.slowpath.core.mm.VmaKind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The page-level SPI of the simulated kernel: page state, mechanics, kills, timers, stall accounting, split_page. */
class SimulatedKernelMmTest {
    private final FifoReclaimPolicy fifo = new FifoReclaimPolicy();
    private final PolicyRig rig = new PolicyRig(fifo, PolicyRig.offCompaction(), new PolicyRig.RecordingOom(), 1024);
    private final PageState pages = rig.services.pages();
    private final PageOps ops = rig.services.pageOps();

    @Test
    void theKernelHasOneModelAndItIsWhatServicesShow() {
        assertSame(rig.mm, rig.kernel.mm());
        assertTrue(rig.kernel.hasMm());
        assertSame(rig.mm.pageState(), pages);
        assertThrows(IllegalStateException.class, () -> new MmModel(rig.kernel, fifo, MmConfig.defaults()));
        assertEquals(1024, pages.swapTotalPages());
        assertEquals(1024, pages.swapFreePages());
    }

    @Test
    void pageStateShowsFlagsMappersAndReferencesAndGuardsTheModelsBits() {
        Task t = rig.mm.spawn(1000, "a", 1000, 0);
        long v = rig.mm.mmap(t, 4, VmaKind.ANON);
        rig.mm.touch(t, v, true);
        long pfn = rig.mm.pfnAt(t, v);
        assertEquals(PageState.KIND_ANON, pages.kind(pfn));
        assertTrue(pages.test(pfn, PageState.PG_LRU | PageState.PG_ACTIVE | PageState.PG_SWAPBACKED));
        assertEquals(1, pages.mapcount(pfn));
        Task child = rig.mm.fork(t, 1001);
        assertArrayEquals(new int[] {1000, 1001}, pages.mapperPids(pfn));
        assertEquals(1, pages.referenced(pfn), "the parent's entry was young; fork copies it old");
        assertEquals(0, pages.referenced(pfn), "page_referenced cleared it");
        rig.mm.touch(child, v, false);
        assertEquals(1, pages.referenced(pfn));
        pages.setFlags(pfn, PageState.PG_REFERENCED);
        assertTrue(pages.test(pfn, PageState.PG_REFERENCED));
        pages.clearFlags(pfn, PageState.PG_REFERENCED);
        assertFalse(pages.test(pfn, PageState.PG_REFERENCED));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> pages.setFlags(pfn, PageState.PG_DIRTY));
        assertTrue(e.getMessage().contains("0x10"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> pages.clearFlags(pfn, PageState.PG_SWAPBACKED));
        assertArrayEquals(new int[0], pages.mapperPids(rig.mm.kernelStackPfn(t)));
    }

    @Test
    void isolationAndLruCountersFollowIsolatePutbackAndFree() {
        Task t = rig.mm.spawn(1000, "a", 1000, 0);
        long v = rig.mm.mmap(t, 2, VmaKind.ANON);
        rig.mm.touch(t, v, true);
        rig.mm.touch(t, v + 1, true);
        long a = rig.mm.pfnAt(t, v);
        long b = rig.mm.pfnAt(t, v + 1);
        assertEquals(2, rig.zone.stat(ZoneStatItem.NR_ACTIVE_ANON));
        assertTrue(ops.isolateLruPage(a));
        assertFalse(ops.isolateLruPage(a), "already off the LRU");
        assertTrue(pages.isolated(a));
        assertEquals(1, rig.zone.stat(ZoneStatItem.NR_ISOLATED_ANON));
        assertEquals(1, rig.zone.stat(ZoneStatItem.NR_ACTIVE_ANON));
        ops.putbackLruPage(a);
        assertEquals(0, rig.zone.stat(ZoneStatItem.NR_ISOLATED_ANON));
        assertEquals(2, rig.zone.stat(ZoneStatItem.NR_ACTIVE_ANON));
        assertThrows(IllegalStateException.class, () -> ops.putbackLruPage(a));
        assertTrue(ops.isolateLruPage(b));
        rig.mm.munmap(t, v + 1, 1);
        assertEquals(0, rig.zone.stat(ZoneStatItem.NR_ISOLATED_ANON), "freeing an isolated page ends its isolation");
        assertEquals(1, rig.zone.stat(ZoneStatItem.NR_ACTIVE_ANON));
        assertEquals(List.of(), rig.mm.audit());
    }

    @Test
    void swapOutChargesItsIoAndFailsWhenSwapIsFull() {
        PolicyRig small = new PolicyRig(new FifoReclaimPolicy(), PolicyRig.offCompaction(),
            new PolicyRig.RecordingOom(), 1);
        Task t = small.mm.spawn(1000, "a", 1000, 0);
        long v = small.mm.mmap(t, 2, VmaKind.ANON);
        small.mm.touch(t, v, true);
        small.mm.touch(t, v + 1, true);
        long before = small.kernel.clock().now();
        assertTrue(small.services.pageOps().swapOut(small.mm.pfnAt(t, v)));
        long costs = small.services.costs().swapOutIoNs() + small.services.costs().pageReclaimNs();
        assertEquals(before + costs, small.kernel.clock().now());
        assertEquals(0, small.services.pages().swapFreePages());
        assertFalse(small.services.pageOps().swapOut(small.mm.pfnAt(t, v + 1)), "swap is full");
        assertEquals(before + costs, small.kernel.clock().now(), "a failed swap-out costs nothing");
        assertEquals(1, small.kernel.machine().event(VmEvent.PSWPOUT));
        assertEquals(1, small.zone.stat(ZoneStatItem.NR_ACTIVE_ANON), "the swapped page left the LRU counter");
        assertEquals(List.of(), small.mm.audit());
    }

    @Test
    void writebackEndsAfterTheWritebackLatencyOnTheEventLoop() {
        Task t = rig.mm.spawn(1000, "a", 1000, 0);
        int file = rig.mm.createFile(4);
        assertEquals(PageCacheResult.MISS, rig.mm.writeFile(t, file, 0));
        long pfn = rig.mm.pageCachePfn(file, 0);
        assertTrue(pages.test(pfn, PageState.PG_DIRTY));
        assertFalse(ops.dropFilePage(pfn), "a dirty page is not dropped");
        List<Long> ended = new ArrayList<>();
        long at = ops.startWriteback(pfn, () -> ended.add(rig.kernel.clock().now()));
        assertEquals(rig.kernel.clock().now() + rig.services.costs().writebackIoNs(), at);
        assertEquals(1, rig.zone.stat(ZoneStatItem.NR_WRITEBACK));
        rig.kernel.runUntil(at - 1);
        assertTrue(pages.test(pfn, PageState.PG_WRITEBACK), "still in flight just before");
        rig.kernel.runUntil(at);
        assertFalse(pages.test(pfn, PageState.PG_WRITEBACK));
        assertEquals(List.of(at), ended);
        assertEquals(0, rig.zone.stat(ZoneStatItem.NR_WRITEBACK));
        assertEquals(1, rig.zone.stat(ZoneStatItem.NR_WRITTEN));
        assertTrue(ops.dropFilePage(pfn), "clean now");
        assertEquals(-1, rig.mm.pageCachePfn(file, 0));
        assertEquals(List.of(), rig.mm.audit());
    }

    @Test
    void killTaskMarksTheVictimAndItExitsAfterTheDelay() {
        Task t = rig.mm.spawn(1000, "victim", 1000, 0);
        long v = rig.mm.mmap(t, 100, VmaKind.ANON);
        long free0 = rig.free();
        for (int i = 0; i < 100; i++) {
            rig.mm.touch(t, v + i, true);
        }
        long now = rig.kernel.clock().now();
        assertTrue(rig.services.killTask(1000));
        assertTrue(t.memdie() && t.fatalSignalPending());
        assertFalse(rig.services.killTask(1000), "already dying");
        assertFalse(rig.services.killTask(4242), "no such task");
        assertFalse(rig.services.killTask(100), "kswapd has no mm");
        long delay = rig.kernel.victimExitDelayNs();
        assertEquals(rig.services.costs().jiffyNs(), delay, "one jiffy by default");
        rig.kernel.runUntil(now + delay - 1);
        assertNotNull(rig.kernel.task(1000));
        rig.kernel.runUntil(now + delay);
        assertNull(rig.kernel.task(1000));
        assertFalse(rig.mm.hasAddressSpace(t));
        assertTrue(rig.free() >= free0 + 2, "its pages and kernel stack came back: " + rig.free() + " vs " + free0);
    }

    @Test
    void timersRunAsTheirOwnKernelThreadAtTheirTime() {
        List<String> runs = new ArrayList<>();
        long now = rig.kernel.clock().now();
        rig.services.schedule(5_000, () -> runs.add(rig.services.current().pid() + "@" + rig.services.now()));
        assertThrows(IllegalArgumentException.class, () -> rig.services.schedule(-1, () -> { }));
        rig.kernel.runUntil(now + 4_999);
        assertEquals(List.of(), runs);
        rig.kernel.runUntil(now + 5_000);
        assertEquals(List.of(SimulatedKernel.POLICY_THREAD_PID + "@" + (now + 5_000)), runs);
    }

    @Test
    void runPendingNeverMovesTheForegroundBack() {
        rig.services.schedule(1_000, () -> rig.services.spend(10));
        rig.kernel.clock().spend(1_000_000);
        long now = rig.kernel.clock().now();
        assertEquals(1, rig.kernel.runPending());
        assertEquals(now, rig.kernel.clock().now());
    }

    @Test
    void stallIsSlowPathTimePerTaskAndInTotal() {
        Task t = rig.mm.spawn(1000, "hog", 1000, 0);
        long v = rig.mm.mmap(t, 100, VmaKind.ANON);
        rig.mm.touch(t, v, true);
        assertEquals(0, rig.services.memstallNs(), "fast-path allocations do not stall");
        long n = 17_000;
        long hog = rig.mm.mmap(t, n, VmaKind.ANON);
        // Until the 1024 swap slots are used up: beyond that the OOM path would run (and kill nobody).
        for (long i = 0; i < n && rig.services.pages().swapFreePages() > 0; i++) {
            rig.mm.touch(t, hog + i, true);
        }
        assertTrue(rig.services.memstallNs() >= rig.services.costs().swapOutIoNs(), "reclaim stalled the hog");
        assertEquals(rig.services.memstallNs(), rig.services.memstallNs(1000), "the hog was the only one stalled");
        assertEquals(0, rig.services.memstallNs(4242));
    }

    @Test
    void splitPageTurnsOneBlockIntoSmallPagesThatFreeOneByOne() {
        Task k = rig.kernel.current();
        long free0 = rig.free();
        long pfn = rig.kernel.allocPages(k, Gfp.GFP_KERNEL, 3);
        assertTrue(pfn >= 0);
        assertThrows(IllegalStateException.class, () -> rig.kernel.allocator().splitPage(pfn, 2));
        rig.kernel.allocator().splitPage(pfn, 3);
        assertEquals(0, rig.zone.freeArea().allocatedOrder((int) pfn + 5));
        for (int i = 0; i < 8; i++) {
            rig.kernel.freePages(k, pfn + i, 0);
        }
        assertEquals(free0, rig.free());
        assertThrows(IllegalStateException.class, () -> rig.kernel.freePages(k, pfn, 0), "double free");
        assertThrows(IllegalArgumentException.class, () -> rig.kernel.allocator().splitPage(1, 0));
    }
}
