package io.slowpath.policy.oom.stock310;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.slowpath.core.inject.Kernels;
import io.slowpath.core.mm.Fault;
import io.slowpath.core.mm.Task;
import io.slowpath.core.mm.VmaKind;
import io.slowpath.core.sim.SimulatedKernel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An anonymous-memory hog on a 128 MiB machine without swap (reclaim, compaction and kswapd off) runs the slow path
 * into the stock OOM killer, which prints the seed's story and kills the hog; its memory comes back one jiffy later.
 */
class EndToEndOomTest {
    /** The seed's call trace (/work/shared/seed/oom-analysis.md), innermost first, without the '?' entries. */
    static final List<String> SEED_TRACE = List.of("dump_stack", "dump_header", "oom_kill_process", "out_of_memory",
        "__alloc_pages_slowpath", "__alloc_pages_nodemask", "alloc_pages_vma", "handle_mm_fault", "__do_page_fault",
        "do_page_fault", "page_fault");

    @Test
    void anAnonymousHogEndsInAnOomReportLikeTheSeeds() {
        SimulatedKernel k = Kernels.kernel("machine.memory=128M", "policies.oom=stock-3.10");
        Task sshd = k.mm().spawn(500, "sshd", 0, -1000);
        long s = k.mm().mmap(sshd, 50, VmaKind.ANON);
        for (int i = 0; i < 50; i++) {
            k.mm().touch(sshd, s + i, true);
        }
        Task bash = k.mm().spawn(600, "bash", 1000, 0);
        long b = k.mm().mmap(bash, 200, VmaKind.ANON);
        for (int i = 0; i < 200; i++) {
            k.mm().touch(bash, b + i, true);
        }
        Task hog = k.mm().spawn(1000, "hog", 1000, 0);
        long pages = 64 * 1024;
        long h = k.mm().mmap(hog, pages, VmaKind.ANON);
        long touched = 0;
        Fault last = null;
        for (long v = 0; v < pages && !hog.fatalSignalPending(); v++) {
            last = k.mm().touch(hog, h + v, true);
            if (last != Fault.OOM) {
                touched++;
            }
        }
        assertTrue(last != Fault.OOM, "the fault that ran the OOM killer got its page: the victim (the hog itself)"
            + " has TIF_MEMDIE and may use the reserves");
        assertTrue(hog.fatalSignalPending() && hog.memdie(), "the hog was killed");
        List<String> log = k.log();
        int first = log.indexOf("hog invoked oom-killer: gfp_mask=0x280da, order=0, oom_score_adj=0");
        assertTrue(first >= 0, String.join("\n", log));
        assertEquals("hog cpuset=/ mems_allowed=0", log.get(first + 1));
        assertEquals("CPU: 0 PID: 1000 Comm: hog Not tainted 3.10.108 #1", log.get(first + 2));
        assertEquals("Call Trace:", log.get(first + 3));
        List<String> frames = new ArrayList<>();
        for (int i = first + 4; log.get(i).startsWith(" [<"); i++) {
            frames.add(log.get(i).replaceAll("^ \\[<[0-9a-f]+>\\] (\\S+)\\+0x[0-9a-f]+/0x[0-9a-f]+$", "$1"));
        }
        assertEquals(SEED_TRACE, frames);
        assertTrue(log.contains("Mem-Info:"));
        // The report was printed during the fault that found no memory; that fault completed afterwards (the victim
        // may use the reserves), so the task's counters now are one page on from what the report shows.
        String row = log.stream().filter(l -> l.startsWith("[ 1000]")).findFirst().orElseThrow();
        assertTrue(row.matches("\\[ 1000\\]  1000  1000    65536 +\\d+ +\\d+        0             0 hog"), row);
        long rss = Long.parseLong(row.split(" +")[5]);
        long ptes = Long.parseLong(row.split(" +")[6]);
        assertTrue(rss > 20_000 && rss <= hog.anonRss(), row);
        long score = (rss + ptes) * 1000 / k.services().totalramPages();
        assertTrue(log.contains("Out of memory: Kill process 1000 (hog) score " + score + " or sacrifice child"));
        assertTrue(log.contains("Killed process 1000 (hog) total-vm:262144kB, anon-rss:" + rss * 4
            + "kB, file-rss:0kB"));
        assertTrue(touched > 20_000, "the hog used most of the machine first: " + touched);

        k.runUntil(k.clock().now() + k.victimExitDelayNs() + 1);
        assertNull(k.task(1000), "the victim exited and its memory was freed");
        assertTrue(k.task(500) != null && k.task(600) != null, "the others live");
    }

    @Test
    void aFaultThatFailsGoesThroughPagefaultOutOfMemory() {
        // A task dumping core (PF_DUMPCORE) gets no OOM kill from the allocator (S15b): its fault returns
        // VM_FAULT_OOM and mm_fault_error calls pagefault_out_of_memory, which runs out_of_memory with gfp 0.
        SimulatedKernel k = Kernels.kernel("machine.memory=128M", "policies.oom=stock-3.10");
        Task bash = k.mm().spawn(600, "bash", 1000, 0);
        long b = k.mm().mmap(bash, 5000, VmaKind.ANON);
        for (int i = 0; i < 5000; i++) {
            k.mm().touch(bash, b + i, true);
        }
        Task dumper = k.mm().spawn(700, "dumper", 1000, 0);
        dumper.setFlags(io.slowpath.api.mm.TaskView.PF_DUMPCORE);
        long d = k.mm().mmap(dumper, 64 * 1024, VmaKind.ANON);
        Fault f = null;
        for (long v = 0; v < 64 * 1024 && f != Fault.OOM; v++) {
            f = k.mm().touch(dumper, d + v, true);
        }
        assertEquals(Fault.OOM, f);
        List<String> log = k.log();
        int first = log.indexOf("dumper invoked oom-killer: gfp_mask=0x0, order=0, oom_score_adj=0");
        assertTrue(first >= 0, String.join("\n", log));
        List<String> frames = new ArrayList<>();
        for (int i = first + 4; log.get(i).startsWith(" [<"); i++) {
            frames.add(log.get(i).replaceAll("^ \\[<[0-9a-f]+>\\] (\\S+)\\+0x[0-9a-f]+/0x[0-9a-f]+$", "$1"));
        }
        assertEquals(List.of("dump_stack", "dump_header", "oom_kill_process", "out_of_memory",
            "pagefault_out_of_memory", "mm_fault_error", "__do_page_fault", "do_page_fault", "page_fault"), frames);
        assertTrue(log.contains("Killed process 700 (dumper) total-vm:262144kB, anon-rss:" + dumper.anonRss() * 4
            + "kB, file-rss:0kB"), String.join("\n", log));
    }
}
