package io.slowpath.core.proc;

import static io.slowpath.api.ZoneStatItem.NR_ACTIVE_ANON;
import static io.slowpath.api.ZoneStatItem.NR_ACTIVE_FILE;
import static io.slowpath.api.ZoneStatItem.NR_BOUNCE;
import static io.slowpath.api.ZoneStatItem.NR_DIRTY;
import static io.slowpath.api.ZoneStatItem.NR_FILE_PAGES;
import static io.slowpath.api.ZoneStatItem.NR_FREE_CMA;
import static io.slowpath.api.ZoneStatItem.NR_FREE_PAGES;
import static io.slowpath.api.ZoneStatItem.NR_INACTIVE_ANON;
import static io.slowpath.api.ZoneStatItem.NR_INACTIVE_FILE;
import static io.slowpath.api.ZoneStatItem.NR_ISOLATED_ANON;
import static io.slowpath.api.ZoneStatItem.NR_ISOLATED_FILE;
import static io.slowpath.api.ZoneStatItem.NR_KERNEL_STACK;
import static io.slowpath.api.ZoneStatItem.NR_MAPPED;
import static io.slowpath.api.ZoneStatItem.NR_MLOCK;
import static io.slowpath.api.ZoneStatItem.NR_PAGE_TABLE_PAGES;
import static io.slowpath.api.ZoneStatItem.NR_SHMEM;
import static io.slowpath.api.ZoneStatItem.NR_SLAB_RECLAIMABLE;
import static io.slowpath.api.ZoneStatItem.NR_SLAB_UNRECLAIMABLE;
import static io.slowpath.api.ZoneStatItem.NR_UNEVICTABLE;
import static io.slowpath.api.ZoneStatItem.NR_UNSTABLE;
import static io.slowpath.api.ZoneStatItem.NR_WRITEBACK;
import static io.slowpath.api.ZoneStatItem.NR_WRITEBACK_TEMP;

import io.slowpath.api.MachineView;
import io.slowpath.api.MigrateType;
import io.slowpath.api.NodeView;
import io.slowpath.api.PageOrder;
import io.slowpath.api.ZoneStatItem;
import io.slowpath.api.ZoneType;
import io.slowpath.api.ZoneView;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntPredicate;

/**
 * The allocator's part of an OOM or allocation-failure report: the lines {@code show_free_areas} prints after
 * {@code Mem-Info:}.
 *
 * <p>Models mm/page_alloc.c: show_free_areas and show_migration_types (Linux 3.10.108, x86_64, CONFIG_NUMA so every
 * zone line starts with {@code show_node}'s {@code "Node {nid} "}). In order:
 * <ol>
 *   <li>per populated zone, {@code "Node 0 DMA32 per-cpu:"} and one {@code "CPU    0: hi:  186, btch:  31 usd:  86"}
 *       line per online CPU ({@link #perCpu(MachineView)});</li>
 *   <li>the six-line global counter block ({@link #globalCounters(MachineView)});</li>
 *   <li>per populated zone, the {@code "Node 0 DMA free:15900kB min:..."} line and its {@code lowmem_reserve[]:} line
 *       ({@link #zoneLines(ZoneView)});</li>
 *   <li>per populated zone, the buddy line {@code "Node 0 DMA: 1*4kB (U) ... = 15900kB"} ({@link #buddyLine(ZoneView)}).</li>
 * </ol>
 * The hugepage, page-cache total and swap lines that follow belong to other subsystems, except the page-cache total
 * ({@link #pagecacheLine(MachineView)}). This is the mainline format; the el7 kernels add {@code free_pcp} and
 * {@code local_pcp} fields and are not rendered here.
 */
public final class FreeAreaReport {
    /** {@code THREAD_SIZE} of x86_64 Linux 3.10 in bytes: a kernel stack is 8 KiB, so kernel_stack kB = stacks x 8. */
    static final int THREAD_SIZE = 8192;

    private FreeAreaReport() {
    }

    /**
     * Renders items 2 to 5 of show_free_areas for every node (no SHOW_MEM_FILTER_NODES).
     *
     * @param machine the machine
     * @return the lines, each ending in {@code "\n"}; {@code "Mem-Info:"} (printed by show_mem) is not included
     */
    public static String render(MachineView machine) {
        return render(machine, node -> true);
    }

