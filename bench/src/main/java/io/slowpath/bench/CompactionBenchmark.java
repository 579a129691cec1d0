package io.slowpath.bench;

import io.slowpath.api.VmEvent;
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
 * The cost of one {@code compact_zone} of the stock 3.10 compaction over a large fragmented zone (see
 * {@link FragmentedZone}): a whole-zone sync run ({@code compact_node}, as {@code /proc/sys/vm/compact_memory}
 * does), from the migrate scanner at the zone's start and the free scanner at its end until they meet. Each
 * measurement is one run on a freshly fragmented zone (the setup is not timed); {@code pagesMigrated} reports the
 * pages that run moved, so pages migrated per second is {@code pagesMigrated / time}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class CompactionBenchmark {
    /** Zone size in MiB. */
    @Param({"256", "1024"})
    public long mib;

    private FragmentedZone z;

    /** The pages one run migrated (pgmigrate_success), reported per iteration. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Migrated {
        /** Pages migrated by the measured run. */
        public long pagesMigrated;
    }

    /** A freshly fragmented zone for every measured run. */
    @Setup(Level.Iteration)
    public void fragment() {
        z = new FragmentedZone(mib).fragment();
    }

    /** One whole-zone sync compaction. */
    @Benchmark
    public long compactZone(Migrated m) {
        long before = z.kernel.machine().event(VmEvent.PGMIGRATE_SUCCESS);
        z.kernel.runAs(z.task, () -> z.policy.compactNode(z.kernel.services(), z.kernel.machine().nodes().get(0)));
        long moved = z.kernel.machine().event(VmEvent.PGMIGRATE_SUCCESS) - before;
        m.pagesMigrated += moved;
        return moved;
    }
}
