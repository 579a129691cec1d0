package io.slowpath.core.proc;

import io.slowpath.api.MachineView;
import io.slowpath.api.NodeView;
import io.slowpath.api.PageOrder;
import io.slowpath.api.ZoneView;

/**
 * /proc/buddyinfo: for each populated zone, the number of free blocks at each order.
 *
 * <p>Models mm/vmstat.c: frag_show / frag_show_print (Linux 3.10). Each line is
 * {@code "Node {nid}, zone {name:%8s} "}, then {@code "{nr_free:%6lu} "} for orders 0..10, so every line ends with a
 * space before the newline.
 */
public final class BuddyInfo {
    private BuddyInfo() {
    }

    /**
     * Renders /proc/buddyinfo of a machine.
     *
     * @param machine the machine; its nodes are walked in list order
     * @return the whole file, each line ending in {@code "\n"}
     */
    public static String render(MachineView machine) {
        ProcWalk.check(machine);
        StringBuilder out = new StringBuilder(256);
        for (NodeView node : machine.nodes()) {
            for (ZoneView zone : ProcWalk.populatedZones(node)) {
                appendZone(out, node.id(), zone);
            }
        }
        return out.toString();
    }

    /** Renders one zone's line of /proc/buddyinfo, newline included. */
    public static String renderZone(ZoneView zone) {
        StringBuilder out = new StringBuilder(96);
        appendZone(out, zone.nodeId(), zone);
        return out.toString();
    }

    private static void appendZone(StringBuilder out, int nodeId, ZoneView zone) {
        out.append("Node ").append(nodeId).append(", zone ");
        Columns.right(out, zone.name(), 8).append(' ');
        for (int order = 0; order < PageOrder.MAX_ORDER; order++) {
            Columns.right(out, zone.nrFree(order), 6).append(' ');
        }
        out.append('\n');
    }
}