    /**
     * Renders items 2 to 5 of show_free_areas, skipping the zones of nodes that {@code nodeShown} rejects, as
     * {@code skip_free_areas_node} does under SHOW_MEM_FILTER_NODES for nodes outside the current cpuset. The global
     * block is always printed and always covers every node.
     *
     * @param machine the machine
     * @param nodeShown which node ids to print zones for
     * @return the lines, each ending in {@code "\n"}
     */
    public static String render(MachineView machine, IntPredicate nodeShown) {
        ProcWalk.check(machine);
        Objects.requireNonNull(nodeShown, "node filter must not be null");
        List<ZoneView> zones = shownZones(machine, nodeShown);
        StringBuilder out = new StringBuilder(4096);
        for (ZoneView zone : zones) {
            appendPerCpu(out, zone, machine.cpus());
        }
        out.append(globalCounters(machine));
        for (ZoneView zone : zones) {
            out.append(zoneLines(zone));
        }
        for (ZoneView zone : zones) {
            out.append(buddyLine(zone));
        }
        return out.toString();
    }

    /**
     * The per-CPU pageset lines of every populated zone: {@code "Node {nid} {zone} per-cpu:"} then, for each online
     * CPU, {@code "CPU {cpu:%4d}: hi:{high:%5d}, btch:{batch:%4d} usd:{count:%4d}"}.
     */
    public static String perCpu(MachineView machine) {
        ProcWalk.check(machine);
        StringBuilder out = new StringBuilder(512);
        for (ZoneView zone : machine.populatedZones()) {
            appendPerCpu(out, zone, machine.cpus());
        }
        return out.toString();
    }

    /** The six-line global block, in pages, each line after the first starting with one space. */
    public static String globalCounters(MachineView machine) {
        ProcWalk.check(machine);
        StringBuilder out = new StringBuilder(320);
        out.append("active_anon:").append(global(machine, NR_ACTIVE_ANON))
                .append(" inactive_anon:").append(global(machine, NR_INACTIVE_ANON))
                .append(" isolated_anon:").append(global(machine, NR_ISOLATED_ANON)).append('\n');
        out.append(" active_file:").append(global(machine, NR_ACTIVE_FILE))
                .append(" inactive_file:").append(global(machine, NR_INACTIVE_FILE))
                .append(" isolated_file:").append(global(machine, NR_ISOLATED_FILE)).append('\n');
        out.append(" unevictable:").append(global(machine, NR_UNEVICTABLE))
                .append(" dirty:").append(global(machine, NR_DIRTY))
                .append(" writeback:").append(global(machine, NR_WRITEBACK))
                .append(" unstable:").append(global(machine, NR_UNSTABLE)).append('\n');
        out.append(" free:").append(global(machine, NR_FREE_PAGES))
                .append(" slab_reclaimable:").append(global(machine, NR_SLAB_RECLAIMABLE))
                .append(" slab_unreclaimable:").append(global(machine, NR_SLAB_UNRECLAIMABLE)).append('\n');
        out.append(" mapped:").append(global(machine, NR_MAPPED))
                .append(" shmem:").append(global(machine, NR_SHMEM))
                .append(" pagetables:").append(global(machine, NR_PAGE_TABLE_PAGES))
                .append(" bounce:").append(global(machine, NR_BOUNCE)).append('\n');
        out.append(" free_cma:").append(global(machine, NR_FREE_CMA)).append('\n');
        return out.toString();
    }

    /**
     * A zone's summary line, in kB except {@code pages_scanned}, followed by its {@code lowmem_reserve[]:} line (in
     * pages, each value preceded by a space).
     *
     * @param zone the zone
     * @return two lines, each ending in {@code "\n"}
     */
    public static String zoneLines(ZoneView zone) {
        Objects.requireNonNull(zone, "zone must not be null");
        StringBuilder out = new StringBuilder(640);
        out.append("Node ").append(zone.nodeId()).append(' ').append(zone.name());
        kb(out, "free", zone.stat(NR_FREE_PAGES));
        kb(out, "min", zone.minWatermark());
        kb(out, "low", zone.lowWatermark());
        kb(out, "high", zone.highWatermark());
        kb(out, "active_anon", zone.stat(NR_ACTIVE_ANON));
        kb(out, "inactive_anon", zone.stat(NR_INACTIVE_ANON));
        kb(out, "active_file", zone.stat(NR_ACTIVE_FILE));
        kb(out, "inactive_file", zone.stat(NR_INACTIVE_FILE));
        kb(out, "unevictable", zone.stat(NR_UNEVICTABLE));
        kb(out, "isolated(anon)", zone.stat(NR_ISOLATED_ANON));
        kb(out, "isolated(file)", zone.stat(NR_ISOLATED_FILE));
        kb(out, "present", zone.presentPages());
        kb(out, "managed", zone.managedPages());
        kb(out, "mlocked", zone.stat(NR_MLOCK));
        kb(out, "dirty", zone.stat(NR_DIRTY));
        kb(out, "writeback", zone.stat(NR_WRITEBACK));
        kb(out, "mapped", zone.stat(NR_MAPPED));
        kb(out, "shmem", zone.stat(NR_SHMEM));
        kb(out, "slab_reclaimable", zone.stat(NR_SLAB_RECLAIMABLE));
        kb(out, "slab_unreclaimable", zone.stat(NR_SLAB_UNRECLAIMABLE));
        // NR_KERNEL_STACK counts stacks, not pages
        out.append(" kernel_stack:").append(zone.stat(NR_KERNEL_STACK) * THREAD_SIZE / 1024).append("kB");
        kb(out, "pagetables", zone.stat(NR_PAGE_TABLE_PAGES));
        kb(out, "unstable", zone.stat(NR_UNSTABLE));
        kb(out, "bounce", zone.stat(NR_BOUNCE));
        kb(out, "free_cma", zone.stat(NR_FREE_CMA));
        kb(out, "writeback_tmp", zone.stat(NR_WRITEBACK_TEMP));
        out.append(" pages_scanned:").append(zone.pagesScanned());
        out.append(" all_unreclaimable? ").append(zone.allUnreclaimable() ? "yes" : "no").append('\n');
        out.append("lowmem_reserve[]:");
        for (int i = 0; i < ZoneType.MAX_NR_ZONES; i++) {
            out.append(' ').append(zone.lowmemReserve(i));
        }
        out.append('\n');
        return out.toString();
    }

