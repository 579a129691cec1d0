package io.slowpath.policy.reclaim.stock310;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The intrusive lists: head/tail order, moves, counts, and a huge page's weight. */
class LruListsTest {
    @Test
    void pagesAreAddedAtTheHeadAndTakenFromTheTail() {
        LruLists l = new LruLists(100, 5);
        assertTrue(l.isEmpty(2));
        assertEquals(-1, l.tail(2));
        l.addHead(2, 10, 1);
        l.addHead(2, 11, 1);
        l.addHead(2, 12, 1);
        assertEquals(10, l.tail(2), "the first added is the oldest");
        assertEquals(12, l.head(2));
        assertEquals(11, l.newer(10));
        assertEquals(-1, l.newer(12));
        l.moveToHead(10, 1);
        assertEquals(11, l.tail(2));
        l.moveToTail(12, 1);
        assertEquals(12, l.tail(2));
        assertEquals(3, l.entries(2));
        assertEquals(2, l.remove(11, 1));
        assertEquals(-1, l.remove(11, 1), "not on a list any more");
        assertFalse(l.linked(11));
        assertEquals(2, l.pages(2));
        assertThrows(IllegalStateException.class, () -> l.addHead(3, 10, 1));
        assertTrue(l.isEmpty(3), "lists are independent");
    }

    @Test
    void aHugePageKeepsTheWeightItWasAddedWith() {
        LruLists l = new LruLists(2048, 5);
        l.addHead(1, 512, 512);
        l.addHead(1, 7, 1);
        assertEquals(513, l.pages(1));
        l.moveToTail(7, 1);
        l.moveToHead(512, 1);
        assertEquals(513, l.pages(1));
        l.remove(512, 1); // split meanwhile: still takes back 512
        assertEquals(1, l.pages(1));
        assertEquals(1, l.entries(1));
    }
}
