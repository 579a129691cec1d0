package io.slowpath.core.proc;

import io.slowpath.api.MigrateType;
import io.slowpath.api.PageOrder;
import io.slowpath.api.VmEvent;
import io.slowpath.api.ZoneStatItem;
import io.slowpath.api.ZoneType;
import java.util.EnumMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the real kernel's /proc/zoneinfo, buddyinfo, pagetypeinfo and vmstat into a {@link ParsedMachineView}. */
final class ProcFileParser {
    private static final Pattern ZONE_HEADER = Pattern.compile("Node (\\d+), zone +(\\S+)");
    private static final Pattern PROTECTION = Pattern.compile("protection: \\((.*)\\)");
    private static final Pattern BUDDY = Pattern.compile("Node (\\d+), zone +(\\S+) ((?: *\\d+ ){11})");
    private static final Pattern FREE_ROW =
            Pattern.compile("Node +(\\d+), zone +(\\S+), type +(\\S+) ((?: *\\d+ ){11})");
    private static final Pattern BLOCK_ROW = Pattern.compile("Node (\\d+), zone +(\\S+) ((?: *\\d+ ){4})");

    private ProcFileParser() {
    }

    /** Fills zones from /proc/zoneinfo: sizes, watermarks, counters, protection, pagesets, reclaim state. */
    static void zoneinfo(ParsedMachineView m, String text) {
        ParsedZoneView zone = null;
        int cpu = -1;
        int lineNo = 0;
        for (String raw : text.split("\n")) {
            lineNo++;
            String line = raw.trim();
            Matcher header = ZONE_HEADER.matcher(line);
            if (header.matches()) {
                zone = m.zone(Integer.parseInt(header.group(1)), ZoneType.ofKernelName(header.group(2)));
                cpu = -1;
                continue;
            }
            if (zone == null) {
                throw new IllegalArgumentException("zoneinfo line " + lineNo + " before any zone header: " + raw);
            }
            Matcher protection = PROTECTION.matcher(line);
            if (protection.matches()) {
                String[] values = protection.group(1).split(", ");
                for (int i = 0; i < values.length; i++) {
                    zone.lowmemReserve[i] = Long.parseLong(values[i]);
                }
                continue;
            }
            if (line.equals("pagesets")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                throw new IllegalArgumentException("zoneinfo line " + lineNo + " has no value: " + raw);
            }
            String key = line.substring(0, space).trim();
            long value = Long.parseLong(line.substring(space + 1));
            switch (key) {
                case "pages free" -> zone.freePages = value;
                case "min" -> zone.min = value;
                case "low" -> zone.low = value;
                case "high" -> zone.high = value;
                case "scanned" -> zone.pagesScanned = value;
                case "spanned" -> zone.spannedPages = value;
                case "present" -> zone.presentPages = value;
                case "managed" -> zone.managedPages = value;
                case "cpu:" -> {
                    cpu = (int) value;
                    m.cpus = Math.max(m.cpus, cpu + 1);
                }
                case "count:" -> zone.setPcpCount(cpu, (int) value);
                case "high:" -> zone.pcpHigh = (int) value;
                case "batch:" -> zone.pcpBatch = (int) value;
                case "vm stats threshold:" -> zone.statThreshold = (int) value;
                case "all_unreclaimable:" -> zone.allUnreclaimable = value != 0;
                case "start_pfn:" -> zone.startPfn = value;
                case "inactive_ratio:" -> zone.inactiveRatio = (int) value;
                default -> zone.stats.put(ZoneStatItem.ofProcName(key), value);
            }
        }
    }

    /** Fills {@code nr_free} per order from /proc/buddyinfo. */
    static void buddyinfo(ParsedMachineView m, String text) {
        for (String line : text.split("\n")) {
            Matcher row = BUDDY.matcher(line);
            if (!row.matches()) {
                throw new IllegalArgumentException("not a buddyinfo line: '" + line + "'");
            }
            ParsedZoneView zone = m.zone(Integer.parseInt(row.group(1)), ZoneType.ofKernelName(row.group(2)));
            long[] counts = numbers(row.group(3));
            System.arraycopy(counts, 0, zone.nrFree, 0, PageOrder.MAX_ORDER);
        }
    }

    /** Fills per-type free counts and pageblock counts from /proc/pagetypeinfo. */
    static void pagetypeinfo(ParsedMachineView m, String text) {
        for (String line : text.split("\n")) {
            Matcher free = FREE_ROW.matcher(line);
            Matcher blocks = BLOCK_ROW.matcher(line);
            if (free.matches()) {
                ParsedZoneView zone = m.zone(Integer.parseInt(free.group(1)), ZoneType.ofKernelName(free.group(2)));
                int type = migrateType(free.group(3)).index();
                long[] counts = numbers(free.group(4));
                for (int order = 0; order < PageOrder.MAX_ORDER; order++) {
                    zone.nrFreeByType[order][type] = counts[order];
                }
            } else if (blocks.matches()) {
                ParsedZoneView zone = m.zone(Integer.parseInt(blocks.group(1)),
                        ZoneType.ofKernelName(blocks.group(2)));
                long[] counts = numbers(blocks.group(3));
                System.arraycopy(counts, 0, zone.pageblocks, 0, MigrateType.MIGRATE_TYPES);
            } else if (!isPagetypeinfoHeader(line)) {
                throw new IllegalArgumentException("not a pagetypeinfo line: '" + line + "'");
            }
        }
    }

    /** Fills the event counters (the lines after the two dirty thresholds) from /proc/vmstat. */
    static void vmstatEvents(ParsedMachineView m, String text) {
        for (String line : text.split("\n")) {
            String[] kv = line.split(" ");
            if (isEvent(kv[0])) {
                m.events.put(VmEvent.ofProcName(kv[0]), Long.parseLong(kv[1]));
            }
        }
    }

    /** The global zone counters of /proc/vmstat. */
    static Map<ZoneStatItem, Long> vmstatCounters(String text) {
        Map<ZoneStatItem, Long> out = new EnumMap<>(ZoneStatItem.class);
        for (String line : text.split("\n")) {
            String[] kv = line.split(" ");
            if (!isEvent(kv[0]) && !kv[0].startsWith("nr_dirty_")) {
                out.put(ZoneStatItem.ofProcName(kv[0]), Long.parseLong(kv[1]));
            }
        }
        return out;
    }

    /** One named value of /proc/vmstat, e.g. {@code nr_dirty_threshold}. */
    static long vmstatValue(String text, String name) {
        for (String line : text.split("\n")) {
            String[] kv = line.split(" ");
            if (kv[0].equals(name)) {
                return Long.parseLong(kv[1]);
            }
        }
        throw new IllegalArgumentException("vmstat has no line '" + name + "'");
    }

    private static boolean isEvent(String name) {
        for (VmEvent e : VmEvent.values()) {
            if (e.procName().equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isPagetypeinfoHeader(String line) {
        return line.isEmpty() || line.startsWith("Page block order:") || line.startsWith("Pages per block:")
                || line.startsWith("Free pages count per migrate type") || line.startsWith("Number of blocks type");
    }

    private static MigrateType migrateType(String kernelName) {
        for (MigrateType t : MigrateType.values()) {
            if (t.kernelName().equals(kernelName)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown migrate type '" + kernelName + "'");
    }

    private static long[] numbers(String columns) {
        String[] parts = columns.trim().split(" +");
        long[] out = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Long.parseLong(parts[i]);
        }
        return out;
    }
}