    /**
     * A zone's buddy line: {@code "Node {nid} {zone}: "}, then for each order {@code "{nr_free}*{size}kB "} followed,
     * when {@code nr_free} is not 0, by the letters of the migrate types whose free list at that order is not empty
     * ({@code "(UEM) "}), and finally {@code "= {total}kB"}.
     *
     * @param zone the zone
     * @return the line, ending in {@code "\n"}
     */
    public static String buddyLine(ZoneView zone) {
        Objects.requireNonNull(zone, "zone must not be null");
        StringBuilder out = new StringBuilder(256);
        out.append("Node ").append(zone.nodeId()).append(' ').append(zone.name()).append(": ");
        long totalPages = 0;
        for (int order = 0; order < PageOrder.MAX_ORDER; order++) {
            long nr = zone.nrFree(order);
            totalPages += nr << order;
            out.append(nr).append('*').append(PageOrder.pagesToKb(1L << order)).append("kB ");
            if (nr != 0) {
                out.append('(').append(migrationTypes(zone, order)).append(") ");
            }
        }
        out.append("= ").append(PageOrder.pagesToKb(totalPages)).append("kB\n");
        return out.toString();
    }

    /** {@code "{NR_FILE_PAGES} total pagecache pages"}, the line show_free_areas prints after the hugepage lines. */
    public static String pagecacheLine(MachineView machine) {
        ProcWalk.check(machine);
        return global(machine, NR_FILE_PAGES) + " total pagecache pages\n";
    }

    /**
     * The letters of the migrate types with a non-empty free list at an order, in type order. Models
     * mm/page_alloc.c: show_migration_types (Linux 3.10). Empty when every list is empty (the kernel then prints
     * {@code "() "}, which happens only if nr_free and the lists disagree).
     */
    static String migrationTypes(ZoneView zone, int order) {
        StringBuilder letters = new StringBuilder(MigrateType.MIGRATE_TYPES);
        for (MigrateType type : MigrateType.values()) {
            if (zone.nrFree(order, type) != 0) {
                letters.append(type.letter());
            }
        }
        return letters.toString();
    }

    private static void appendPerCpu(StringBuilder out, ZoneView zone, int cpus) {
        out.append("Node ").append(zone.nodeId()).append(' ').append(zone.name()).append(" per-cpu:\n");
        for (int cpu = 0; cpu < cpus; cpu++) {
            out.append("CPU ");
            Columns.right(out, cpu, 4).append(": hi:");
            Columns.right(out, zone.pcpHigh(), 5).append(", btch:");
            Columns.right(out, zone.pcpBatch(), 4).append(" usd:");
            Columns.right(out, zone.pcpCount(cpu), 4).append('\n');
        }
    }

    private static List<ZoneView> shownZones(MachineView machine, IntPredicate nodeShown) {
        List<ZoneView> out = new ArrayList<>();
        for (NodeView node : machine.nodes()) {
            if (nodeShown.test(node.id())) {
                out.addAll(ProcWalk.populatedZones(node));
            }
        }
        return out;
    }

    private static void kb(StringBuilder out, String name, long pages) {
        out.append(' ').append(name).append(':').append(PageOrder.pagesToKb(pages)).append("kB");
    }

    private static long global(MachineView machine, ZoneStatItem item) {
        return ProcWalk.globalPageState(machine, item);
    }
}
