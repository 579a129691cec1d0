package io.slowpath.core.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.slowpath.core.mm.Fault;
import io.slowpath.core.mm.Task;
import io.slowpath.core.mm.VmaKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A PSI-style monitor kills a thrashing hog before the kernel's OOM path is ever reached. */
class PsiOomPolicyTest {
    private static final long WINDOW = 100_000_000;

    @Test
    void aThrashingHogIsKilledProactivelyAndTheBystanderLives() {
        PsiOomPolicy psi = new PsiOomPolicy(WINDOW, 0.4);
        PolicyRig rig = new PolicyRig(new FifoReclaimPolicy(), PolicyRig.offCompaction(), psi, 65_536);
        Task sshd = rig.mm.spawn(1000, "sshd", 0, 0);
        long s = rig.mm.mmap(sshd, 1000, VmaKind.ANON);
        for (int i = 0; i < 1000; i++) {
            rig.mm.touch(sshd, s + i, true);
        }
        Task hog = rig.mm.spawn(2000, "thrasher", 1000, 0);
        long ws = 20_000;
        long h = rig.mm.mmap(hog, ws, VmaKind.ANON);
        psi.start(rig.services);
        long freeAtStart = rig.free();

        long faults = 0;
        work:
        for (int pass = 0; pass < 3; pass++) {
            for (long v = 0; v < ws; v++) {
                if (hog.fatalSignalPending()) {
                    break work;
                }
                Fault f = rig.mm.touch(hog, h + v, true);
                assertTrue(f != Fault.OOM, "the kernel's OOM path was never needed");
                faults++;
                rig.kernel.runPending();
            }
        }
        assertEquals(1, psi.kills.size(), "one kill: " + psi.kills);
        PsiOomPolicy.Kill kill = psi.kills.get(0);
        assertEquals("psi", kill.why(), "proactive, from the stall monitor");
        assertEquals(2000, kill.pid(), "the hog, the largest RSS");
        assertEquals(0, psi.oomCalls, "the kernel's OOM path never ran");
        assertTrue(rig.kernel.memstallNs(2000) > 0.4 * WINDOW, "the hog stalled in reclaim");
        assertTrue(faults < ws, "killed during its first pass over memory + swap: " + faults);

        rig.kernel.runUntil(kill.atNs() + rig.kernel.victimExitDelayNs() + 1);
        assertNull(rig.kernel.task(2000), "the victim exited");
        assertNotNull(rig.kernel.task(1000));
        assertTrue(!sshd.memdie() && !sshd.fatalSignalPending(), "the bystander is untouched");
        assertTrue(rig.free() > freeAtStart - 1000, "the hog's memory came back: " + rig.free());
        assertTrue(rig.kernel.log().stream().anyMatch(l -> l.startsWith("Killed process 2000 (thrasher)")));
        assertEquals(List.of(), rig.mm.audit());
    }
}
