package io.slowpath.core.mm;

import static io.slowpath.api.ZoneStatItem.NR_KERNEL_STACK;
import static io.slowpath.api.ZoneStatItem.NR_SLAB_RECLAIMABLE;
import static io.slowpath.api.ZoneStatItem.NR_SLAB_UNRECLAIMABLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.slowpath.api.Gfp;
import io.slowpath.api.MigrateType;
import org.junit.jupiter.api.Test;

class KernelAllocationTest {
    private final MmFixture f = new MmFixture();
    private final Task t = f.mm.spawn(1000, "worker", 0, 0);

    @Test
    void slabPagesAreUnmovableOrReclaimableAndCountedInPages() {
        long free0 = f.free();
        long a = f.mm.allocSlab(t, Gfp.GFP_KERNEL, 0);
        long b = f.mm.allocSlab(t, Gfp.GFP_KERNEL | Gfp.__GFP_RECLAIMABLE | Gfp.__GFP_COMP, 2);
        assertEquals(1, f.stat(NR_SLAB_UNRECLAIMABLE));
        assertEquals(4, f.stat(NR_SLAB_RECLAIMABLE));
        assertEquals(MigrateType.UNMOVABLE.index(), f.zone.freeArea().pageblockMigratetype((int) a));
        assertEquals(MigrateType.RECLAIMABLE.index(), f.zone.freeArea().pageblockMigratetype((int) b));
        assertTrue(f.mm.pages().test(b + 3, PageFlags.PG_SLAB));
        assertEquals(free0 - 5, f.free());
        f.check();
        f.mm.freeSlab(t, a);
        f.mm.freeSlab(t, b);
        assertEquals(0, f.stat(NR_SLAB_UNRECLAIMABLE) + f.stat(NR_SLAB_RECLAIMABLE));
        assertEquals(free0, f.free());
        assertThrows(IllegalArgumentException.class, () -> f.mm.freeSlab(t, a));
        assertThrows(IllegalArgumentException.class, () -> f.mm.allocSlab(t, Gfp.GFP_HIGHUSER_MOVABLE, 0));
        f.check();
    }

    @Test
    void everyTaskHasAnOrderOneStackCountedOnce() {
        Task child = f.mm.fork(t, 1001);
        assertEquals(2, f.stat(NR_KERNEL_STACK));
        long stack = f.mm.kernelStackPfn(child);
        assertEquals(0, stack % 2, "an order-1 block is 2-page aligned");
        assertEquals(1, f.zone.freeArea().allocatedOrder((int) stack));
        assertEquals(child.pid(), f.mm.pages().owner(stack + 1));
        f.mm.exit(child);
        assertEquals(1, f.stat(NR_KERNEL_STACK));
        assertEquals(-1, f.mm.kernelStackPfn(child));
        f.check();
    }

    @Test
    void badArgumentsAreNamed() {
        assertThrows(IllegalArgumentException.class, () -> f.mm.spawn(1000, "dup", 0, 0), "pid in use");
        assertThrows(IllegalArgumentException.class, () -> f.mm.mmap(t, 0, VmaKind.ANON));
        assertThrows(IllegalArgumentException.class, () -> f.mm.mmapFile(t, 99, 0, 1));
        int file = f.mm.createFile(4);
        assertThrows(IllegalArgumentException.class, () -> f.mm.mmapFile(t, file, 2, 4));
        assertThrows(IllegalArgumentException.class, () -> f.mm.createFile(0));
        assertThrows(IllegalArgumentException.class, () -> new MmConfig(-1, true, true));
        assertThrows(IllegalArgumentException.class, () -> f.mm.spawn(Task.kernelThread(7, "kthreadd")));
    }
}
