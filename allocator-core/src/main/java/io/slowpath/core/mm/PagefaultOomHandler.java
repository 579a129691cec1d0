package io.slowpath.core.mm;

import io.slowpath.api.Gfp;
import io.slowpath.api.oom.OomOutcome;
import io.slowpath.api.oom.OomPolicy;
import io.slowpath.api.oom.OomRequest;
import io.slowpath.core.alloc.Slowpath310;
import io.slowpath.core.sim.SimulatedKernel;
import io.slowpath.core.zone.Zone;
import io.slowpath.core.zone.Zonelist;
import java.util.ArrayList;
import java.util.List;

/**
 * What a user-mode fault that returned {@code VM_FAULT_OOM} does next: {@code mm_fault_error} calls
 * {@code pagefault_out_of_memory()}. The model records every call and then hands it to this handler.
 */
@FunctionalInterface
public interface PagefaultOomHandler {
    /** Called with the faulting task after its fault returned {@code VM_FAULT_OOM}. */
    void pagefaultOutOfMemory(Task task);

    /** Does nothing beyond the model's own record. */
    static PagefaultOomHandler none() {
        return t -> { };
    }

    /**
     * Models mm/oom_kill.c: pagefault_out_of_memory (Linux 3.10.108, without memcg): take the OOM lock of
     * {@code node_zonelist(first_online_node, GFP_KERNEL)} with {@code try_set_zonelist_oom}; if it was free call
     * {@code out_of_memory(NULL, 0, 0, NULL, false)} (an empty zonelist, gfp 0, order 0) and release it; if another
     * OOM kill holds it, do nothing (no sleep).
     *
     * <p>The policy sees {@code MmServices.current()} as the faulting task: {@link MmModel#touch} runs the fault and
     * this handler with the task as current ({@code SimulatedKernel.runAs}).
     */
    static PagefaultOomHandler outOfMemory(SimulatedKernel kernel, OomPolicy oom) {
        return task -> {
            Zonelist zl = kernel.machine().nodes().get(0).zonelist(0);
            int high = Gfp.gfpZone(Gfp.GFP_KERNEL).index();
            List<Zone> zones = new ArrayList<>();
            for (int i = 0; i < zl.size(); i++) {
                if (zl.get(i).index() <= high) {
                    zones.add(zl.get(i));
                }
            }
            for (Zone z : zones) {
                if (z.oomLocked()) {
                    return;
                }
            }
            zones.forEach(z -> z.setOomLocked(true));
            kernel.callStack().push("out_of_memory");
            try {
                OomOutcome out = oom.outOfMemory(kernel.services(),
                    new OomRequest(List.of(), 0, 0, Gfp.gfpZone(0).index(), false));
                if (out.action() == OomOutcome.Action.PANIC) {
                    throw new Slowpath310.KernelPanic("Kernel panic - not syncing: Out of memory");
                }
            } finally {
                kernel.callStack().pop();
                zones.forEach(z -> z.setOomLocked(false));
            }
        };
    }
}
