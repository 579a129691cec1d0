package io.slowpath.core.proc;

import io.slowpath.api.MachineView;
import io.slowpath.api.NodeView;
import io.slowpath.api.PageOrder;
import io.slowpath.api.ZoneView;
import io.slowpath.api.compaction.Fragmentation;
import java.util.function.ToIntFunction;

/**
 * /sys/kernel/debug/extfrag/extfrag_index: the fragmentation index of every populated zone for each order, which
 * {@code compaction_suitable} compares with {@code vm.extfrag_threshold}.
 *
 * <p>Models mm/vmstat.c: extfrag_show / extfrag_show_print (Linux 3.10). Each line is
 * {@code "Node {nid}, zone {name:%8s} "}, then {@code "%d.%03d "} of {@code __fragmentation_index} in thousandths for
 * orders 0..10 (-1000 prints {@code -1.000}: a block of that order is free), so every line ends with a space.
 */
public final class ExtfragIndex {
    private ExtfragIndex() {
    }

    /** The debugfs path the kernel serves this file at. */
    public static final String PATH = "/sys/kernel/debug/extfrag/extfrag_index";

    /**
     * Renders the file for a machine.
     *
     * @param machine the machine; its nodes are walked in list order
     * @return the whole file, each line ending in {@code "\n"}
     */
    public static String render(MachineView machine) {
        return renderIndex(machine, Fragmentation::fragmentationIndex);
    }

    /** Renders one zone's line, newline included. */
    public static String renderZone(ZoneView zone) {
        StringBuilder out = new StringBuilder(96);
        appendZone(out, zone, Fragmentation::fragmentationIndex);
        return out.toString();
    }

    /** The walk both debugfs index files share: walk_zones_in_node over every node. */
    static String renderIndex(MachineView machine, ToIntFunction<Fragmentation> index) {
        ProcWalk.check(machine);
        StringBuilder out = new StringBuilder(256);
        for (NodeView node : machine.nodes()) {
            for (ZoneView zone : ProcWalk.populatedZones(node)) {
                appendZone(out, zone, index);
            }
        }
        return out.toString();
    }

    static void appendZone(StringBuilder out, ZoneView zone, ToIntFunction<Fragmentation> index) {
        out.append("Node ").append(zone.nodeId()).append(", zone ");
        Columns.right(out, zone.name(), 8).append(' ');
        for (int order = 0; order < PageOrder.MAX_ORDER; order++) {
            int v = index.applyAsInt(Fragmentation.of(zone, order));
            // C's "%d.%03d" of index / 1000 and index % 1000 (both truncate toward zero, as Java's do).
            out.append(v / 1000).append('.');
            int frac = v % 1000;
            if (frac < 0) {
                out.append(String.format(java.util.Locale.ROOT, "%03d ", frac)); // C pads after the sign too
                continue;
            }
            if (frac < 100) {
                out.append('0');
            }
            if (frac < 10) {
                out.append('0');
            }
            out.append(frac).append(' ');
        }
        out.append('\n');
    }
}
