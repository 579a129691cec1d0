package io.slowpath.bench;

import io.slowpath.core.zone.Machine;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How long {@link Machine#boot} takes for a large machine (one NORMAL zone, 2 CPUs): building the free-area bitmaps,
 * freeing every page into the buddy lists, the boot arithmetic and the MIGRATE_RESERVE placement. Single shot: the
 * first boots of a fresh JVM are the warm-up, as a user's first boot would be cold.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class MachineBootBenchmark {
    /** Machine size in GiB. */
    @Param({"16", "64"})
    public int gib;

    /** Boots one machine of {@link #gib} GiB. */
    @Benchmark
    public Machine boot() {
        return BenchMachines.boot(gib, 2);
    }
}
