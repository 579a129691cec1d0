package io.slowpath.core.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.slowpath.api.VmEvent;
import io.slowpath.core.mm.Fault;
import io.slowpath.core.mm.MmModel;
import io.slowpath.core.mm.Task;
import io.slowpath.core.mm.VmaKind;
import io.slowpath.core.proc.BuddyInfo;
import io.slowpath.core.proc.VmStat;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The same machine, policies, workload and seed give the same counters, traces and log, bit for bit. */
class DeterminismTest {
    private record Run(String vmstat, String buddyinfo, List<String> traces, List<String> log, long clock, long steps) {
    }

    private static Run run(long seed) {
        PolicyRig rig = new PolicyRig(new FifoReclaimPolicy(), PolicyRig.offCompaction(), new PolicyRig.RecordingOom(), 4096);
        SimulatedKernel k = rig.kernel;
        MmModel mm = rig.mm;
        List<String> traces = new ArrayList<>();
        k.onDecisionTrace(t -> traces.add(t.render()));
        List<TaskActor> actors = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Task t = mm.spawn(2000 + i, "worker" + i, 1000, 0);
            long base = mm.mmap(t, 8192, VmaKind.ANON);
            actors.add(TaskActor.start(k, t, (kernel, task, rnd) -> {
                // A random working set over 8192 pages: three of them overflow the 16384-page zone into swap.
                Fault f = mm.touch(task, base + rnd.nextInt(8192), rnd.nextInt(4) != 0);
                return f == Fault.OOM ? TaskActor.Behaviour.DONE : 1_000 + rnd.nextInt(5_000);
            }, seed, i * 10_000L));
        }
        k.runUntil(200_000_000L);
        long steps = actors.stream().mapToLong(TaskActor::steps).sum();
        return new Run(VmStat.render(k.machine()), BuddyInfo.render(k.machine()), traces, List.copyOf(k.log()),
            k.clock().now(), steps);
    }

    @Test
    void sameSeedSameEverything() {
        Run a = run(42);
        Run b = run(42);
        assertTrue(a.steps() > 10_000, "the workload ran: " + a.steps() + " steps");
        assertTrue(!a.traces().isEmpty(), "memory pressure reached the slow path");
        assertEquals(a.vmstat(), b.vmstat());
        assertEquals(a.buddyinfo(), b.buddyinfo());
        assertEquals(a.traces(), b.traces());
        assertEquals(a.log(), b.log());
        assertEquals(a.clock(), b.clock());
        assertEquals(a.steps(), b.steps());
    }

    @Test
    void anotherSeedAnotherRun() {
        Run a = run(42);
        Run c = run(43);
        assertNotEquals(a.vmstat(), c.vmstat(), "the seed drives the workload");
    }

    @Test
    void pressureShowsInTheCounters() {
        PolicyRig rig = new PolicyRig(new FifoReclaimPolicy(), PolicyRig.offCompaction(), new PolicyRig.RecordingOom(), 4096);
        Task t = rig.mm.spawn(3000, "hog", 1000, 0);
        long base = rig.mm.mmap(t, 20_000, VmaKind.ANON);
        TaskActor a = TaskActor.start(rig.kernel, t, new TaskActor.Behaviour() {
            long next;

            @Override
            public long step(SimulatedKernel kernel, Task task, java.util.SplittableRandom rnd) {
                if (next == 20_000) {
                    return DONE;
                }
                rig.mm.touch(task, base + next++, true);
                return 0;
            }
        }, 1, 0);
        rig.kernel.runUntil(Long.MAX_VALUE);
        assertTrue(a.finished());
        assertEquals(20_000, a.steps() - 1, "one step per page, then DONE");
        assertTrue(rig.kernel.machine().event(VmEvent.PSWPOUT) >= 20_000 - 16_384, "the overflow went to swap");
    }
}
