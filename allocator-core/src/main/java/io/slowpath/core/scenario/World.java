package io.slowpath.core.scenario;

import io.slowpath.api.ZoneView;
import io.slowpath.core.mm.MmModel;
import io.slowpath.core.sim.SimulatedKernel;

/** The running simulation a scenario's actors share: the kernel, its mm model, the operations and free pids. */
final class World {
    private final SimulatedKernel kernel;
    private final MmModel mm;
    private final Ops ops;
    private final long machinePages;
    private final long seed;
    private int nextPid;

    World(SimulatedKernel kernel, Ops ops, long seed, int firstFreePid) {
        this.kernel = kernel;
        this.mm = ops.mm();
        this.ops = ops;
        this.seed = seed;
        this.nextPid = firstFreePid;
        this.machinePages = machinePages(kernel);
    }

    /** The managed pages of all populated zones. */
    static long machinePages(SimulatedKernel kernel) {
        long pages = 0;
        for (ZoneView z : kernel.machine().populatedZones()) {
            pages += z.managedPages();
        }
        return pages;
    }

    SimulatedKernel kernel() {
        return kernel;
    }

    MmModel mm() {
        return mm;
    }

    Ops ops() {
        return ops;
    }

    long seed() {
        return seed;
    }

    long machinePages() {
        return machinePages;
    }

    /** A pid no task of the scenario uses yet (for fork). */
    int allocPid() {
        return nextPid++;
    }
}
