package io.slowpath.policy.oom.stock310;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.slowpath.api.Gfp;
import io.slowpath.api.oom.OomOutcome;
import io.slowpath.api.oom.OomPolicy;
import io.slowpath.api.oom.OomRequest;
import io.slowpath.core.config.SlowpathConfigException;
import io.slowpath.core.inject.Kernels;
import io.slowpath.core.mm.MmModel;
import io.slowpath.core.mm.Task;
import io.slowpath.core.mm.VmaKind;
import io.slowpath.core.sim.SimulatedKernel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stock 3.10 OOM killer on a real simulated kernel (128 MiB, no swap, reclaim and compaction off). */
class Stock310OomPolicyTest {
    private static final OomRequest ANON_FAULT =
        new OomRequest(List.of(), Gfp.GFP_HIGHUSER_MOVABLE | Gfp.__GFP_ZERO, 0, 2, false);

    private SimulatedKernel kernel(OomPolicy oom) {
        return Kernels.builder().set("machine.memory=128M").oom(oom).build();
    }

    private static Task process(MmModel mm, int pid, int ppid, String name, int uid, long pages) {
        Task t = new Task(pid, pid, ppid, name, uid, 0);
        assertTrue(mm.spawn(t));
        long base = mm.mmap(t, pages, VmaKind.ANON);
        for (long v = 0; v < pages; v++) {
            mm.touch(t, base + v, true);
        }
        return t;
    }

    private static OomOutcome oom(SimulatedKernel k, Task current, OomPolicy policy) {
        return k.callAs(current, () -> policy.outOfMemory(k.services(), ANON_FAULT));
    }

    @Test
    void killsTheLargestTaskPrintsTheReportAndTheVictimExitsOneJiffyLater() {
        Stock310OomPolicy policy = Stock310OomPolicy.defaults();
        SimulatedKernel k = kernel(policy);
        Task small = process(k.mm(), 1000, 1, "small", 1000, 100);
        Task big = process(k.mm(), 2000, 1, "big", 1000, 3000);
        long start = k.clock().now();
        OomOutcome out = oom(k, small, policy);
        assertEquals(OomOutcome.Action.KILLED, out.action());
        assertEquals(2000, out.victimPid());
        assertEquals(big.anonRss() + big.nrPtes(), out.points());
        assertTrue(big.memdie() && big.fatalSignalPending());
        assertEquals(k.services().costs().jiffyNs(), k.clock().now() - start, "schedule_timeout_killable(1)");
        List<String> log = k.log();
        assertEquals("small invoked oom-killer: gfp_mask=0x280da, order=0, oom_score_adj=0", log.get(0));
        assertEquals("small cpuset=/ mems_allowed=0", log.get(1));
        assertTrue(log.get(2).startsWith("CPU: 0 PID: 1000 Comm: small Not tainted 3.10.108 #1"), log.get(2));
        assertTrue(log.contains("Mem-Info:"));
        assertTrue(log.contains("[ pid ]   uid  tgid total_vm      rss nr_ptes swapents oom_score_adj name"));
        long total = k.services().totalramPages();
        long score = out.points() * 1000 / total;
        assertTrue(log.contains("Out of memory: Kill process 2000 (big) score " + score + " or sacrifice child"),
            String.join("\n", log));
        assertEquals("Killed process 2000 (big) total-vm:12000kB, anon-rss:12000kB, file-rss:0kB",
            log.get(log.size() - 1));

        k.runUntil(k.clock().now() + k.victimExitDelayNs() + 1);
        assertNull(k.task(2000), "the victim exited");
        assertFalse(small.memdie());
    }

    @Test
    void aVictimStillDyingAbortsTheNextScanUntilItHasExited() {
        Stock310OomPolicy policy = Stock310OomPolicy.defaults();
        SimulatedKernel k = kernel(policy);
        Task small = process(k.mm(), 1000, 1, "small", 1000, 100);
        process(k.mm(), 2000, 1, "big", 1000, 3000);
        assertEquals(OomOutcome.Action.KILLED, oom(k, small, policy).action());
        int lines = k.log().size();
        OomOutcome again = oom(k, small, policy);
        assertEquals(OomOutcome.Action.ABORTED, again.action());
        assertEquals(2000, again.victimPid(), "the dying victim stopped the scan");
        assertEquals(lines, k.log().size(), "no report for an aborted scan");
        k.runUntil(k.clock().now() + k.victimExitDelayNs() + 1);
        OomOutcome third = oom(k, small, policy);
        assertEquals(OomOutcome.Action.KILLED, third.action());
        assertEquals(1000, third.victimPid());
    }

