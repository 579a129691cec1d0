package io.slowpath.core.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.slowpath.api.ZoneType;
import io.slowpath.api.mm.MmServices;
import io.slowpath.api.oom.OomOutcome;
import io.slowpath.api.oom.OomPolicy;
import io.slowpath.api.oom.OomRequest;
import io.slowpath.api.trace.DecisionTrace;
import io.slowpath.core.zone.MachineSettings;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/**
 * The seed's story: an anonymous fault on a full machine whose policies free nothing goes through direct reclaim
 * (S14) and the OOM path (S15), and, the OOM killer killing nobody, ends in VM_FAULT_OOM and
 * pagefault_out_of_memory.
 */
class FaultOomTest {
    /** Three slow-path passes: each S14 without progress, S15c with no kill, S15e restart; then the livelock stop. */
    private final MmFixture f = new MmFixture(MachineSettings.defaults(1), MmConfig.defaults(), 3);
    private final List<Task> oomCalls = new ArrayList<>();

    @Test
    void aFaultOnAFullMachineEndsInVmFaultOomAfterReclaimAndTheOomPath() {
        f.mm.setPagefaultOomHandler(oomCalls::add);
        long free0 = f.free();
        Task t = f.mm.spawn(1000, "stress-ng-vm", 1000, 0);
        long start = f.mm.mmap(t, 70_000, VmaKind.ANON);
        long v = start;
        Fault last;
        while ((last = f.mm.touch(t, v, true)) == Fault.MINOR) {
            v++;
        }
        assertEquals(Fault.OOM, last);
        DecisionTrace trace = f.kernel.lastTrace();
        assertNotNull(trace);
        assertFalse(trace.succeeded());
        assertTrue(trace.gfp() == MmCore.GFP_ANON_FAULT || trace.gfp() == MmCore.PGALLOC_GFP,
            "the failed allocation is the fault's page or its page table, gfp " + Integer.toHexString(trace.gfp()));
        if (v % 512 != 0) {
            assertEquals(0x280da, trace.gfp(), "do_anonymous_page allocates with GFP_HIGHUSER_MOVABLE|__GFP_ZERO");
        }
        List<String> steps = trace.stepNames();
        assertTrue(steps.contains("S14"), "direct reclaim ran: " + steps);
        assertTrue(steps.contains("S15c"), "the OOM path ran: " + steps);
        assertTrue(steps.contains("S15e"), "and restarted after it: " + steps);
        assertEquals(List.of(t), oomCalls, "pagefault_out_of_memory was called once, for the faulting task");
        assertEquals(List.of(1000), f.mm.pagefaultOoms());
        long faulted = v - start;
        assertEquals(faulted, t.anonRss());
        assertTrue(f.free() <= f.zone.minWatermark() + 512,
            "the machine was full: " + f.free() + " free, min watermark " + f.zone.minWatermark());
        f.check();
        f.mm.exit(t);
        assertEquals(free0, f.free());
        f.check();
    }

    @Test
    void anOomVictimFaultsFromTheReserves() {
        Task t = f.mm.spawn(1000, "victim", 1000, 0);
        long start = f.mm.mmap(t, 70_000, VmaKind.ANON);
        long v = start;
        while (f.mm.touch(t, v, true) == Fault.MINOR) {
            v++;
        }
        f.mm.kill(t);
        assertTrue(t.memdie() && t.fatalSignalPending());
        // TIF_MEMDIE gives ALLOC_NO_WATERMARKS: __alloc_pages_high_priority (S7) takes a page below the min watermark.
        Fault again = f.mm.touch(t, v + 1, true);
        assertEquals(Fault.MINOR, again);
        assertEquals("GOT_PG after S7", f.kernel.lastTrace().exit());
        f.check();
    }

    @Test
    void pagefaultOutOfMemoryCallsTheOomPolicyWithGfpZeroUnderTheZoneOomLock() {
        OomPolicy oom = mock(OomPolicy.class);
        boolean[] lockedDuringCall = {false};
        when(oom.outOfMemory(any(), any())).thenAnswer(inv -> {
            lockedDuringCall[0] = f.zone.oomLocked();
            return OomOutcome.none();
        });
        PagefaultOomHandler handler = PagefaultOomHandler.outOfMemory(f.kernel, oom);
        Task t = f.mm.spawn(1000, "victim", 1000, 0);
        handler.pagefaultOutOfMemory(t);
        ArgumentCaptor<OomRequest> req = ArgumentCaptor.forClass(OomRequest.class);
        verify(oom).outOfMemory(any(MmServices.class), req.capture());
        assertEquals(new OomRequest(List.of(), 0, 0, ZoneType.NORMAL.index(), false), req.getValue(),
            "out_of_memory(NULL, 0, 0, NULL, false)");
        assertTrue(lockedDuringCall[0], "try_set_zonelist_oom held the lock during the call");
        assertFalse(f.zone.oomLocked(), "clear_zonelist_oom released it");

        OomPolicy busy = mock(OomPolicy.class);
        f.zone.setOomLocked(true);
        PagefaultOomHandler.outOfMemory(f.kernel, busy).pagefaultOutOfMemory(t);
        verify(busy, never()).outOfMemory(any(), any());
        assertTrue(f.zone.oomLocked(), "another OOM kill holds the lock: nothing is done");
    }
}
