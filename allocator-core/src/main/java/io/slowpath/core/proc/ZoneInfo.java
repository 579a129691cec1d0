package io.slowpath.core.proc;

import io.slowpath.api.MachineView;
import io.slowpath.api.NodeView;
import io.slowpath.api.ZoneStatItem;
import io.slowpath.api.ZoneType;
import io.slowpath.api.ZoneView;

/**
 * /proc/zoneinfo: for each populated zone its sizes, watermarks, every zone counter, the lowmem reserves, the per-CPU
 * pagesets and the reclaim state.
 *
 * <p>Models mm/vmstat.c: zoneinfo_show / zoneinfo_show_print (Linux 3.10, CONFIG_SMP, CONFIG_NUMA). Values are in
 * pages. Counter names are printed as {@code %-12s}, so names longer than 12 characters are followed by a single
 * space. The {@code vm stats threshold} line repeats inside each CPU's group, as the kernel prints it.
 */
public final class ZoneInfo {
    private ZoneInfo() {
    }

    /**
     * Renders /proc/zoneinfo of a machine, one block per populated zone, with pagesets for CPUs 0 to
     * {@code machine.cpus() - 1}.
     *
     * @param machine the machine; its nodes are walked in list order
     * @return the whole file
     */
    public static String render(MachineView machine) {
        ProcWalk.check(machine);
        StringBuilder out = new StringBuilder(4096);
        for (NodeView node : machine.nodes()) {
            for (ZoneView zone : ProcWalk.populatedZones(node)) {
                appendZone(out, node.id(), zone, machine.cpus());
            }
        }
        return out.toString();
    }

    /**
     * Renders the /proc/zoneinfo block of one zone.
     *
     * @param zone the zone (need not be populated)
     * @param cpus the number of online CPUs whose pagesets are printed; at least 1
     * @return the block, ending in {@code "\n"}
     */
    public static String renderZone(ZoneView zone, int cpus) {
        if (cpus < 1) {
            throw new IllegalArgumentException("cpus is " + cpus + "; at least 1 is needed");
        }
        StringBuilder out = new StringBuilder(1536);
        appendZone(out, zone.nodeId(), zone, cpus);
        return out.toString();
    }

    private static void appendZone(StringBuilder out, int nodeId, ZoneView zone, int cpus) {
        out.append("Node ").append(nodeId).append(", zone ");
        Columns.right(out, zone.name(), 8);
        // the kernel prints zone_page_state(NR_FREE_PAGES) here and again as nr_free_pages: the same counter
        out.append("\n  pages free     ").append(zone.stat(ZoneStatItem.NR_FREE_PAGES));
        out.append("\n        min      ").append(zone.minWatermark());
        out.append("\n        low      ").append(zone.lowWatermark());
        out.append("\n        high     ").append(zone.highWatermark());
        out.append("\n        scanned  ").append(zone.pagesScanned());
        out.append("\n        spanned  ").append(zone.spannedPages());
        out.append("\n        present  ").append(zone.presentPages());
        out.append("\n        managed  ").append(zone.managedPages());
        for (ZoneStatItem item : ZoneStatItem.values()) {
            out.append("\n    ");
            Columns.left(out, item.procName(), 12).append(' ').append(zone.stat(item));
        }
        out.append("\n        protection: (").append(zone.lowmemReserve(0));
        for (int i = 1; i < ZoneType.MAX_NR_ZONES; i++) {
            out.append(", ").append(zone.lowmemReserve(i));
        }
        out.append(")\n  pagesets");
        for (int cpu = 0; cpu < cpus; cpu++) {
            out.append("\n    cpu: ").append(cpu);
            out.append("\n              count: ").append(zone.pcpCount(cpu));
            out.append("\n              high:  ").append(zone.pcpHigh());
            out.append("\n              batch: ").append(zone.pcpBatch());
            out.append("\n  vm stats threshold: ").append(zone.statThreshold());
        }
        out.append("\n  all_unreclaimable: ").append(zone.allUnreclaimable() ? 1 : 0);
        out.append("\n  start_pfn:         ").append(zone.startPfn());
        out.append("\n  inactive_ratio:    ").append(zone.inactiveRatio());
        out.append('\n');
    }
}
