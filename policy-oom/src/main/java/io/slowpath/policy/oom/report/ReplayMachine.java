package io.slowpath.policy.oom.report;

import io.slowpath.api.MachineView;
import io.slowpath.api.MigrateType;
import io.slowpath.api.NodeView;
import io.slowpath.api.PageOrder;
import io.slowpath.api.VmEvent;
import io.slowpath.api.ZoneStatItem;
import io.slowpath.api.ZoneType;
import io.slowpath.api.ZoneView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The machine of a report, as a {@link MachineView}: its nodes and zones with the printed sizes (pages), watermarks,
 * lowmem reserves, counters and free lists. A zone type Slowpath does not have (32-bit {@code HighMem}) is left out
 * and listed in {@link #skippedZones()}. What a report does not print reads as 0: start pfn and spanned pages (spanned
 * is taken as present), pageblocks, and counters the zone line does not print; a free list per migrate type reads 1
 * when its letter was printed
 * at that order (the count per type is not in the report).
 */
public final class ReplayMachine implements MachineView {
    private final List<Node> nodes = new ArrayList<>();
    private final List<String> skipped = new ArrayList<>();
    private final int cpus;
    private final String flavour;

    /** The machine of {@code report}. */
    public ReplayMachine(ParsedReport report) {
        TreeMap<Integer, List<ZoneView>> byNode = new TreeMap<>();
        for (ReportZone z : report.zones()) {
            ZoneType type;
            try {
                type = ZoneType.ofKernelName(z.name());
            } catch (IllegalArgumentException e) {
                skipped.add("Node " + z.node() + " " + z.name());
                continue;
            }
            byNode.computeIfAbsent(z.node(), n -> new ArrayList<>()).add(new Zone(z, type,
                report.perCpu(z.node(), z.name())));
        }
        if (byNode.isEmpty()) {
            byNode.put(0, new ArrayList<>());
        }
        for (Map.Entry<Integer, List<ZoneView>> e : byNode.entrySet()) {
            nodes.add(new Node(e.getKey(), e.getValue()));
        }
        this.cpus = Math.max(1, Math.max(report.cpus(), report.cpu() + 1));
        this.flavour = flavourOf(report.kernelRelease());
    }

    /** {@code el7} for a CentOS/RHEL 7 release ({@code 3.10.0-*.el7*}), else {@code 3.10.108}. */
    static String flavourOf(String release) {
        return release != null && release.startsWith("3.10.0-") ? "el7" : "3.10.108";
    }

    /** Zones of the report that are not in this machine, as {@code Node N Name}. */
    public List<String> skippedZones() {
        return List.copyOf(skipped);
    }

    @Override
    public List<? extends NodeView> nodes() {
        return nodes;
    }

    @Override
    public int cpus() {
        return cpus;
    }

    @Override
    public long minFreeKbytes() {
        long sum = 0;
        for (Node n : nodes) {
            for (ZoneView z : n.zones()) {
                sum += z.minWatermark();
            }
        }
        return sum * 4;
    }

    @Override
    public String kernelFlavour() {
        return flavour;
    }

    @Override
    public long event(VmEvent event) {
        return 0;
    }

    private record Node(int id, List<ZoneView> zones) implements NodeView {
    }

    /** The zone-line field of each counter show_free_areas prints (kB, except kernel_stack: 8 kB per stack). */
    private static final Map<ZoneStatItem, String> FIELDS = new java.util.EnumMap<>(ZoneStatItem.class);