    @Test
    void aCallerWithAFatalSignalGetsTifMemdieAndNobodyIsKilled() {
        Stock310OomPolicy policy = Stock310OomPolicy.defaults();
        SimulatedKernel k = kernel(policy);
        Task small = process(k.mm(), 1000, 1, "small", 1000, 100);
        Task big = process(k.mm(), 2000, 1, "big", 1000, 3000);
        small.sendSigkill();
        OomOutcome out = oom(k, small, policy);
        assertEquals(OomOutcome.Action.CURRENT_MEMDIE, out.action());
        assertTrue(small.memdie());
        assertFalse(big.memdie() || big.fatalSignalPending());
        assertEquals(List.of(), k.log(), "nothing printed");
    }

    @Test
    void theHighestScoringChildIsSacrificedForItsParent() {
        Stock310OomPolicy policy = Stock310OomPolicy.defaults();
        SimulatedKernel k = kernel(policy);
        Task parent = process(k.mm(), 1000, 1, "parent", 1000, 3000);
        process(k.mm(), 1001, 1000, "child-a", 1000, 40);
        Task childB = process(k.mm(), 1002, 1000, "child-b", 1000, 80);
        process(k.mm(), 1003, 1002, "grandchild", 1000, 500);
        OomOutcome out = oom(k, parent, policy);
        assertEquals(1002, out.victimPid(), "the larger child, not the grandchild");
        assertEquals(childB.anonRss() + childB.nrPtes(), out.points());
        List<String> log = k.log();
        assertTrue(log.stream().anyMatch(l -> l.startsWith("Out of memory: Kill process 1000 (parent) score ")),
            "the parent is named before the child is chosen");
        assertTrue(log.get(log.size() - 1).startsWith("Killed process 1002 (child-b) "), log.get(log.size() - 1));
        assertFalse(parent.memdie());
    }

    @Test
    void panicOnOomPrintsTheHeaderAndPanics() {
        for (int mode = 1; mode <= 2; mode++) {
            Stock310OomPolicy policy = new Stock310OomPolicy(RootBonus.STABLE, mode, false, false);
            SimulatedKernel k = kernel(policy);
            Task small = process(k.mm(), 1000, 1, "small", 1000, 100);
            OomOutcome out = oom(k, small, policy);
            assertEquals(OomOutcome.Action.PANIC, out.action());
            assertFalse(small.memdie());
            List<String> log = k.log();
            assertEquals("small invoked oom-killer: gfp_mask=0x280da, order=0, oom_score_adj=0", log.get(0));
            assertFalse(log.contains(io.slowpath.api.oom.OomReport.TASK_TABLE_HEADER), "oom_dump_tasks = 0");
            assertTrue(log.contains(" [<0000000000000000>] dump_header+0x0/0x0"));
            assertFalse(log.stream().anyMatch(l -> l.contains("oom_kill_process")),
                "dump_header is called by out_of_memory, not oom_kill_process");
            assertEquals("Kernel panic - not syncing: Out of memory: "
                + (mode == 1 ? "system-wide" : "compulsory") + " panic_on_oom is enabled", log.get(log.size() - 1));
        }
    }

    @Test
    void oomKillAllocatingTaskKillsTheCallerWithScoreZero() {
        Stock310OomPolicy policy = new Stock310OomPolicy(RootBonus.STABLE, 0, true, true);
        SimulatedKernel k = kernel(policy);
        Task small = process(k.mm(), 1000, 1, "small", 1000, 100);
        Task big = process(k.mm(), 2000, 1, "big", 1000, 3000);
        long start = k.clock().now();
        OomOutcome out = oom(k, small, policy);
        assertEquals(1000, out.victimPid());
        assertTrue(small.memdie());
        assertFalse(big.memdie());
        assertEquals(start, k.clock().now(), "no sleep after this kill");
        assertTrue(k.log().contains(
            "Out of memory (oom_kill_allocating_task): Kill process 1000 (small) score 0 or sacrifice child"));
    }

