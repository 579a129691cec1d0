package io.slowpath.policy.oom.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.slowpath.api.Gfp;
import io.slowpath.api.MigrateType;
import io.slowpath.api.PageOrder;
import io.slowpath.api.ZoneType;
import io.slowpath.api.ZoneView;
import io.slowpath.api.mm.TaskView;
import io.slowpath.api.oom.OomOutcome;
import io.slowpath.api.oom.OomRequest;
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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A report Slowpath prints for a simulated OOM reads back into the state it was printed from: the header, the
 * machine (zones, sizes, watermarks, reserves, free lists per order and type), the swap state, the task table and the
 * kill; and replaying it gives the kill the simulated kernel made.
 */
class RoundTripTest {
    @Test
    void aSimulatedReportReadsBackIntoTheSameState() {
        for (String flavour : List.of("3.10.108", "el7")) {
            check(flavour);
        }
    }

    private static void check(String flavour) {
        Stock310OomPolicy policy = Stock310OomPolicy.defaults();
        SimulatedKernel k = SimulatedKernel.builder(MachineConfig.from(ConfigLoader.load(null,
                List.of("machine.memory=256M", "machine.cpus=2", "kernel.flavour=" + flavour))).boot())
            .policies(OffPolicies.kswapd(), OffPolicies.reclaim(), OffPolicies.compaction(), policy)
            .mmConfig(MmConfig.defaults().withSwapPages(4096)).build();
        MmModel mm = k.mm();
        Task root = process(mm, 300, 1, "rootd", 0, -500, 2000);
        Task app = process(mm, 1000, 1, "app", 1000, 0, 9000);
        Task child = mm.fork(app, 1001);
        assertNotNull(child);
        Task db = process(mm, 2000, 1, "db", 27, -300, 4000);
        long dbBase = BASES.get(BASES.size() - 1);
        for (long v = 0; v < 700; v++) {
            assertTrue(mm.swapOut(mm.pfnAt(db, dbBase + v)));
        }
        List<String> log = new ArrayList<>();
        k.onLog(log::add);
        OomOutcome out = k.callAs(app, () -> policy.outOfMemory(k.services(),
            new OomRequest(List.of(), Gfp.GFP_HIGHUSER_MOVABLE | Gfp.__GFP_ZERO, 0, 2, false)));
        assertEquals(OomOutcome.Action.KILLED, out.action());

        ParsedReport r = OomReportParser.parse(String.join("\n", log), "simulated " + flavour);
        String where = flavour + ": " + r.problems();
        assertEquals(List.of(), r.problems(), where);
        assertEquals("app", r.invokedBy());
        assertEquals(0x280da, r.gfpMask());
        assertEquals(0, r.order());
        assertEquals("0", r.memsAllowed());
        assertEquals(1000, r.currentPid());
        assertEquals(flavour.equals("el7") ? "3.10.0-1160.el7.x86_64" : "3.10.108", r.kernelRelease());
        assertEquals(List.of("dump_stack", "dump_header", "oom_kill_process"), r.frames());

        List<ZoneView> zones = k.machine().populatedZones();
        assertEquals(zones.size(), r.zones().size());
        for (int i = 0; i < zones.size(); i++) {
            ZoneView z = zones.get(i);
            ReportZone p = r.zones().get(i);
            String zw = where + " " + z.name();
            assertEquals(z.nodeId(), p.node(), zw);
            assertEquals(z.type(), ZoneType.ofKernelName(p.name()), zw);
            assertEquals(z.freePages(), p.pages("free"), zw);
            assertEquals(z.minWatermark(), p.pages("min"), zw);
            assertEquals(z.lowWatermark(), p.pages("low"), zw);
            assertEquals(z.highWatermark(), p.pages("high"), zw);
            assertEquals(z.presentPages(), p.pages("present"), zw);
            assertEquals(z.managedPages(), p.pages("managed"), zw);
            assertEquals(z.pagesScanned(), p.kb("pages_scanned"), zw);
            for (int c = 0; c < ZoneType.MAX_NR_ZONES; c++) {
                assertEquals(z.lowmemReserve(c), p.lowmemReserve()[c], zw);
            }
            for (int o = 0; o < PageOrder.MAX_ORDER; o++) {
                assertEquals(z.nrFree(o), p.nrFree()[o], zw + " order " + o);
                StringBuilder letters = new StringBuilder();
                for (MigrateType t : MigrateType.values()) {
                    if (z.nrFree(o, t) != 0) {
                        letters.append(t.letter());
                    }
                }
                assertEquals(letters.toString(), p.types()[o], zw + " order " + o);
            }
        }
        assertEquals(io.slowpath.core.proc.FreeAreaReport.render(k.machine()),
            io.slowpath.core.proc.FreeAreaReport.render(new ReplayMachine(r)),
            "every counter, per-cpu list and free list read back: " + where);
        assertEquals(mm.swap().totalPages() * 4, r.totalSwapKb(), where);
        assertEquals(mm.swap().freePages() * 4, r.freeSwapKb(), where);
        assertEquals(mm.swapCachePages(), r.swapCachePages(), where);
        assertArrayEquals(mm.swapCacheStats(), r.swapCacheStats(), where);
        assertEquals(k.services().totalramPages(), r.pagesRam() - r.pagesReserved(), where);

        List<TaskView> expected = new ArrayList<>();
        for (TaskView t : k.services().tasks()) {
            if (t.hasMm() && t.pid() != 1) {
                expected.add(t);
            }
        }
        assertEquals(expected.size(), r.tasks().size(), where);
        for (int i = 0; i < expected.size(); i++) {
            TaskView t = expected.get(i);
            ReportTask p = r.tasks().get(i);
            assertEquals(List.of(t.pid(), t.uid(), t.tgid(), t.oomScoreAdj()),
                List.of(p.pid(), p.uid(), p.tgid(), p.oomScoreAdj()), where);
            assertEquals(List.of(t.totalVm(), t.anonRss() + t.fileRss(), t.nrPtes(), t.swapEntries()),
                List.of(p.totalVm(), p.rss(), p.nrPtes(), p.swapEntries()), where);
            assertEquals(t.name(), p.name(), where);
        }
        assertEquals(1000, r.kill().pid(), "app is the largest: " + where);
        assertEquals(1001, r.killed().pid(), "its child is sacrificed: " + where);
        assertEquals(out.victimPid(), r.killed().pid());
        assertEquals(flavour.equals("el7") ? 1000 : -1, r.killed().uid());

        ReplayResult replay = OomReplay.replay(r, Stock310OomPolicy.defaults(), "stock-3.10", RootBonus.STABLE);
        assertTrue(replay.match(), where + " " + replay.kernel() + " " + replay.replay());
        assertEquals(k.services().totalramPages() + k.services().totalSwapPages(), replay.totalpages());
        assertTrue(replay.explanations().stream().anyMatch(e -> e.startsWith("sacrifice child: the kernel selected"
            + " 1000 (app) but killed 1001 (app)")), replay.explanations().toString());
        assertTrue(db.swapEntries() == 700 && r.task(2000).swapEntries() == 700);
        assertTrue(root.uid() == 0);
    }

    /** The first virtual page of each {@link #process}'s mapping, in order. */
    private static final List<Long> BASES = new ArrayList<>();

    private static Task process(MmModel mm, int pid, int ppid, String name, int uid, int adj, long pages) {
        Task t = new Task(pid, pid, ppid, name, uid, adj);
        assertTrue(mm.spawn(t));
        long base = mm.mmap(t, pages, VmaKind.ANON);
        BASES.add(base);
        for (long v = 0; v < pages; v++) {
            mm.touch(t, base + v, true);
        }
        return t;
    }
}