    static {
        FIELDS.put(ZoneStatItem.NR_FREE_PAGES, "free");
        FIELDS.put(ZoneStatItem.NR_ACTIVE_ANON, "active_anon");
        FIELDS.put(ZoneStatItem.NR_INACTIVE_ANON, "inactive_anon");
        FIELDS.put(ZoneStatItem.NR_ACTIVE_FILE, "active_file");
        FIELDS.put(ZoneStatItem.NR_INACTIVE_FILE, "inactive_file");
        FIELDS.put(ZoneStatItem.NR_UNEVICTABLE, "unevictable");
        FIELDS.put(ZoneStatItem.NR_ISOLATED_ANON, "isolated(anon)");
        FIELDS.put(ZoneStatItem.NR_ISOLATED_FILE, "isolated(file)");
        FIELDS.put(ZoneStatItem.NR_MLOCK, "mlocked");
        FIELDS.put(ZoneStatItem.NR_DIRTY, "dirty");
        FIELDS.put(ZoneStatItem.NR_WRITEBACK, "writeback");
        FIELDS.put(ZoneStatItem.NR_MAPPED, "mapped");
        FIELDS.put(ZoneStatItem.NR_SHMEM, "shmem");
        FIELDS.put(ZoneStatItem.NR_SLAB_RECLAIMABLE, "slab_reclaimable");
        FIELDS.put(ZoneStatItem.NR_SLAB_UNRECLAIMABLE, "slab_unreclaimable");
        FIELDS.put(ZoneStatItem.NR_KERNEL_STACK, "kernel_stack");
        FIELDS.put(ZoneStatItem.NR_PAGE_TABLE_PAGES, "pagetables");
        FIELDS.put(ZoneStatItem.NR_UNSTABLE, "unstable");
        FIELDS.put(ZoneStatItem.NR_BOUNCE, "bounce");
        FIELDS.put(ZoneStatItem.NR_FREE_CMA, "free_cma");
        FIELDS.put(ZoneStatItem.NR_WRITEBACK_TEMP, "writeback_tmp");
    }

    /** One printed zone. */
    private record Zone(ReportZone z, ZoneType type, PerCpuLines pcp) implements ZoneView {
        @Override
        public int nodeId() {
            return z.node();
        }

        @Override
        public long startPfn() {
            return 0;
        }

        @Override
        public long spannedPages() {
            return presentPages();
        }

        @Override
        public long presentPages() {
            return Math.max(1, z.pages("present"));
        }

        @Override
        public long managedPages() {
            return Math.max(0, z.pages("managed"));
        }

        @Override
        public long freePages() {
            return Math.max(0, z.pages("free"));
        }

        @Override
        public long nrFree(int order) {
            return z.nrFree() == null || order >= z.nrFree().length ? 0 : z.nrFree()[order];
        }

        @Override
        public long nrFree(int order, MigrateType type) {
            if (z.types() == null || order >= z.types().length) {
                return 0;
            }
            return z.types()[order].indexOf(type.letter()) >= 0 ? 1 : 0;
        }

        @Override
        public long minWatermark() {
            return Math.max(0, z.pages("min"));
        }

        @Override
        public long lowWatermark() {
            return Math.max(0, z.pages("low"));
        }

        @Override
        public long highWatermark() {
            return Math.max(0, z.pages("high"));
        }

        @Override
        public long lowmemReserve(int classzoneIdx) {
            long[] r = z.lowmemReserve();
            return r == null || classzoneIdx >= r.length ? 0 : r[classzoneIdx];
        }

        @Override
        public long pageblocks(MigrateType type) {
            return 0;
        }

        @Override
        public int pcpCount(int cpu) {
            return pcp == null || cpu >= pcp.count().length ? 0 : pcp.count()[cpu];
        }

        @Override
        public int pcpHigh() {
            return pcp == null ? 0 : pcp.high();
        }

        @Override
        public int pcpBatch() {
            return pcp == null ? 0 : pcp.batch();
        }

        @Override
        public long stat(ZoneStatItem item) {
            String field = FIELDS.get(item);
            long kb = field == null ? -1 : z.kb(field);
            if (kb < 0) {
                return 0;
            }
            return item == ZoneStatItem.NR_KERNEL_STACK ? kb / 8 : kb / 4;
        }

        @Override
        public long pagesScanned() {
            return Math.max(0, z.kb("pages_scanned"));
        }

        @Override
        public boolean allUnreclaimable() {
            return Boolean.TRUE.equals(z.allUnreclaimable());
        }

        @Override
        public int inactiveRatio() {
            return 1;
        }

        @Override
        public int statThreshold() {
            return 0;
        }

        @Override
        public String toString() {
            return "Node " + z.node() + " " + z.name() + " (order " + PageOrder.MAX_ORDER + " lists)";
        }
    }
}
