package io.slowpath.core.proc;

import io.slowpath.api.MachineView;
import io.slowpath.api.ZoneView;
import io.slowpath.api.compaction.Fragmentation;

/**
 * /sys/kernel/debug/extfrag/unusable_index: the unusable free space index of every populated zone for each order,
 * the share of free memory in blocks too small for that order.
 *
 * <p>Models mm/vmstat.c: unusable_show / unusable_show_print (Linux 3.10). Each line is
 * {@code "Node {nid}, zone {name:%8s} "}, then {@code "%d.%03d "} of {@code unusable_free_index} in thousandths for
 * orders 0..10. Nodes without memory print nothing (they have no populated zone either).
 */
public final class UnusableIndex {
    private UnusableIndex() {
    }

    /** The debugfs path the kernel serves this file at. */
    public static final String PATH = "/sys/kernel/debug/extfrag/unusable_index";

    /**
     * Renders the file for a machine.
     *
     * @param machine the machine; its nodes are walked in list order
     * @return the whole file, each line ending in {@code "\n"}
     */
    public static String render(MachineView machine) {
        return ExtfragIndex.renderIndex(machine, Fragmentation::unusableFreeIndex);
    }

    /** Renders one zone's line, newline included. */
    public static String renderZone(ZoneView zone) {
        StringBuilder out = new StringBuilder(96);
        ExtfragIndex.appendZone(out, zone, Fragmentation::unusableFreeIndex);
        return out.toString();
    }
}
