package io.slowpath.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
    @Test
    void editDistanceCountsInsertDeleteAndSubstitute() {
        assertEquals(0, Suggestions.editDistance("kswapd", "kswapd"));
        assertEquals(3, Suggestions.editDistance("kitten", "sitting"));
        assertEquals(4, Suggestions.editDistance("", "oom!"));
        assertEquals(1, Suggestions.editDistance("swappiness", "swapiness"));
    }

    @Test
    void nearestIsTheFirstAtTheSmallestDistanceWithinTheLimit() {
        List<String> known = List.of("fork", "exit", "file", "free");
        assertEquals("fork", Suggestions.nearest(known, "frok", 2));
        assertEquals("file", Suggestions.nearest(known, "fxle", 2), "file (1) is nearer than fork/free");
        assertEquals("exit", Suggestions.nearest(known, "xxit", 1));
        assertNull(Suggestions.nearest(known, "mmap", 2));
        assertNull(Suggestions.nearest(List.of(), "x", 5));
    }
}