    @Test
    void noKillableProcessPanics() {
        Stock310OomPolicy policy = Stock310OomPolicy.defaults();
        SimulatedKernel k = kernel(policy);
        Task t = new Task(1000, 1000, 1, "locked", 1000, -1000);
        k.mm().spawn(t);
        OomOutcome out = oom(k, t, policy);
        assertEquals(OomOutcome.Action.PANIC, out.action());
        assertEquals("Kernel panic - not syncing: Out of memory and no killable processes...",
            k.log().get(k.log().size() - 1));
    }

    @Test
    void theReportIsRateLimitedToTenPerFiveSecondsButEveryKillIsNamed() {
        Stock310OomPolicy policy = Stock310OomPolicy.defaults();
        SimulatedKernel k = kernel(policy);
        Task caller = process(k.mm(), 999, 1, "caller", 1000, 10);
        for (int i = 0; i < 12; i++) {
            process(k.mm(), 1000 + i, 1, "t" + i, 1000, 200 - i);
        }
        for (int i = 0; i < 11; i++) {
            assertEquals(1000 + i, oom(k, caller, policy).victimPid());
            k.runUntil(k.clock().now() + k.victimExitDelayNs() + 1);
        }
        List<String> log = k.log();
        assertEquals(10, log.stream().filter(l -> l.contains(" invoked oom-killer: ")).count(), "burst of 10");
        assertEquals(11, log.stream().filter(l -> l.startsWith("Out of memory: Kill process ")).count());
        assertEquals(11, log.stream().filter(l -> l.startsWith("Killed process ")).count());
        k.clock().setNow(k.clock().now() + 5_000_000_001L);
        assertEquals(1011, oom(k, caller, policy).victimPid());
        log = k.log();
        int suppressed = log.indexOf("oom_kill_process: 1 callbacks suppressed");
        assertTrue(suppressed > 0, "a new window reports the suppressed report");
        assertEquals("caller invoked oom-killer: gfp_mask=0x280da, order=0, oom_score_adj=0", log.get(suppressed + 1));
    }

    @Test
    void theRootBonusIsASettingAndABadValueNamesItsKey() {
        OomPolicy stable = Kernels.builder().set("machine.memory=128M", "policies.oom=stock-3.10").injector()
            .getInstance(OomPolicy.class);
        assertEquals(RootBonus.STABLE, assertInstanceOf(Stock310OomPolicy.class, stable).rootBonus());
        OomPolicy release = Kernels.builder()
            .set("machine.memory=128M", "policies.oom=stock-3.10", "policy.oom.\"stock-3.10\".root-bonus=3.10.0")
            .injector().getInstance(OomPolicy.class);
        assertEquals(RootBonus.RELEASE, ((Stock310OomPolicy) release).rootBonus());
        RuntimeException e = assertThrows(RuntimeException.class, () -> Kernels.builder()
            .set("machine.memory=128M", "policies.oom=stock-3.10", "policy.oom.\"stock-3.10\".root-bonus=3.11").build());
        assertTrue(e.getMessage().contains("slowpath.policy.oom.\"stock-3.10\".root-bonus"), e.getMessage());
        assertTrue(e.getMessage().contains("\"3.10.y\", \"3.10.0\""), e.getMessage());
        SlowpathConfigException typo = assertThrows(SlowpathConfigException.class, () -> Kernels.builder()
            .set("machine.memory=128M", "policies.oom=stock-3.10", "policy.oom.\"stock-3.10\".root-bonsu=3.10.0").build());
        assertTrue(typo.getMessage().contains("root-bonsu"), typo.getMessage());
        SlowpathConfigException unquoted = assertThrows(SlowpathConfigException.class, () -> Kernels.builder()
            .set("machine.memory=128M", "policies.oom=stock-3.10", "policy.oom.stock-3.10.root-bonus=3.10.0").build());
        assertTrue(unquoted.getMessage().contains("a name with dots is quoted in its settings path: "
            + "slowpath.policy.oom.\"stock-3.10\""), unquoted.getMessage());
    }
}
