package io.slowpath.core.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.slowpath.api.MigrateType;
import io.slowpath.api.ZoneStatItem;
import io.slowpath.api.ZoneType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class FreeAreaReportTest {
    /** Reports whose whole Mem-Info block has the mainline 3.10 format (no el7 free_pcp fields, not folded). */
    private static final List<String> WHOLE_BLOCK_REPORTS = List.of(
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
    private static final Pattern BUDDY = Pattern.compile("Node \\d+ \\S+: .* = \\d+kB");
    private static final Pattern MAINLINE_ZONE = Pattern.compile("Node \\d+ \\S+ free:.* all_unreclaimable\\? (yes|no)");

    @Test
    void rendersTheSpecExampleBuddyLine() {
        ParsedMachineView m = new ParsedMachineView();
        ParsedZoneView dma = m.zone(0, ZoneType.DMA);
        dma.presentPages = 3998;
        long[] nr = {1, 1, 1, 0, 2, 1, 1, 0, 1, 1, 3};
        System.arraycopy(nr, 0, dma.nrFree, 0, nr.length);
        for (int order : new int[] {0, 1, 2, 4, 5, 6, 8}) {
            dma.nrFreeByType[order][MigrateType.UNMOVABLE.index()] = nr[order];
        }
        dma.nrFreeByType[9][MigrateType.RESERVE.index()] = 1;
        dma.nrFreeByType[10][MigrateType.MOVABLE.index()] = 3;

        assertEquals("Node 0 DMA: 1*4kB (U) 1*8kB (U) 1*16kB (U) 0*32kB 2*64kB (U) 1*128kB (U) 1*256kB (U) 0*512kB "
                + "1*1024kB (U) 1*2048kB (R) 3*4096kB (M) = 15900kB\n", FreeAreaReport.buddyLine(dma));
    }

    @Test
    void lettersFollowTypeOrderAndKernelStackIsEightKbPerStack() {
        ParsedMachineView m = new ParsedMachineView();
        ParsedZoneView zone = m.zone(0, ZoneType.NORMAL);
        zone.presentPages = 1;
        zone.nrFree[0] = 9;
        zone.nrFreeByType[0][MigrateType.RESERVE.index()] = 2;
        zone.nrFreeByType[0][MigrateType.UNMOVABLE.index()] = 3;
        zone.nrFreeByType[0][MigrateType.MOVABLE.index()] = 4;
        zone.stats.put(ZoneStatItem.NR_KERNEL_STACK, 5L);

        assertTrue(FreeAreaReport.buddyLine(zone).startsWith("Node 0 Normal: 9*4kB (UMR) 0*8kB 0*16kB "));
        assertTrue(FreeAreaReport.zoneLines(zone).contains(" kernel_stack:40kB pagetables:0kB "));
    }

    @Test
    void nodeFilterDropsZoneLinesButNotTheGlobalBlock() {
        ParsedMachineView m = new ParsedMachineView();
        m.zone(0, ZoneType.DMA32).presentPages = 1;
        m.zone(0, ZoneType.DMA32).stats.put(ZoneStatItem.NR_FREE_PAGES, 10L);
        m.zone(1, ZoneType.NORMAL).presentPages = 1;
        m.zone(1, ZoneType.NORMAL).stats.put(ZoneStatItem.NR_FREE_PAGES, 5L);
        m.zone(1, ZoneType.NORMAL).stats.put(ZoneStatItem.NR_FILE_PAGES, 77L);
        m.zone(0, ZoneType.DMA32).setPcpCount(0, 3);
        m.zone(1, ZoneType.NORMAL).setPcpCount(0, 0);

        String text = FreeAreaReport.render(m, node -> node == 1);

        assertFalse(text.contains("Node 0"), text);
        assertTrue(text.contains("Node 1 Normal per-cpu:\nCPU    0: hi:    0, btch:   0 usd:   0\n"), text);
        assertTrue(text.contains("\n free:15 slab_reclaimable:0 slab_unreclaimable:0\n"), text);
        assertTrue(text.contains("Node 1 Normal free:20kB min:0kB"), text);
        assertEquals("77 total pagecache pages\n", FreeAreaReport.pagecacheLine(m));
    }

    @TestFactory
    Stream<DynamicTest> reproducesWholeMemInfoBlocksOfRealReports() {
        Path dir = reports();
        if (!Files.isDirectory(dir)) {
            return RealBootFolders.skipped(dir);
        }
        return WHOLE_BLOCK_REPORTS.stream().map(file -> dynamicTest(file, () -> {
            List<String> lines = OomReportParser.freeAreaLines(read(dir.resolve(file)));
            ParsedMachineView m = OomReportParser.machine(lines);
            assertEquals(String.join("\n", lines) + "\n", FreeAreaReport.render(m));
            // the pieces agree with the whole
            assertTrue(FreeAreaReport.render(m).startsWith(FreeAreaReport.perCpu(m) + FreeAreaReport.globalCounters(m)));
        }));
    }

    @TestFactory
    Stream<DynamicTest> reproducesMainlineZoneLinesOfRealReports() {
        Path dir = reports();
        if (!Files.isDirectory(dir)) {
            return RealBootFolders.skipped(dir);
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (String file : List.of("02-aliyun-rocketmq-java-0x201da.txt", "11-cadvisor-gce-ubuntu-3.13-badsysprogram.txt",
                "16-ubuntu-3.13-qemu-icecast2-pagecache.txt", "19-lkml-3.10.0-229-panic_on_oom2-pagefault-24G-free.txt")) {
            List<String> lines = stripped(dir.resolve(file));
            for (int i = 0; i + 1 < lines.size(); i++) {
                String zoneLine = lines.get(i);
                String reserveLine = lines.get(i + 1);
                if (MAINLINE_ZONE.matcher(zoneLine).matches() && reserveLine.startsWith("lowmem_reserve[]:")) {
                    tests.add(dynamicTest(file + ": " + zoneLine.substring(0, zoneLine.indexOf(" free:")), () -> {
                        ParsedMachineView m = new ParsedMachineView();
                        ParsedZoneView zone = OomReportParser.zoneLine(m, zoneLine);
                        long[] reserve = parseReserve(reserveLine);
                        System.arraycopy(reserve, 0, zone.lowmemReserve, 0, reserve.length);
                        assertEquals(zoneLine + "\n" + reserveLine + "\n", FreeAreaReport.zoneLines(zone));
                    }));
                }
            }
        }
        assertTrue(tests.size() >= 8, "expected the zone lines of 4 reports, found " + tests.size());
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> reproducesBuddyLinesOfRealReports() {
        Path dir = reports();
        if (!Files.isDirectory(dir)) {
            return RealBootFolders.skipped(dir);
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (String file : BUDDY_LINE_REPORTS) {
            for (String line : stripped(dir.resolve(file))) {
                if (BUDDY.matcher(line).matches()) {
                    tests.add(dynamicTest(file + ": " + line.substring(0, line.indexOf(':')), () -> {
                        ParsedZoneView zone = OomReportParser.buddyLine(new ParsedMachineView(), line);
                        assertEquals(line + "\n", FreeAreaReport.buddyLine(zone));
                    }));
                }
            }
        }
        assertTrue(tests.size() >= 20, "expected the buddy lines of 7 reports, found " + tests.size());
        return tests.stream();
    }

    private static long[] parseReserve(String line) {
        String[] parts = line.substring("lowmem_reserve[]: ".length()).split(" ");
        long[] out = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Long.parseLong(parts[i]);
        }
        return out;
    }

    private static Path reports() {
        return RealBootFolders.shared().resolve("oom-reports");
    }

    private static List<String> stripped(Path file) {
        List<String> out = new ArrayList<>();
        for (String line : read(file).split("\n")) {
            out.add(OomReportParser.strip(line));
        }
        return out;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
