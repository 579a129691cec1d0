package io.slowpath.bench;

import io.slowpath.api.compaction.CompactionOps;
import io.slowpath.api.mm.PageOps;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Pages migrated per second by the compaction mechanics alone: each operation isolates one anonymous page from the
 * LRU and migrates it ({@code migratePageTo}: contents, owner, page-table entry through the reverse map, LRU hooks,
 * the old frame freed) to a free page taken with {@code splitFreePage}, as {@code migrate_pages} does for
 * compaction. The pages go round a 256 MiB zone: when the targets run out the per-CPU lists are drained and the
 * highest free block is split again.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class MigrationBenchmark {
    private FragmentedZone z;
    private CompactionOps ops;
    private PageOps pageOps;
    private long[] pages;
    private int next;
    private final long[] targets = new long[1024];
    private int nTargets;
    private int used;

    /** A zone with 16384 anonymous pages mapped by one task; the rest is free. */
    @Setup(Level.Trial)
    public void setUp() {
        z = new FragmentedZone(256);
        ops = z.kernel.services().compactionOps();
        pageOps = z.kernel.services().pageOps();
        long vma = z.mm.mmap(z.task, 16384, io.slowpath.core.mm.VmaKind.ANON);
        pages = new long[16384];
        for (int i = 0; i < pages.length; i++) {
            // Small pages only: touch from the top of each 2 MiB range down is not needed, THP is off.
            z.mm.touch(z.task, vma + i, true);
            pages[i] = z.mm.pfnAt(z.task, vma + i);
        }
    }

    /** Migrates one page. */
    @Benchmark
    public long migratePage() {
        if (used == nTargets) {
            refill();
        }
        long target = targets[used++];
        int i = next;
        next = (next + 1) % pages.length;
        long page = pages[i];
        pageOps.isolateLruPage(page);
        if (ops.migratePageTo(page, target) != CompactionOps.MIGRATEPAGE_SUCCESS) {
            throw new IllegalStateException("migration of pfn " + page + " failed");
        }
        pages[i] = target;
        return target;
    }

    /** Drains the per-CPU lists and splits the highest free block into targets. */
    private void refill() {
        z.kernel.allocator().drainAllPages();
        long start = z.zone.startPfn();
        for (long pfn = start + z.zone.spannedPages() - 1024; pfn >= start; pfn -= 1024) {
            for (long p = pfn; p < pfn + 1024; p += 512) {
                int order = ops.buddyOrder(p);
                if (order >= 9) {
                    int n = ops.splitFreePage(p);
                    for (int k = 0; k < n; k++) {
                        targets[k] = p + k;
                    }
                    nTargets = n;
                    used = 0;
                    return;
                }
            }
        }
        throw new IllegalStateException("no free block of order 9 or 10 left");
    }
}
