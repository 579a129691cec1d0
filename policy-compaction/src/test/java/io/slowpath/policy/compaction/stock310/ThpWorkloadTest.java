package io.slowpath.policy.compaction.stock310;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.slowpath.api.Gfp;
import io.slowpath.api.VmEvent;
import io.slowpath.api.compaction.CompactOutcome;
import io.slowpath.api.compaction.CompactRequest;
import io.slowpath.core.config.KernelFlavour;
import io.slowpath.core.mm.Fault;
import io.slowpath.core.mm.VmaKind;
import io.slowpath.core.zone.MachineSettings;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A THP-heavy workload on the fragmented zone (nearly empty pageblocks left MOVABLE): each write fault on a fresh
 * 2 MiB range allocates GFP_TRANSHUGE order 9 through the slow path. While compaction can still build blocks the
 * faults get huge pages (thp_fault_alloc, compact_success); once it fails, sync compaction defers and the following
 * faults fall back to small pages (thp_fault_fallback) without compacting (no compact_stall).
 */
class ThpWorkloadTest {
    private static long ev(CompactionRig r, VmEvent e) {
        return r.kernel.machine().event(e);
    }

    /** Per fault: "alloc" or "fallback", then the compact_stall delta. */
    private static List<String> faults(CompactionRig r, int n) {
        long start = r.mm.mmap(r.task, (n + 1) * 512L, VmaKind.ANON);
        long haddr = (start + 511) / 512 * 512;
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long alloc = ev(r, VmEvent.THP_FAULT_ALLOC);
            long fallback = ev(r, VmEvent.THP_FAULT_FALLBACK);
            long stall = ev(r, VmEvent.COMPACT_STALL);
            assertEquals(Fault.MINOR, r.mm.touch(r.task, haddr + i * 512L, true));
            assertEquals(1, ev(r, VmEvent.THP_FAULT_ALLOC) - alloc + ev(r, VmEvent.THP_FAULT_FALLBACK) - fallback);
            out.add((ev(r, VmEvent.THP_FAULT_ALLOC) > alloc ? "alloc" : "fallback") + " "
                + (ev(r, VmEvent.COMPACT_STALL) - stall));
        }
        return out;
    }

    @Test
    void hugePagesWhileCompactionSucceedsThenFallbacksWhileItIsDeferred() {
        CompactionRig r = new CompactionRig(new Stock310Compaction(), true);
        r.fragment(false);
        assertEquals(0, r.hugeFreeBlocks());

        List<String> got = faults(r, 12);

        // Faults 0 and 1: async compaction (S11) empties two pageblocks each time and the fault gets its huge page.
        // Fault 2: async then sync (S18) fail, sync defers (shift 1). Fault 3: deferred at S11, THP gives up at S13.
        // Fault 4 compacts and fails again (shift 2); faults 5..7 are deferred; fault 8 compacts (shift 3) ...
        assertEquals(List.of("alloc 1", "alloc 1", "fallback 2", "fallback 0", "fallback 2", "fallback 0",
            "fallback 0", "fallback 0", "fallback 2", "fallback 0", "fallback 0", "fallback 0"), got);
        assertEquals(2, ev(r, VmEvent.THP_FAULT_ALLOC));
        assertEquals(10, ev(r, VmEvent.THP_FAULT_FALLBACK));
        assertEquals(2, ev(r, VmEvent.COMPACT_SUCCESS));
        assertEquals(6, ev(r, VmEvent.COMPACT_FAIL));
        assertEquals(3, r.policy.deferShift(r.zone));
        assertEquals(9, r.policy.orderFailed(r.zone), "raised to 10 by the successes, lowered to 9 by defer");
        assertEquals(List.of(), r.mm.audit());
    }

    @Test
    void theSameWorkloadGivesTheSameCountersAndLogBitForBit() {
        String[] runs = new String[2];
        for (int i = 0; i < 2; i++) {
            CompactionRig r = new CompactionRig(new Stock310Compaction(), true);
            r.fragment(false);
            faults(r, 6);
            runs[i] = io.slowpath.core.proc.VmStat.render(r.kernel.machine()) + r.kernel.log()
                + io.slowpath.core.proc.BuddyInfo.render(r.kernel.machine()) + r.kernel.clock().now();
        }
        assertEquals(runs[0], runs[1]);
    }

    @Test
    void onEl7ACompactionRunStopsAsSoonAsItIsContended() {
        for (KernelFlavour flavour : KernelFlavour.values()) {
            CompactionRig r = new CompactionRig(new Stock310Compaction(500, 1),
                MachineSettings.defaults(1).withThp(true).withFlavour(flavour));
            r.fragment(false);
            assertEquals(-1, r.kernel.allocPages(r.task, Gfp.GFP_TRANSHUGE, 9));
            String trace = r.kernel.lastTrace().render();
            // 3.10.108: the contended free scanner runs down to the migrate scanner, the run ends COMPLETE;
            // el7 (3.15's compact_finished): a contended run ends PARTIAL at once.
            String expected = flavour == KernelFlavour.EL7
                ? "COMPACT_PARTIAL (contended)" : "COMPACT_COMPLETE (contended)";
            assertTrue(trace.contains("async: " + expected), flavour + ": " + trace);
        }
    }

    @Test
    void withoutCompactionEveryFaultFallsBack() {
        CompactionRig r = new CompactionRig(null, true);
        r.fragment(false);
        List<String> got = faults(r, 6);
        assertEquals(List.of("fallback 0", "fallback 0", "fallback 0", "fallback 0", "fallback 0", "fallback 0"), got);
        assertEquals(0, ev(r, VmEvent.THP_FAULT_ALLOC));
    }

    @Test
    void asyncCompactionGivesUpWhenItShouldRescheduleAndTheThpFaultFallsBackAtOnce() {
        // need_resched() as soon as any simulated time passed: async compaction aborts at its first lock.
        CompactionRig r = new CompactionRig(new Stock310Compaction(500, 1), true);
        r.fragment(false);
        long fails = ev(r, VmEvent.COMPACT_FAIL);
        assertEquals(-1, r.kernel.allocPages(r.task, Gfp.GFP_TRANSHUGE, 9));
        String trace = r.kernel.lastTrace().render();
        assertTrue(trace.contains("(contended)"), trace);
        assertTrue(trace.contains("compaction contended: THP gives up"), trace);
        assertFalse(trace.contains("S18"), "no sync compaction after a contended async one: " + trace);
        assertEquals(1, ev(r, VmEvent.COMPACT_STALL));
        assertEquals(fails + 1, ev(r, VmEvent.COMPACT_FAIL), "an aborted run is PARTIAL, so it counts as a failure");
        assertEquals(0, r.policy.deferShift(r.zone), "async compaction never defers");
        // It left its mark: the free scanner ran down to the migrate scanner, skip-marking the full pageblocks on the
        // way and pulling compact_cached_free_pfn down with it, so the next run starts where this one ended.
        assertTrue(r.policy.cachedFreePfn(r.zone) < r.block(3), "cached free pfn " + r.policy.cachedFreePfn(r.zone));
        assertEquals(List.of(), r.mm.audit());

        // Sync compaction with the same timeslice reschedules instead of giving up, and builds the blocks.
        CompactionRig s = new CompactionRig(new Stock310Compaction(500, 1), true);
        s.fragment(false);
        CompactOutcome out = s.kernel.callAs(s.task, () -> s.policy.tryToCompactPages(s.kernel.services(),
            new CompactRequest(List.of(s.zone), 9, Gfp.GFP_TRANSHUGE, 2, 2, true)));
        assertFalse(out.contended());
        assertTrue(s.hugeFreeBlocks() >= 2, "sync built the blocks");
        assertEquals(List.of(), s.mm.audit());
    }
}
