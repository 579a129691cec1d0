package io.slowpath.policy.compaction.stock310;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.slowpath.api.Gfp;
import io.slowpath.api.VmEvent;
import io.slowpath.api.mm.PageOps;
import io.slowpath.api.mm.PageState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An unevictable (mlocked) page in every pageblock: 3.10 compaction never isolates unevictable pages, so no pageblock
 * can be emptied. Transparent huge page allocations go through the real slow path: async compaction (S11) and sync
 * compaction (S18) both fail, sync defers, and the next {@code 2^compact_defer_shift - 1} attempts skip compaction
 * (S11 deferred, S13 gives up) without a compact_stall.
 */
class DeferralSlowPathTest {
    @Test
    void failingCompactionIsDeferredForTwoToTheShiftMinusOneAttempts() {
        CompactionRig r = new CompactionRig();
        r.fragment();
        pinEveryPageblock(r);
        List<Long> stalls = new ArrayList<>();
        List<Integer> shifts = new ArrayList<>();
        for (int attempt = 0; attempt < 16; attempt++) {
            long before = event(r, VmEvent.COMPACT_STALL);
            assertEquals(-1, r.kernel.allocPages(r.task, Gfp.GFP_TRANSHUGE, 9), "attempt " + attempt);
            stalls.add(event(r, VmEvent.COMPACT_STALL) - before);
            shifts.add(r.policy.deferShift(r.zone));
        }
        // Each attempt that compacts stalls twice (async at S11, sync at S18) and defers once more.
        assertEquals(List.of(2L, 0L, 2L, 0L, 0L, 0L, 2L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 2L, 0L), stalls);
        assertEquals(List.of(1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 4, 4), shifts);
        assertEquals(8, event(r, VmEvent.COMPACT_FAIL), "every compaction that ran failed");
        assertEquals(0, event(r, VmEvent.COMPACT_SUCCESS));
        assertEquals(0, r.policy.orderFailed(r.zone), "compact_order_failed stays 0: every order is deferred");
        assertTrue(r.kernel.lastTrace().render().contains("compaction_deferred"), r.kernel.lastTrace().render());
        assertEquals(List.of(), r.mm.audit());
    }

    /** Makes one anonymous page of each pageblock unevictable (mlocked), moving it to the unevictable LRU. */
    static void pinEveryPageblock(CompactionRig r) {
        PageState pages = r.kernel.services().pages();
        PageOps ops = r.kernel.services().pageOps();
        int blocks = (int) (r.zone.spannedPages() / CompactionRig.BLOCK);
        for (int b = 0; b < blocks; b++) {
            for (long p = r.block(b); p < r.block(b) + CompactionRig.BLOCK; p++) {
                if (pages.isAnon(p) && pages.test(p, PageState.PG_LRU)) {
                    ops.deleteFromLru(p);
                    pages.setFlags(p, PageState.PG_UNEVICTABLE);
                    ops.addToLru(p);
                    break;
                }
            }
        }
    }

    private static long event(CompactionRig r, VmEvent e) {
        return r.kernel.machine().event(e);
    }
}
