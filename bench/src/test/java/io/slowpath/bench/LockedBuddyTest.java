package io.slowpath.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The single-lock baseline is a real buddy allocator: lowest first, splits, merges, refuses bad frees. */
class LockedBuddyTest {
    @Test
    void splitsLowestFirstAndMergesBack() {
        LockedBuddy b = new LockedBuddy(2048);
        assertEquals(2, b.nrFree(10));
        assertEquals(0, b.alloc(0));
        // Splitting the first order-10 block left one free block at each order 0..9.
        for (int o = 0; o < 10; o++) {
            assertEquals(1, b.nrFree(o), "order " + o);
        }
        assertEquals(1, b.nrFree(10));
        assertEquals(1, b.alloc(0));
        assertEquals(2, b.alloc(1));
        assertEquals(8, b.alloc(3));
        b.free(1, 0);
        b.free(0, 0);
        b.free(2, 1);
        b.free(8, 3);
        assertEquals(2, b.nrFree(10));
        assertEquals(2048, b.freePages());
    }

    @Test
    void runsDryAndRecovers() {
        LockedBuddy b = new LockedBuddy(1024);
        assertEquals(0, b.alloc(9));
        assertEquals(512, b.alloc(9));
        assertEquals(-1, b.alloc(0));
        b.free(512, 9);
        assertEquals(512, b.alloc(5));
    }

    @Test
    void refusesBadFrees() {
        LockedBuddy b = new LockedBuddy(1024);
        int pfn = b.alloc(2);
        assertThrows(IllegalStateException.class, () -> b.free(pfn, 1));
        b.free(pfn, 2);
        assertThrows(IllegalStateException.class, () -> b.free(pfn, 2));
        assertThrows(IllegalArgumentException.class, () -> new LockedBuddy(1000));
    }
}
