package io.slowpath.core.proc;

import io.slowpath.api.MigrateType;
import io.slowpath.api.PageOrder;
import io.slowpath.api.ZoneStatItem;
import io.slowpath.api.ZoneType;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds zone values from the show_free_areas lines of a real OOM report: the per-cpu lines, the zone summary and
 * {@code lowmem_reserve[]:} lines and the buddy lines. Syslog and printk-time prefixes are stripped first.
 */
final class OomReportParser {
    /** {@code "Jun  4 17:19:10 host kernel: "} and/or {@code "[   81.234419] "}. */
    private static final Pattern PREFIX =
            Pattern.compile("^(?:[A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d \\S+ kernel: )?(?:\\[ *\\d+\\.\\d+\\] )?");
    private static final Pattern PER_CPU_HEADER = Pattern.compile("Node (\\d+) (\\S+) per-cpu:");
    private static final Pattern PER_CPU =
            Pattern.compile("CPU +(\\d+): hi: *(\\d+), btch: *(\\d+) usd: *(\\d+)");
    private static final Pattern ZONE_LINE = Pattern.compile("Node (\\d+) (\\S+) (free:.*)");
    private static final Pattern RESERVE = Pattern.compile("lowmem_reserve\\[\\]:((?: \\d+)+)");
    private static final Pattern BUDDY_LINE = Pattern.compile("Node (\\d+) (\\S+): (.*) = (\\d+)kB");
    private static final Pattern BUDDY_ORDER = Pattern.compile("(\\d+)\\*(\\d+)kB(?: \\(([UEMR]*)\\))?");

    private OomReportParser() {
    }

    /** A report line without its syslog / printk-time prefix. */
    static String strip(String line) {
        return PREFIX.matcher(line).replaceFirst("");
    }

    /** The report's lines after {@code Mem-Info:} up to and including the last buddy line, prefixes stripped. */
    static List<String> freeAreaLines(String report) {
        List<String> out = new ArrayList<>();
        boolean inside = false;
        int lastBuddy = -1;
        for (String raw : report.split("\n")) {
            String line = strip(raw);
            if (line.equals("Mem-Info:")) {
                inside = true;
                continue;
            }
            if (inside) {
                out.add(line);
                if (BUDDY_LINE.matcher(line).matches()) {
                    lastBuddy = out.size();
                }
            }
        }
        if (lastBuddy < 0) {
            throw new IllegalArgumentException("report has no Mem-Info: block with buddy lines");
        }
        return out.subList(0, lastBuddy);
    }

    /**
     * Fills a machine from show_free_areas lines (stripped): per-cpu lines set pcp high/batch/count and the CPU
     * count, zone lines set sizes, watermarks and counters, reserve lines the lowmem reserves of the zone before, and
     * buddy lines nr_free and which per-type lists are non-empty. Other lines (the global block) are ignored.
     */
    static ParsedMachineView machine(List<String> lines) {
        ParsedMachineView m = new ParsedMachineView();
        ParsedZoneView zone = null;
        for (String line : lines) {
            Matcher header = PER_CPU_HEADER.matcher(line);
            Matcher cpu = PER_CPU.matcher(line);
            Matcher reserve = RESERVE.matcher(line);
            if (header.matches()) {
                zone = zone(m, header.group(1), header.group(2));
            } else if (cpu.matches()) {
                int id = Integer.parseInt(cpu.group(1));
                zone.pcpHigh = Integer.parseInt(cpu.group(2));
                zone.pcpBatch = Integer.parseInt(cpu.group(3));
                zone.setPcpCount(id, Integer.parseInt(cpu.group(4)));
                m.cpus = Math.max(m.cpus, id + 1);
            } else if (ZONE_LINE.matcher(line).matches()) {
                zone = zoneLine(m, line);
            } else if (reserve.matches()) {
                String[] values = reserve.group(1).trim().split(" ");
                for (int i = 0; i < values.length; i++) {
                    zone.lowmemReserve[i] = Long.parseLong(values[i]);
                }
            } else if (BUDDY_LINE.matcher(line).matches()) {
                buddyLine(m, line);
            }
        }
        return m;
    }

