package io.slowpath.policy.compaction.stock310;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The deferral of include/linux/compaction.h, worked by hand. */
class ZoneCompactStateTest {
    @Test
    void nothingIsDeferredUntilAFailureThenTwoToTheShiftMinusOneAttemptsAreSkipped() {
        ZoneCompactState z = new ZoneCompactState();
        assertFalse(z.deferred(9), "shift 0: limit 1, considered 1: not deferred");
        assertFalse(z.deferred(9));
        assertEquals(1, z.considered, "capped at the limit");
        z.defer(9);
        assertEquals(1, z.deferShift);
        assertEquals(0, z.considered);
        assertEquals(0, z.orderFailed, "order 9 is not below 0");
        // shift 1: one attempt skipped, the second runs.
        assertEquals(List.of(true, false), attempts(z, 2));
        z.defer(9);
        assertEquals(List.of(true, true, true, false), attempts(z, 4));
        z.defer(9);
        assertEquals(List.of(true, true, true, true, true, true, true, false), attempts(z, 8));
    }

    private static List<Boolean> attempts(ZoneCompactState z, int n) {
        List<Boolean> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(z.deferred(9));
        }
        return out;
    }

    @Test
    void theShiftStopsAtSixAndCompactionRestartsAfterSixtyFourSkips() {
        ZoneCompactState z = new ZoneCompactState();
        for (int i = 0; i < 10; i++) {
            z.defer(9);
        }
        assertEquals(ZoneCompactState.COMPACT_MAX_DEFER_SHIFT, z.deferShift);
        for (int i = 0; i < 63; i++) {
            assertTrue(z.deferred(9));
            assertFalse(z.restarting(9));
        }
        assertFalse(z.deferred(9), "the 64th attempt runs");
        assertTrue(z.restarting(9), "compaction_restarting: shift 6 and considered 64");
    }

    @Test
    void orderFailedLimitsDeferralToTheOrdersThatFailed() {
        ZoneCompactState z = new ZoneCompactState();
        z.succeeded(3);
        assertEquals(4, z.orderFailed, "a success raises compact_order_failed past the order");
        z.defer(9);
        assertEquals(4, z.orderFailed, "a failure above it leaves it");
        assertFalse(z.deferred(2), "orders below compact_order_failed are never deferred nor counted");
        assertEquals(0, z.considered);
        assertTrue(z.deferred(9));
        z.defer(2);
        assertEquals(2, z.orderFailed, "a failure below lowers it");
        z.blockskipFlush = true;
        z.succeeded(9);
        assertEquals(10, z.orderFailed);
        assertEquals(0, z.deferShift);
        assertEquals(0, z.considered);
        assertFalse(z.blockskipFlush);
        assertFalse(z.deferred(9), "after a success the zone compacts again at once");
    }
}
