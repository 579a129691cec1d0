package io.slowpath.policy.oom.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.slowpath.core.config.ConfigLoader;
import io.slowpath.core.config.MachineConfig;
import io.slowpath.core.inject.OffPolicies;
import io.slowpath.core.mm.MmConfig;
import io.slowpath.core.mm.MmModel;
import io.slowpath.core.mm.Task;
import io.slowpath.core.mm.VmaKind;
import io.slowpath.core.sim.SimulatedKernel;
import io.slowpath.policy.oom.stock310.RootBonus;
import io.slowpath.policy.oom.stock310.Stock310OomPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The sample reports in {@code examples/oom-reports} are what the simulator prints for two scripted OOMs (a kernel
 * log, one line per printk): this test runs the scripts again and compares, byte for byte, so the samples are real
 * output and the report is deterministic. Run with {@code -Dslowpath.regenerate=true} to rewrite them after a
 * deliberate change of the report.
 */
class ExampleReportsTest {
    private static final Path DIR = Path.of("..", "examples", "oom-reports");

    @Test
    void anAnonymousHogOnA3_10_108Box() throws IOException {
        String header = """
            # A report printed by Slowpath (not a real kernel): ExampleReportsTest.anAnonymousHogOnA3_10_108Box.
            # Machine: 1 GiB qemu-like x86_64 box, 2 CPUs, kernel flavour 3.10.108, no swap, THP off; policies:
            # kswapd, reclaim and compaction off, OOM stock-3.10. Tasks: sshd (uid 0, oom_score_adj -1000), two bash
            # shells (uid 1000) and java (uid 1000), which touches anonymous memory until the OOM killer stops it.
            # Addresses and offsets in the call trace are 0: a simulator has no kernel text.
            """;
        check("simulated-anon-hog-3.10.108.txt", header, run("3.10.108", 0, false));
    }

    @Test
    void aForkingServerOnAnEl7BoxWithSwap() throws IOException {
        String header = """
            # A report printed by Slowpath (not a real kernel): ExampleReportsTest.aForkingServerOnAnEl7BoxWithSwap.
            # Machine: 1 GiB qemu-like x86_64 box, 2 CPUs, kernel flavour el7 (3.10.0-1160), 256 MiB of swap (unused:
            # reclaim is off), THP off; policies: kswapd, reclaim and compaction off, OOM stock-3.10. The largest task,
            # httpd, has forked two workers: the kernel names httpd and sacrifices its larger child.
            # Addresses and offsets in the call trace are 0: a simulator has no kernel text.
            """;
        check("simulated-sacrifice-child-el7.txt", header, run("el7", 65536, true));
    }

    private static List<String> run(String flavour, long swapPages, boolean forkingServer) {
        Stock310OomPolicy policy = Stock310OomPolicy.defaults();
        SimulatedKernel k = SimulatedKernel.builder(MachineConfig.from(ConfigLoader.load(null,
                List.of("machine.memory=1G", "machine.cpus=2", "kernel.flavour=" + flavour))).boot())
            .policies(OffPolicies.kswapd(), OffPolicies.reclaim(), OffPolicies.compaction(), policy)
            .mmConfig(MmConfig.defaults().withSwapPages(swapPages)).build();
        MmModel mm = k.mm();
        process(mm, 412, "sshd", 0, -1000, 300);
        process(mm, 1201, "bash", 1000, 0, 600);
        process(mm, 1202, "bash", 1000, 0, 550);
        Task hog;
        if (forkingServer) {
            hog = process(mm, 2001, "httpd", 48, 0, 1000);
            Task w1 = mm.fork(hog, 2002);
            Task w2 = mm.fork(hog, 2003);
            touch(mm, w1, 2000);
            touch(mm, w2, 5000);
        } else {
            hog = process(mm, 3100, "java", 1000, 0, 100);
        }
        long base = mm.mmap(hog, 1L << 20, VmaKind.ANON);
        for (long v = 0; !hog.fatalSignalPending() && !k.log().stream().anyMatch(l -> l.startsWith("Killed process"));
             v++) {
            mm.touch(hog, base + v, true);
        }
        List<String> out = new ArrayList<>();
        boolean in = false;
        for (String line : k.log()) {
            in |= line.contains(" invoked oom-killer: ");
            if (in) {
                out.add(line);
            }
            if (in && line.startsWith("Killed process")) {
                break;
            }
        }
        return out;
    }

    private static Task process(MmModel mm, int pid, String name, int uid, int adj, long pages) {
        Task t = new Task(pid, pid, 1, name, uid, adj);
        assertTrue(mm.spawn(t));
        touch(mm, t, pages);
        return t;
    }

    private static void touch(MmModel mm, Task t, long pages) {
        long base = mm.mmap(t, pages, VmaKind.ANON);
        for (long v = 0; v < pages; v++) {
            mm.touch(t, base + v, true);
        }
    }

    private static void check(String name, String header, List<String> report) throws IOException {
        assertTrue(report.size() > 20, "a report was printed: " + report);
        String text = header + String.join("\n", report) + "\n";
        Path file = DIR.resolve(name);
        if (Boolean.getBoolean("slowpath.regenerate")) {
            Files.createDirectories(DIR);
            Files.writeString(file, text, StandardCharsets.UTF_8);
        }
        assertEquals(text, Files.readString(file, StandardCharsets.UTF_8), file + " is not what the simulator"
            + " prints now; rerun with -Dslowpath.regenerate=true if the change is deliberate");
        ReplayResult r = OomReplay.replay(OomReportParser.parse(text, name), Stock310OomPolicy.defaults(),
            "stock-3.10", RootBonus.STABLE);
        assertTrue(r.match(), r.kernel() + " " + r.replay() + " " + r.explanations());
    }
}
