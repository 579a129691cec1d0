package io.slowpath.cli;

import io.slowpath.api.PageOrder;
import io.slowpath.api.ZoneView;
import io.slowpath.core.config.MachineConfig;
import io.slowpath.core.proc.BuddyInfo;
import io.slowpath.core.proc.ExtfragIndex;
import io.slowpath.core.proc.PageTypeInfo;
import io.slowpath.core.proc.UnusableIndex;
import io.slowpath.core.proc.VmStat;
import io.slowpath.core.proc.ZoneInfo;
import io.slowpath.core.zone.Machine;
import java.io.PrintWriter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code slowpath info}: boots the configured machine and prints it as a 3.10 kernel would show it. */
@Command(name = "info", mixinStandardHelpOptions = true,
    description = {"Boot the configured machine and print it as Linux 3.10 would: a watermark summary, then "
        + "/proc/zoneinfo, /proc/buddyinfo and /proc/pagetypeinfo (and /proc/vmstat with --show vmstat)."})
final class InfoCommand implements Callable<Integer> {
    private static final List<String> SECTIONS = List.of("summary", "zoneinfo", "buddyinfo", "pagetypeinfo", "vmstat",
        "extfrag_index", "unusable_index");

    @Mixin
    ConfigOptions options;

    @Option(names = "--show", split = ",", paramLabel = "SECTION",
        description = "Sections to print, comma-separated: summary, zoneinfo, buddyinfo, pagetypeinfo, vmstat, "
            + "extfrag_index, unusable_index, all "
            + "(default: summary,zoneinfo,buddyinfo,pagetypeinfo).")
    List<String> show = List.of("summary", "zoneinfo", "buddyinfo", "pagetypeinfo");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Set<String> sections = new LinkedHashSet<>();
        for (String s : show) {
            String v = s.trim().toLowerCase(Locale.ROOT);
            if (v.equals("all")) {
                sections.addAll(SECTIONS);
            } else if (SECTIONS.contains(v)) {
                sections.add(v);
            } else {
                throw new IllegalArgumentException("--show: unknown section '" + s + "' (known: "
                    + String.join(", ", SECTIONS) + ", all)");
            }
        }
        Machine m = MachineConfig.from(options.load()).boot();
        PrintWriter out = spec.commandLine().getOut();
        for (String s : sections) {
            switch (s) {
                case "summary" -> out.print(summary(m));
                case "zoneinfo" -> section(out, "/proc/zoneinfo", ZoneInfo.render(m));
                case "buddyinfo" -> section(out, "/proc/buddyinfo", BuddyInfo.render(m));
                case "pagetypeinfo" -> section(out, "/proc/pagetypeinfo", PageTypeInfo.render(m));
                case "vmstat" -> section(out, "/proc/vmstat", VmStat.render(m));
                case "extfrag_index" -> section(out, ExtfragIndex.PATH, ExtfragIndex.render(m));
                case "unusable_index" -> section(out, UnusableIndex.PATH, UnusableIndex.render(m));
                default -> throw new IllegalStateException(s);
            }
        }
        out.flush();
        return 0;
    }

    private static void section(PrintWriter out, String title, String body) {
        out.println("==> " + title + " <==");
        out.print(body);
        out.println();
    }

    /** The watermark calculator view: what an SRE wants to read off at a glance. */
    static String summary(Machine m) {
        StringBuilder sb = new StringBuilder();
        long managed = 0;
        for (ZoneView z : m.populatedZones()) {
            managed += z.managedPages();
        }
        var setup = m.setup();
        sb.append(String.format(Locale.ROOT,
            "Simulated Linux %s: %d node(s), %d CPU(s), %d MiB managed, THP %s, numa_zonelist_order %s%n",
            m.kernelFlavour(), m.nodes().size(), m.cpus(), PageOrder.pagesToKb(managed) / 1024,
            m.settings().thpEnabled() ? "on" : "off", m.zonelistOrder().name().toLowerCase(Locale.ROOT)));
        sb.append(String.format(Locale.ROOT, "vm.min_free_kbytes = %d (%s)%n", m.minFreeKbytes(),
            m.settings().minFreeKbytes().isPresent() ? "set" : "kernel default at boot"));
        sb.append(String.format(Locale.ROOT, "totalreserve_pages = %d%n", setup.totalreservePages()));
        sb.append(String.format(Locale.ROOT, "%-16s %10s %14s %14s %14s   %-30s %s%n", "zone", "managed", "min",
            "low", "high", "lowmem_reserve[]", "pcp high/batch"));
        for (ZoneView z : m.populatedZones()) {
            sb.append(String.format(Locale.ROOT, "%-16s %10d %14s %14s %14s   %-30s %d/%d%n",
                "Node " + z.nodeId() + " " + z.name(), z.managedPages(), kb(z.minWatermark()), kb(z.lowWatermark()),
                kb(z.highWatermark()), String.format(Locale.ROOT, "%d %d %d %d", z.lowmemReserve(0),
                    z.lowmemReserve(1), z.lowmemReserve(2), z.lowmemReserve(3)), z.pcpHigh(), z.pcpBatch()));
        }
        sb.append("(managed and lowmem_reserve in pages; watermarks in pages with kB in brackets)\n\n");
        return sb.toString();
    }

    private static String kb(long pages) {
        return pages + "(" + PageOrder.pagesToKb(pages) + ")";
    }
}
