package io.slowpath.core.zone;

import static io.slowpath.api.PageOrder.MAX_ORDER;
import static io.slowpath.api.PageOrder.PAGEBLOCK_NR_PAGES;

import io.slowpath.api.MachineView;
import io.slowpath.api.MigrateType;
import io.slowpath.api.VmEvent;
import io.slowpath.api.ZoneType;
import io.slowpath.core.buddy.FreeArea;
import io.slowpath.core.config.KernelFlavour;
import io.slowpath.core.pcp.PerCpuPages;
import io.slowpath.core.vmstat.CpuCounters;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A simulated machine after boot: nodes and zones sized as configured, watermarks and reserves set up as 3.10 does
 * at boot, and all managed memory free in the buddy lists.
 *
 * <p>CPU slots: slots {@code 0..cpus-1} are the simulated CPUs; the next {@code threadSlots} are handed out, one per
 * thread, to callers that give no CPU id; the last slot is shared by any further thread (it has no per-CPU lists).
 */
public final class Machine implements MachineView {
    private final List<Node> nodes;
    private final List<Zone> populated;
    /** {@link #populated} as an array: {@link #zoneOfPfn} runs on every free and must not allocate an iterator. */
    private final Zone[] populatedArray;
    /**
     * {@link #zoneOfPfn} by {@code pfn >>> CHUNK_SHIFT}: the one zone a chunk of pfns lies wholly in, or null where a
     * chunk meets a zone boundary or no zone (those fall back to the walk).
     */
    private final Zone[] zoneByChunk;
    private final MachineSettings settings;
    private final int[] slotNode;
    private final CpuCounters events;
    private final AtomicInteger nextThreadSlot;
    private final ThreadLocal<int[]> threadSlot = new ThreadLocal<>();
    private final ZonelistBuilder.Order zonelistOrder;
    private volatile BootSetup.Result setup;

    private Machine(List<ZoneSpec> specs, MachineSettings settings) {
        this.settings = settings;
        int nodeCount = 0;
        for (ZoneSpec s : specs) {
            nodeCount = Math.max(nodeCount, s.node() + 1);
        }
        if (nodeCount == 0) {
            throw new IllegalArgumentException("a machine needs at least one zone");
        }
        int slots = settings.cpus() + settings.threadSlots() + 1;
        slotNode = new int[slots];
        boolean[] nodeHasCpus = new boolean[nodeCount];
        for (int cpu = 0; cpu < settings.cpus(); cpu++) {
            slotNode[cpu] = (int) ((long) cpu * nodeCount / settings.cpus());
            nodeHasCpus[slotNode[cpu]] = true;
        }
        for (int s = settings.cpus(); s < slots; s++) {
            slotNode[s] = (s - settings.cpus()) % nodeCount;
        }
        nextThreadSlot = new AtomicInteger(settings.cpus());
        events = new CpuCounters(slots, VmEvent.all().length);

        ZoneSpec[][] byNode = new ZoneSpec[nodeCount][ZoneType.MAX_NR_ZONES];
        for (ZoneSpec s : specs) {
            if (byNode[s.node()][s.type().index()] != null) {
                throw new IllegalArgumentException("zone " + s.type().kernelName() + " of node " + s.node()
                    + " is given twice");
            }
            if (s.endPfn() > PerCpuPages.MAX_PFN) {
                throw new IllegalArgumentException("zone " + s.type().kernelName() + " of node " + s.node()
                    + " ends at pfn " + s.endPfn() + ", beyond the " + PerCpuPages.MAX_PFN + " pages this simulator handles");
            }
            byNode[s.node()][s.type().index()] = s;
        }
        List<Node> ns = new ArrayList<>();
        List<Zone> pop = new ArrayList<>();
        for (int n = 0; n < nodeCount; n++) {
            List<Zone> zones = new ArrayList<>();
            for (ZoneType t : ZoneType.values()) {
                ZoneSpec s = byNode[n][t.index()];
                Zone z = new Zone(s == null ? ZoneSpec.empty(n, t) : s, slots);
                zones.add(z);
                if (z.populated()) {
                    pop.add(z);
                }
            }
            ns.add(new Node(n, zones));
        }
        checkOverlaps(pop);
        this.nodes = Collections.unmodifiableList(ns);
        this.populated = Collections.unmodifiableList(pop);
        this.populatedArray = pop.toArray(new Zone[0]);
        this.zoneByChunk = chunkTable(populatedArray);
        int[][] distance = settings.distance() != null ? settings.distance() : defaultDistances(nodeCount);
        this.zonelistOrder = ZonelistBuilder.build(ns, distance, nodeHasCpus, settings.zonelistOrder());
    }

