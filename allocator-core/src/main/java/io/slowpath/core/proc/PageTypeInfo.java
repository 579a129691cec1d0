package io.slowpath.core.proc;

import io.slowpath.api.MachineView;
import io.slowpath.api.MigrateType;
import io.slowpath.api.NodeView;
import io.slowpath.api.PageOrder;
import io.slowpath.api.ZoneView;
import java.util.List;

/**
 * /proc/pagetypeinfo: per node with memory, the pageblock size, the free-block counts of each zone by migrate type and
 * order, and the number of pageblocks of each migrate type.
 *
 * <p>Models mm/vmstat.c: pagetypeinfo_show, pagetypeinfo_showfree(_print) and pagetypeinfo_showblockcount(_print)
 * (Linux 3.10), for a kernel without CONFIG_CMA and CONFIG_MEMORY_ISOLATION (four migrate types). The free counts
 * come from {@link ZoneView#nrFree(int, MigrateType)} (the kernel walks each free list), the block counts from
 * {@link ZoneView#pageblocks(MigrateType)}.
 */
public final class PageTypeInfo {
    /** The free-count table's header text, printed as {@code %-43s} then a space. */
    private static final String FREE_HEADER = "Free pages count per migrate type at order";
    /** The block-count table's header text, printed as {@code %-23s} with no space after. */
    private static final String BLOCKS_HEADER = "Number of blocks type ";

    private PageTypeInfo() {
    }

    /**
     * Renders /proc/pagetypeinfo of a machine. A node without a populated zone (memoryless, not in
     * {@code N_MEMORY}) prints nothing, not even the header.
     *
     * @param machine the machine; its nodes are walked in list order
     * @return the whole file
     */
    public static String render(MachineView machine) {
        ProcWalk.check(machine);
        StringBuilder out = new StringBuilder(2048);
        for (NodeView node : machine.nodes()) {
            List<ZoneView> zones = ProcWalk.populatedZones(node);
            if (!zones.isEmpty()) {
                appendNode(out, node.id(), zones);
            }
        }
        return out.toString();
    }

    private static void appendNode(StringBuilder out, int nodeId, List<ZoneView> zones) {
        out.append("Page block order: ").append(PageOrder.PAGEBLOCK_ORDER).append('\n');
        out.append("Pages per block:  ").append(PageOrder.PAGEBLOCK_NR_PAGES).append('\n');
        out.append('\n');

        Columns.left(out, FREE_HEADER, 43).append(' ');
        for (int order = 0; order < PageOrder.MAX_ORDER; order++) {
            Columns.right(out, order, 6).append(' ');
        }
        out.append('\n');
        for (ZoneView zone : zones) {
            appendFreeRows(out, nodeId, zone);
        }

        out.append('\n');
        Columns.left(out, BLOCKS_HEADER, 23);
        for (MigrateType type : MigrateType.values()) {
            Columns.right(out, type.kernelName(), 12).append(' ');
        }
        out.append('\n');
        for (ZoneView zone : zones) {
            out.append("Node ").append(nodeId).append(", zone ");
            Columns.right(out, zone.name(), 8).append(' ');
            for (MigrateType type : MigrateType.values()) {
                Columns.right(out, zone.pageblocks(type), 12).append(' ');
            }
            out.append('\n');
        }
    }

    private static void appendFreeRows(StringBuilder out, int nodeId, ZoneView zone) {
        for (MigrateType type : MigrateType.values()) {
            out.append("Node ");
            Columns.right(out, nodeId, 4).append(", zone ");
            Columns.right(out, zone.name(), 8).append(", type ");
            Columns.right(out, type.kernelName(), 12).append(' ');
            for (int order = 0; order < PageOrder.MAX_ORDER; order++) {
                Columns.right(out, zone.nrFree(order, type), 6).append(' ');
            }
            out.append('\n');
        }
    }
}
