package io.slowpath.bench;

import io.slowpath.api.ZoneType;
import io.slowpath.core.zone.Machine;
import io.slowpath.core.zone.MachineSettings;
import io.slowpath.core.zone.ZoneSpec;
import java.util.List;

/** The machines the benchmarks boot: one NORMAL zone at pfn 2^20 (4 GiB), all of it present and managed. */
final class BenchMachines {
    /** Pages per GiB with 4 KiB pages. */
    static final long PAGES_PER_GIB = 1L << 18;
    /** Where the single zone starts: pfn 2^20, the 4 GiB line, as in the example. */
    static final long START_PFN = 1L << 20;

    private BenchMachines() {
    }

    /** Boots a machine of {@code gib} GiB in one NORMAL zone with {@code cpus} simulated CPUs and default sysctls. */
    static Machine boot(long gib, int cpus) {
        if (gib < 1) {
            throw new IllegalArgumentException("machine size must be at least 1 GiB, got " + gib);
        }
        long pages = gib * PAGES_PER_GIB;
        return Machine.boot(List.of(new ZoneSpec(0, ZoneType.NORMAL, START_PFN, pages, pages, pages)),
            MachineSettings.defaults(cpus));
    }
}