    /** Fills one zone from its summary line (mainline 3.10 format); fails on a field it does not know. */
    static ParsedZoneView zoneLine(ParsedMachineView m, String line) {
        Matcher matcher = ZONE_LINE.matcher(line);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a zone line: '" + line + "'");
        }
        ParsedZoneView zone = zone(m, matcher.group(1), matcher.group(2));
        String fields = matcher.group(3).replace("all_unreclaimable? ", "all_unreclaimable?:");
        for (String field : fields.split(" ")) {
            int colon = field.indexOf(':');
            String key = field.substring(0, colon);
            String value = field.substring(colon + 1);
            if (key.equals("all_unreclaimable?")) {
                zone.allUnreclaimable = value.equals("yes");
                continue;
            }
            if (key.equals("pages_scanned")) {
                zone.pagesScanned = Long.parseLong(value);
                continue;
            }
            long kb = Long.parseLong(value.substring(0, value.length() - 2));
            long pages = kb / 4;
            switch (key) {
                case "free" -> {
                    zone.freePages = pages;
                    zone.stats.put(ZoneStatItem.NR_FREE_PAGES, pages);
                }
                case "min" -> zone.min = pages;
                case "low" -> zone.low = pages;
                case "high" -> zone.high = pages;
                case "present" -> zone.presentPages = pages;
                case "managed" -> zone.managedPages = pages;
                case "kernel_stack" -> zone.stats.put(ZoneStatItem.NR_KERNEL_STACK, kb / 8);
                default -> zone.stats.put(counter(key), pages);
            }
        }
        return zone;
    }

    /** Fills nr_free per order of one zone from its buddy line; each letter marks that type's list non-empty (1). */
    static ParsedZoneView buddyLine(ParsedMachineView m, String line) {
        Matcher matcher = BUDDY_LINE.matcher(line);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a buddy line: '" + line + "'");
        }
        ParsedZoneView zone = zone(m, matcher.group(1), matcher.group(2));
        Matcher order = BUDDY_ORDER.matcher(matcher.group(3));
        int o = 0;
        while (order.find()) {
            if (Long.parseLong(order.group(2)) != PageOrder.pagesToKb(1L << o)) {
                throw new IllegalArgumentException("order " + o + " has block size " + order.group(2) + "kB in: " + line);
            }
            zone.nrFree[o] = Long.parseLong(order.group(1));
            String letters = order.group(3) == null ? "" : order.group(3);
            for (char c : letters.toCharArray()) {
                zone.nrFreeByType[o][MigrateType.ofLetter(c).index()] = 1;
            }
            o++;
        }
        if (o != PageOrder.MAX_ORDER) {
            throw new IllegalArgumentException("buddy line has " + o + " orders, not 11: " + line);
        }
        return zone;
    }

    private static ParsedZoneView zone(ParsedMachineView m, String node, String name) {
        ParsedZoneView zone = m.zone(Integer.parseInt(node), ZoneType.ofKernelName(name));
        // a zone seen in a report is populated; present pages come from its zone line when there is one
        if (zone.presentPages == 0) {
            zone.presentPages = 1;
        }
        return zone;
    }

    private static ZoneStatItem counter(String key) {
        return switch (key) {
            case "active_anon" -> ZoneStatItem.NR_ACTIVE_ANON;
            case "inactive_anon" -> ZoneStatItem.NR_INACTIVE_ANON;
            case "active_file" -> ZoneStatItem.NR_ACTIVE_FILE;
            case "inactive_file" -> ZoneStatItem.NR_INACTIVE_FILE;
            case "unevictable" -> ZoneStatItem.NR_UNEVICTABLE;
            case "isolated(anon)" -> ZoneStatItem.NR_ISOLATED_ANON;
            case "isolated(file)" -> ZoneStatItem.NR_ISOLATED_FILE;
            case "mlocked" -> ZoneStatItem.NR_MLOCK;
            case "dirty" -> ZoneStatItem.NR_DIRTY;
            case "writeback" -> ZoneStatItem.NR_WRITEBACK;
            case "mapped" -> ZoneStatItem.NR_MAPPED;
            case "shmem" -> ZoneStatItem.NR_SHMEM;
            case "slab_reclaimable" -> ZoneStatItem.NR_SLAB_RECLAIMABLE;
            case "slab_unreclaimable" -> ZoneStatItem.NR_SLAB_UNRECLAIMABLE;
            case "pagetables" -> ZoneStatItem.NR_PAGE_TABLE_PAGES;
            case "unstable" -> ZoneStatItem.NR_UNSTABLE;
            case "bounce" -> ZoneStatItem.NR_BOUNCE;
            case "free_cma" -> ZoneStatItem.NR_FREE_CMA;
            case "writeback_tmp" -> ZoneStatItem.NR_WRITEBACK_TEMP;
            default -> throw new IllegalArgumentException("unknown zone-line field '" + key + "' (not mainline 3.10?)");
        };
    }
}
