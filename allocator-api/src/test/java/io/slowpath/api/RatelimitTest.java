package io.slowpath.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RatelimitTest {
    private static final long S = 1_000_000_000L;

    @Test
    void tenPerFiveSecondsThenTheSuppressedCountOnceWhenANewWindowOpens() {
        Ratelimit r = new Ratelimit();
        long t0 = 7 * S; // the first event opens the window, whatever the time
        for (int i = 0; i < 10; i++) {
            assertTrue(r.allow(t0 + i), "event " + i + " of the burst");
        }
        assertFalse(r.allow(t0 + 10));
        assertFalse(r.allow(t0 + 5 * S), "exactly the interval later is still the same window");
        assertEquals(0, r.takeSuppressed(), "nothing to report before a new window opens");
        assertTrue(r.allow(t0 + 5 * S + 1), "strictly after the interval: a new window");
        assertEquals(2, r.takeSuppressed());
        assertEquals(0, r.takeSuppressed(), "reported once");
    }

    @Test
    void rejectsANonPositiveIntervalOrBurst() {
        assertThrows(IllegalArgumentException.class, () -> new Ratelimit(0, 10));
        assertThrows(IllegalArgumentException.class, () -> new Ratelimit(S, 0));
    }
}
