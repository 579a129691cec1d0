package io.slowpath.core.proc;

import io.slowpath.api.MachineView;
import io.slowpath.api.NodeView;
import io.slowpath.api.ZoneStatItem;
import io.slowpath.api.ZoneView;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The walks the /proc files share: nodes in order, the populated zones of a node, and global counters. */
final class ProcWalk {
    private ProcWalk() {
    }

    /** Checks the machine argument of a renderer, naming what is wrong. */
    static MachineView check(MachineView machine) {
        Objects.requireNonNull(machine, "machine view must not be null");
        Objects.requireNonNull(machine.nodes(), "machine view returned null nodes()");
        if (machine.cpus() < 1) {
            throw new IllegalArgumentException("machine view has " + machine.cpus() + " CPUs; at least 1 is needed");
        }
        return machine;
    }

    /**
     * The populated zones of one node, by zone index. Models mm/vmstat.c: walk_zones_in_node (Linux 3.10), which
     * skips zones with no present pages.
     */
    static List<ZoneView> populatedZones(NodeView node) {
        List<ZoneView> out = new ArrayList<>();
        for (ZoneView zone : node.zones()) {
            if (zone.populated()) {
                out.add(zone);
            }
        }
        return out;
    }

    /**
     * A global counter, the sum of every zone's counter on every node. Models include/linux/vmstat.h:
     * global_page_state (Linux 3.10): the kernel folds per-CPU deltas into the zone and global counters together, so
     * the global value is the zone sum; like the kernel, a negative total reads as 0.
     */
    static long globalPageState(MachineView machine, ZoneStatItem item) {
        long sum = 0;
        for (NodeView node : machine.nodes()) {
            for (ZoneView zone : node.zones()) {
                sum += zone.stat(item);
            }
        }
        return Math.max(sum, 0);
    }
}
