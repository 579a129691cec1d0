package io.slowpath.core.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.slowpath.api.Gfp;
import io.slowpath.api.NodeView;
import io.slowpath.api.ZoneView;
import io.slowpath.api.mm.MmServices;
import io.slowpath.api.oom.OomOutcome;
import io.slowpath.api.oom.OomPolicy;
import io.slowpath.api.reclaim.KswapdPolicy;
import io.slowpath.api.reclaim.ReclaimPolicy;
import io.slowpath.api.reclaim.ReclaimRequest;
import io.slowpath.core.mm.Task;
import io.slowpath.core.mm.VmaKind;
import io.slowpath.core.zone.Machine;
import io.slowpath.core.zone.MachineSettings;
import io.slowpath.core.zone.Zone;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A task looping in the slow path lets the kernel's due work run meanwhile, as other CPUs would in the kernel: a
 * kswapd slice, an OOM victim's exit.
 */
class KernelWorkCatchUpTest {
    /** Woken whenever asked; each run is recorded with the time and the task it ran as, then sleeps. */
    private static final class RecordingKswapd implements KswapdPolicy {
        final List<Long> runs = new ArrayList<>();
        final List<String> as = new ArrayList<>();
        final List<Boolean> during = new ArrayList<>();
        boolean allocating;

        @Override
        public boolean wakeup(MmServices mm, ZoneView zone, int order, int classzoneIdx) {
            return true;
        }

        @Override
        public long run(MmServices mm, NodeView node) {
            runs.add(mm.now());
            as.add(mm.current().name());
            during.add(allocating);
            mm.spend(1_000);
            return SLEEP;
        }
    }

    @Test
    void aRetryingAllocationRunsTheDueKswapdSliceOnceAtItsOwnTime() {
        RecordingKswapd kswapd = new RecordingKswapd();
        ReclaimPolicy alwaysSomeProgress = new ReclaimPolicy() {
            @Override
            public long tryToFreePages(MmServices mm, ReclaimRequest request) {
                mm.spend(5_000);
                return 1;
            }
        };
        SimulatedKernel k = SimulatedKernel.builder(Machine.boot(List.of(PolicyRig.DMA32), MachineSettings.defaults(1)))
            .policies(kswapd, alwaysSomeProgress, PolicyRig.offCompaction(), new PolicyRig.RecordingOom())
            .maxSlowpathLoops(5).build();
        Task t = k.mm().spawn(1000, "t", 1000, 0);
        while (k.allocPages(t, Gfp.GFP_KERNEL | Gfp.__GFP_NORETRY | Gfp.__GFP_NOWARN, 0) >= 0) {
            // fill the zone; each slow-path entry wakes kswapd, which the loop does not run here
        }
        k.runUntil(k.clock().now());
        int before = kswapd.runs.size();
        long start = k.clock().now();
        kswapd.allocating = true;
        long pfn = k.allocPages(t, Gfp.GFP_KERNEL | Gfp.__GFP_NOWARN, 0);
        kswapd.allocating = false;
        assertEquals(-1, pfn, "nothing is ever freed: the simulator records a livelock");
        assertEquals(before + 1, kswapd.runs.size(), "kswapd ran once, from the first retry");
        assertTrue(kswapd.during.get(before), "while the task was still in the slow path");
        assertEquals("kswapd0", kswapd.as.get(before));
        long ranAt = kswapd.runs.get(before);
        assertTrue(ranAt >= start && ranAt < k.clock().now(), "at its own wake-up time, before the task's now");
        assertFalse(k.kswapdRunning(0), "it went back to sleep");
        k.runUntil(k.clock().now() + 1_000_000_000L);
        assertEquals(before + 1, kswapd.runs.size(), "the queued event it replaced does not run again");
    }

    @Test
    void aTaskWaitingInTheOomPathSeesItsVictimExitOnceTheExitIsDue() {
        ReclaimPolicy slowNoProgress = new ReclaimPolicy() {
            @Override
            public long tryToFreePages(MmServices mm, ReclaimRequest request) {
                mm.spend(1_000_000); // 1 ms of fruitless scanning per pass
                return 0;
            }
        };
        int[] kills = {0};
        OomPolicy killTheHogOnce = (mm, request) -> {
            if (kills[0] == 0 && mm.killTask(2000)) {
                kills[0]++;
                return OomOutcome.killed(2000, 1);
            }
            return OomOutcome.none();
        };
        SimulatedKernel k = SimulatedKernel.builder(Machine.boot(List.of(PolicyRig.DMA32), MachineSettings.defaults(1)))
            .policies(PolicyRig.offKswapd(), slowNoProgress, PolicyRig.offCompaction(), killTheHogOnce).build();
        Task hog = k.mm().spawn(2000, "hog", 1000, 0);
        Task t = k.mm().spawn(1000, "t", 1000, 0);
        Zone zone = k.machine().populatedZoneList().get(0);
        long start = k.mm().mmap(hog, 20_000, VmaKind.ANON);
        for (long i = 0; zone.freePages() > zone.minWatermark() + 64; i++) {
            k.mm().touch(hog, start + i, true);
        }
        while (k.allocPages(t, Gfp.GFP_KERNEL | Gfp.__GFP_NORETRY | Gfp.__GFP_NOWARN, 0) >= 0) {
            // t takes what is left above the min watermark
        }
        long before = k.clock().now();
        long pfn = k.allocPages(t, Gfp.GFP_KERNEL | Gfp.__GFP_NOWARN, 0);
        assertEquals(1, kills[0], "the OOM policy killed the hog once");
        assertFalse(k.mm().hasAddressSpace(hog), "the victim exited while t looped in the slow path");
        assertTrue(pfn >= 0, "its memory came back and t got its page");
        assertTrue(k.clock().now() - before >= k.victimExitDelayNs(), "after the victim's exit delay");
    }
}
