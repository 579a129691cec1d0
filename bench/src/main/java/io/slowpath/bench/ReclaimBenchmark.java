package io.slowpath.bench;

import io.slowpath.api.Gfp;
import io.slowpath.api.VmEvent;
import io.slowpath.api.reclaim.ReclaimRequest;
import io.slowpath.core.inject.OffPolicies;
import io.slowpath.core.mm.MmModel;
import io.slowpath.core.mm.Task;
import io.slowpath.core.sim.SimulatedKernel;
import io.slowpath.core.zone.Machine;
import io.slowpath.core.zone.Zone;
import io.slowpath.policy.reclaim.stock310.StockReclaim310;
import io.slowpath.policy.reclaim.stock310.StockReclaimSettings;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The stock 3.10 direct reclaim ({@code try_to_free_pages} of {@link StockReclaim310}) on a large zone (one NORMAL
 * zone of {@link #gib} GiB, one CPU, no swap, kswapd and compaction off), every page but the watermark reserve in the
 * page cache. The auxiliary counters report pages scanned ({@code pgscan_direct}) and pages reclaimed
 * ({@code pgsteal_direct}) per second of wall time.
 * <ul>
 *   <li>{@code scanWritebackZone}: every page-cache page is under writeback (which never ends here), so each
 *       try_to_free_pages walks the whole priority loop 12..0 and frees nothing: the raw scan rate of
 *       shrink_inactive_list / shrink_page_list over a large list (about 2 x the list per call).</li>
 *   <li>{@code reclaimAndRefill}: clean page cache; each call frees a priority-12 target (zone >> 12 pages) and the
 *       benchmark reads as many new file pages back in, so the zone stays full: reclaim throughput in steady
 *       state (the refill's page-cache work is part of the time).</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
public class ReclaimBenchmark {
    /** Zone size in GiB. */
    @Param({"4"})
    public int gib;

    private SimulatedKernel kernel;
    private MmModel mm;
    private StockReclaim310 reclaim;
    private Task task;
    private ReclaimRequest request;
    private int writebackFile;
    private int cleanFile;
    private long nextOffset;

    /** Pages scanned and reclaimed, reported by JMH as rates. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Pages {
        /** Pages scanned by isolate_lru_pages (pgscan_direct). */
        public long scanned;
        /** Pages freed (pgsteal_direct). */
        public long reclaimed;
    }

    /** Boots the machine; fills its zone with page cache, under writeback or clean as the benchmark wants. */
    @Setup(Level.Trial)
    public void setUp(org.openjdk.jmh.infra.BenchmarkParams params) {
        Machine machine = BenchMachines.boot(gib, 1);
        reclaim = new StockReclaim310(StockReclaimSettings.defaults().withCompaction(false));
        kernel = SimulatedKernel.builder(machine)
            .policies(OffPolicies.kswapd(), reclaim, OffPolicies.compaction(), OffPolicies.oom()).build();
        mm = kernel.mm();
        task = mm.spawn(1000, "bench", 1000, 0);
        Zone zone = machine.populatedZoneList().get(0);
        request = new ReclaimRequest(List.of(zone), 0, Gfp.GFP_HIGHUSER_MOVABLE, zone.index());
        boolean writeback = params.getBenchmark().endsWith("scanWritebackZone");
        long fill = zone.managedPages() - zone.highWatermark() * 2;
        int file = mm.createFile(Integer.MAX_VALUE - 1);
        for (long off = 0; off < fill; off++) {
            if (writeback) {
                mm.writeFile(task, file, off);
                mm.startWriteback(mm.pageCachePfn(file, off));
            } else {
                mm.readFile(task, file, off);
            }
        }
        writebackFile = file;
        cleanFile = file;
        nextOffset = fill;
    }

    private long event(String name) {
        return kernel.machine().event(VmEvent.ofProcName(name));
    }

    /** One try_to_free_pages over a zone whose page cache is all under writeback. */
    @Benchmark
    public long scanWritebackZone(Pages pages) {
        long scanned = event("pgscan_direct_normal");
        long progress = kernel.callAs(task, () -> reclaim.tryToFreePages(kernel.services(), request));
        pages.scanned += event("pgscan_direct_normal") - scanned;
        return progress + writebackFile;
    }

    /** One try_to_free_pages over clean page cache, then as many new pages read back in. */
    @Benchmark
    public long reclaimAndRefill(Pages pages) {
        long scanned = event("pgscan_direct_normal");
        long stolen = event("pgsteal_direct_normal");
        long progress = kernel.callAs(task, () -> reclaim.tryToFreePages(kernel.services(), request));
        long freed = event("pgsteal_direct_normal") - stolen;
        pages.scanned += event("pgscan_direct_normal") - scanned;
        pages.reclaimed += freed;
        for (long i = 0; i < freed; i++) {
            mm.readFile(task, cleanFile, nextOffset++);
        }
        return progress;
    }
}
