package io.slowpath.api;

import java.util.ArrayList;
import java.util.List;

/** A read-only view of a whole simulated machine: its nodes, zones and the sysctls that shaped them. */
public interface MachineView {
    /** The nodes, by node id. */
    List<? extends NodeView> nodes();

    /** The number of simulated CPUs ({@code num_online_cpus}). */
    int cpus();

    /** {@code vm.min_free_kbytes} in force. */
    long minFreeKbytes();

    /** The kernel flavour simulated, e.g. {@code 3.10.108} or {@code el7}. */
    String kernelFlavour();

    /** A global event counter, summed over CPUs as /proc/vmstat prints it. */
    long event(VmEvent event);

    /** The populated zones, node by node and by zone index within a node, as /proc walks them. */
    default List<ZoneView> populatedZones() {
        List<ZoneView> out = new ArrayList<>();
        for (NodeView n : nodes()) {
            for (ZoneView z : n.zones()) {
                if (z.populated()) {
                    out.add(z);
                }
            }
        }
        return out;
    }

    /**
     * {@code page_zone}: the populated zone whose pfn range ({@code startPfn} to {@code startPfn + spannedPages})
     * holds {@code pfn}, or null. The simulated machine answers in constant time (reclaim asks it for every page it
     * touches); this default walks the zones.
     */
    default ZoneView zoneOfPfn(long pfn) {
        for (ZoneView z : populatedZones()) {
            if (pfn >= z.startPfn() && pfn < z.startPfn() + z.spannedPages()) {
                return z;
            }
        }
        return null;
    }
}