    /**
     * Boots a machine: zones from {@code specs} (missing zones are empty), watermarks, reserves and per-CPU list sizes
     * from the 3.10 boot rules, and every managed page freed into the buddy lists.
     */
    public static Machine boot(List<ZoneSpec> specs, MachineSettings settings) {
        Machine m = new Machine(specs, settings);
        m.initPageblocksAndFreeMemory();
        m.applySetup(BootSetup.compute(m.allZoneSpecs(), settings));
        return m;
    }

    private static void checkOverlaps(List<Zone> zones) {
        for (int i = 0; i < zones.size(); i++) {
            for (int j = i + 1; j < zones.size(); j++) {
                ZoneSpec a = zones.get(i).spec();
                ZoneSpec b = zones.get(j).spec();
                if (a.startPfn() < b.endPfn() && b.startPfn() < a.endPfn()) {
                    throw new IllegalArgumentException("zones " + zones.get(i) + " and " + zones.get(j) + " overlap");
                }
            }
        }
    }

    private static int[][] defaultDistances(int n) {
        int[][] d = new int[n][n];
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                d[a][b] = a == b ? 10 : 20;
            }
        }
        return d;
    }

    /**
     * Models mm/page_alloc.c: memmap_init_zone and the boot-time release of memory (Linux 3.10): every pageblock whose
     * first pfn lies in the zone becomes MOVABLE; the pages the layout leaves to the buddy allocator are freed as the
     * largest aligned blocks. Holes are put at the zone's end and boot reservations at its start.
     */
    private void initPageblocksAndFreeMemory() {
        for (Zone z : populated) {
            ZoneSpec s = z.spec();
            FreeArea area = z.freeArea();
            long firstBlock = (s.startPfn() + PAGEBLOCK_NR_PAGES - 1) & ~(long) (PAGEBLOCK_NR_PAGES - 1);
            for (long pfn = firstBlock; pfn < s.endPfn(); pfn += PAGEBLOCK_NR_PAGES) {
                area.setPageblockMigratetype((int) pfn, MigrateType.MOVABLE.index());
            }
            long from = managedStart(s);
            long to = managedEnd(s);
            long pfn = from;
            while (pfn < to) {
                int order = MAX_ORDER - 1;
                while ((pfn & ((1L << order) - 1)) != 0 || pfn + (1L << order) > to) {
                    order--;
                }
                area.freeOnePage((int) pfn, order, area.pageblockMigratetype((int) pfn));
                pfn += 1L << order;
            }
            z.modFreePages(to - from);
        }
    }

    /** The first pfn of a zone that boot left to the buddy allocator. */
    static long managedStart(ZoneSpec s) {
        return s.startPfn() + (s.presentPages() - s.managedPages());
    }

    /** One past the last pfn of a zone that boot left to the buddy allocator (holes sit above it). */
    static long managedEnd(ZoneSpec s) {
        return s.startPfn() + s.presentPages();
    }

    /** Installs the results of the boot-time arithmetic into the zones and places the MIGRATE_RESERVE blocks. */
    private void applySetup(BootSetup.Result r) {
        this.setup = r;
        for (Node n : nodes) {
            for (Zone z : n.zones()) {
                BootSetup.ZoneResult zr = r.zone(n.id(), z.type());
                z.setWatermarks(zr.min(), zr.low(), zr.high());
                z.setLowmemReserve(zr.lowmemReserve());
                z.setPcpLimits(zr.pcpHigh(), zr.pcpBatch());
                z.setStatThreshold(zr.statThreshold());
                z.setInactiveRatio(zr.inactiveRatio());
                z.setDirtyBalanceReserve(zr.dirtyBalanceReserve());
                z.freeArea().setMobilityGroupingDisabled(r.mobilityGroupingDisabled());
                if (z.populated()) {
                    setupZoneMigrateReserve(z, zr.reserveBlocks());
                }
            }
        }
    }

    /** Models mm/page_alloc.c: setup_zone_migrate_reserve (Linux 3.10). */
    private static void setupZoneMigrateReserve(Zone z, int reserve) {
        ZoneSpec s = z.spec();
        FreeArea area = z.freeArea();
        int reserveMt = MigrateType.RESERVE.index();
        int movable = MigrateType.MOVABLE.index();
        long firstBlock = (s.startPfn() + PAGEBLOCK_NR_PAGES - 1) & ~(long) (PAGEBLOCK_NR_PAGES - 1);
        for (long pfn = firstBlock; pfn < s.endPfn(); pfn += PAGEBLOCK_NR_PAGES) {
            int mt = area.pageblockMigratetype((int) pfn);
            if (reserve > 0) {
                long blockEnd = Math.min(pfn + PAGEBLOCK_NR_PAGES, s.endPfn());
                // pageblock_is_reserved: holes and pages boot kept are PageReserved.
                if (pfn < managedStart(s) || blockEnd > managedEnd(s)) {
                    continue;
                }
                if (mt == reserveMt) {
                    reserve--;
                    continue;
                }
                if (mt == movable) {
                    area.setPageblockMigratetype((int) pfn, reserveMt);
                    area.moveFreepagesBlock((int) pfn, reserveMt);
                    reserve--;
                    continue;
                }
            }
            if (mt == reserveMt) {
                area.setPageblockMigratetype((int) pfn, movable);
                area.moveFreepagesBlock((int) pfn, movable);
            }
        }
    }

    // ---- lookup --------------------------------------------------------------------------------------------------

    /** All zones of all nodes as specs, empty ones included. */
    public List<ZoneSpec> allZoneSpecs() {
        List<ZoneSpec> out = new ArrayList<>();
        for (Node n : nodes) {
            for (Zone z : n.zones()) {
                out.add(z.spec());
            }
        }
        return out;
    }

    /** The populated zones in /proc order. */
    public List<Zone> populatedZoneList() {
        return populated;
    }

    /** The zone holding {@code pfn}, or null. */
    public Zone zoneOfPfn(long pfn) {
        long chunk = pfn >>> CHUNK_SHIFT;
        if (chunk < zoneByChunk.length) {
            Zone z = zoneByChunk[(int) chunk];
            if (z != null) {
                return z;
            }
        }
        for (Zone z : populatedArray) {
            if (pfn >= z.startPfn() && pfn < z.spec().endPfn()) {
                return z;
            }
        }
        return null;
    }

    /** log2 of the pfns of one {@link #zoneByChunk} entry (128 MiB of 4 KiB pages). */
    private static final int CHUNK_SHIFT = 15;

    private static Zone[] chunkTable(Zone[] zones) {
        long end = 0;
        for (Zone z : zones) {
            end = Math.max(end, z.spec().endPfn());
        }
        Zone[] table = new Zone[(int) ((end + (1L << CHUNK_SHIFT) - 1) >>> CHUNK_SHIFT)];
        for (int c = 0; c < table.length; c++) {
            long lo = (long) c << CHUNK_SHIFT;
            long hi = lo + (1L << CHUNK_SHIFT);
            Zone only = null;
            int meeting = 0;
            for (Zone z : zones) {
                if (z.startPfn() < hi && z.spec().endPfn() > lo) {
                    meeting++;
                    only = z;
                }
            }
            if (meeting == 1 && only.startPfn() <= lo && only.spec().endPfn() >= hi) {
                table[c] = only;
            }
        }
        return table;
    }

    /** The node of a CPU slot (its local node for the default memory policy). */
    public Node nodeOfSlot(int slot) {
        return nodes.get(slotNode[slot]);
    }

    /** The id of {@link #nodeOfSlot}: {@code numa_node_id()} on every allocation, without the node itself. */
    public int nodeIdOfSlot(int slot) {
        return slotNode[slot];
    }

    /** Checks a simulated CPU id and returns it as a slot. */
    public int checkCpu(int cpu) {
        if (cpu < 0 || cpu >= settings.cpus()) {
            throw new IllegalArgumentException("cpu " + cpu + " is not in 0.." + (settings.cpus() - 1));
        }
        return cpu;
    }

    /** The calling thread's own CPU slot, handed out on first use; the shared slot once all are taken. */
    public int currentThreadSlot() {
        int[] s = threadSlot.get();
        if (s == null) {
            int next = nextThreadSlot.getAndIncrement();
            int limit = settings.cpus() + settings.threadSlots();
            s = new int[] {next < limit ? next : sharedSlot()};
            threadSlot.set(s);
        }
        return s[0];
    }

    /** The slot shared by threads beyond the thread slots. */
    public int sharedSlot() {
        return slotNode.length - 1;
    }

    /** The number of CPU slots, the shared one included. */
    public int cpuSlots() {
        return slotNode.length;
    }

    /** The machine-wide event counters ({@code vm_event_states}). */
    public CpuCounters events() {
        return events;
    }

    /** {@code page_group_by_mobility_disabled}. */
    public boolean mobilityGroupingDisabled() {
        return setup.mobilityGroupingDisabled();
    }

    /** The boot settings. */
    public MachineSettings settings() {
        return settings;
    }

    /** The configured kernel flavour. */
    public KernelFlavour flavour() {
        return settings.flavour();
    }

    /** The zonelist order in force (DEFAULT resolved). */
    public ZonelistBuilder.Order zonelistOrder() {
        return zonelistOrder;
    }

    /** The boot arithmetic in force (watermarks, reserves, totalreserve_pages). */
    public BootSetup.Result setup() {
        return setup;
    }

    // ---- MachineView ---------------------------------------------------------------------------------------------

    @Override
    public List<Node> nodes() {
        return nodes;
    }

    @Override
    public int cpus() {
        return settings.cpus();
    }

    @Override
    public long minFreeKbytes() {
        return setup.minFreeKbytes();
    }

    @Override
    public String kernelFlavour() {
        return settings.flavour().configName();
    }

    @Override
    public long event(VmEvent event) {
        return events.sum(event.ordinal());
    }
}
