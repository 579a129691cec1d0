package io.slowpath.policy.oom.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.slowpath.api.NodeView;
import io.slowpath.api.ZoneView;
import io.slowpath.core.proc.FreeAreaReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The machine the reader rebuilds from a real report renders, through the core's {@link FreeAreaReport}, into the
 * very lines the kernel printed: the whole show_free_areas block of the mainline-format reports, and every complete
 * zone line and buddy line of the 3.10-era x86_64 reports. This checks the reader (every field, the per-cpu lines,
 * the free lists with their migrate-type letters) and the renderer against each other and against the kernel.
 */
class ShowFreeAreasRenderTest {
    /** Reports whose whole Mem-Info block has the mainline 3.10 format (no el7 free_pcp fields, not folded). */
    private static final List<String> WHOLE_BLOCK_REPORTS = List.of(
        "11-cadvisor-gce-ubuntu-3.13-badsysprogram.txt",
        "16-ubuntu-3.13-qemu-icecast2-pagecache.txt",
        "19-lkml-3.10.0-229-panic_on_oom2-pagefault-24G-free.txt");
    /** Reports with complete mainline zone lines. */
    private static final List<String> ZONE_LINE_REPORTS = List.of(
        "02-aliyun-rocketmq-java-0x201da.txt",
        "11-cadvisor-gce-ubuntu-3.13-badsysprogram.txt",
        "16-ubuntu-3.13-qemu-icecast2-pagecache.txt",
        "19-lkml-3.10.0-229-panic_on_oom2-pagefault-24G-free.txt");
    /** 3.10-era x86_64 reports (kernel.org, Ubuntu 3.13 and el7 alike print the same buddy lines). */
    private static final List<String> BUDDY_LINE_REPORTS = List.of(
        "01-datanode1-palo_be-numa2-el7-862.txt",
        "02-aliyun-rocketmq-java-0x201da.txt",
        "07-oomanalyser-rhel7-514-numa2-mysqld.txt",
        "11-cadvisor-gce-ubuntu-3.13-badsysprogram.txt",
        "16-ubuntu-3.13-qemu-icecast2-pagecache.txt",
        "19-lkml-3.10.0-229-panic_on_oom2-pagefault-24G-free.txt",
        "21-el7-693-sysrq-f-manual-oom-tuned-score0.txt");
    private static final Pattern MAINLINE_ZONE =
        Pattern.compile("Node \\d+ \\S+ free:.* all_unreclaimable\\? (yes|no)");
    private static final Pattern BUDDY = Pattern.compile("Node \\d+ \\S+: .* = \\d+kB");

    private static Path file(String name) {
        Path p = SharedReports.dir().resolve(name);
        assumeTrue(Files.isRegularFile(p), p + " absent: skipping");
        return p;
    }

    private static String text(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }

    /** The report's lines with prefixes stripped and rsyslog's #012 split, as the reader sees them. */
    private static List<String> stripped(String text) {
        List<String> out = new ArrayList<>();
        for (String raw : text.split("\n")) {
            if (!raw.startsWith("# ")) {
                for (String piece : OomReportParser.stripPrefix(raw).split("#012", -1)) {
                    out.add(piece);
                }
            }
        }
        return out;
    }

    private static ZoneView zone(ReplayMachine m, int node, String name) {
        for (NodeView n : m.nodes()) {
            for (ZoneView z : n.zones()) {
                if (z.nodeId() == node && z.name().equals(name)) {
                    return z;
                }
            }
        }
        throw new AssertionError("no zone Node " + node + " " + name);
    }

    @Test
    void wholeMemInfoBlocks() throws IOException {
        for (String name : WHOLE_BLOCK_REPORTS) {
            String text = text(file(name));
            List<String> lines = stripped(text);
            int from = lines.indexOf("Mem-Info:") + 1;
            int to = from;
            for (int i = from; i < lines.size(); i++) {
                if (BUDDY.matcher(lines.get(i)).matches()) {
                    to = i + 1;
                }
            }
            String expected = String.join("\n", lines.subList(from, to)) + "\n";
            ReplayMachine m = new ReplayMachine(OomReportParser.parse(text, name));
            assertEquals(expected, FreeAreaReport.render(m), name);
        }
    }

    @Test
    void everyCompleteZoneLine() throws IOException {
        int checked = 0;
        for (String name : ZONE_LINE_REPORTS) {
            String text = text(file(name));
            ReplayMachine m = new ReplayMachine(OomReportParser.parse(text, name));
            List<String> lines = stripped(text);
            for (int i = 0; i + 1 < lines.size(); i++) {
                String zoneLine = lines.get(i);
                if (MAINLINE_ZONE.matcher(zoneLine).matches() && lines.get(i + 1).startsWith("lowmem_reserve[]:")) {
                    String[] head = zoneLine.split(" ");
                    ZoneView z = zone(m, Integer.parseInt(head[1]), head[2]);
                    assertEquals(zoneLine + "\n" + lines.get(i + 1) + "\n", FreeAreaReport.zoneLines(z), name);
                    checked++;
                }
            }
        }
        assertTrue(checked >= 8, "expected the zone lines of 4 reports, found " + checked);
    }

    @Test
    void everyBuddyLine() throws IOException {
        int checked = 0;
        for (String name : BUDDY_LINE_REPORTS) {
            String text = text(file(name));
            ReplayMachine m = new ReplayMachine(OomReportParser.parse(text, name));
            for (String line : stripped(text)) {
                if (BUDDY.matcher(line).matches()) {
                    String[] head = line.split("[ :]");
                    ZoneView z = zone(m, Integer.parseInt(head[1]), head[2]);
                    assertEquals(line + "\n", FreeAreaReport.buddyLine(z), name);
                    checked++;
                }
            }
        }
        assertTrue(checked >= 20, "expected the buddy lines of 7 reports, found " + checked);
    }
}
