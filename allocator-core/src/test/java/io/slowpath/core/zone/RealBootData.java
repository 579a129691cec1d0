package io.slowpath.core.zone;

import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.slowpath.api.ZoneType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.ThrowingConsumer;

/**
 * Test-side reader of the shared test data (found through the {@code slowpath.shared} system property): the real
 * 3.10.108 boot folders and the OOM reports.
 */
final class RealBootData {
    private static final Pattern ZONE_HEADER = Pattern.compile("Node (\\d+), zone +(\\S+)");
    private static final Pattern PROTECTION = Pattern.compile("protection: \\((.*)\\)");
    private static final Pattern BLOCK_ROW = Pattern.compile("Node (\\d+), zone +(\\S+) +(\\d+) +(\\d+) +(\\d+) +(\\d+) *");
    private static final Pattern NODE_MEM = Pattern.compile("memory-backend-ram,id=\\w+,size=(\\d+)M");
    private static final Pattern TOTAL_MEM = Pattern.compile(" -m (\\d+)M ");
    private static final Pattern SYSTEM_RAM = Pattern.compile("^([0-9a-f]+)-([0-9a-f]+) : System RAM$");

    private RealBootData() {
    }

    /** The shared folder ({@code slowpath.shared}, default {@code ../shared}). */
    static Path shared() {
        return Path.of(System.getProperty("slowpath.shared", "../shared"));
    }

    /** One dynamic test per boot folder, or one skipped test saying the data is absent. */
    static Stream<DynamicTest> perBootFolder(ThrowingConsumer<Path> check) {
        Path boot = shared().resolve("real-kernel-3.10.108/boot");
        if (!Files.isDirectory(boot)) {
            String message = "shared folder " + boot.toAbsolutePath() + " absent: skipping";
            return Stream.of(dynamicTest(message, () -> assumeTrue(false, message)));
        }
        return bootFolders(boot).stream().map(f -> dynamicTest(name(f), () -> check.accept(f)));
    }

    /** Every boot folder (one with a zoneinfo) under {@code boot}, sorted. */
    static List<Path> bootFolders(Path boot) {
        try (Stream<Path> s = Files.walk(boot, 2)) {
            List<Path> out = s.filter(p -> Files.isRegularFile(p.resolve("zoneinfo"))).sorted().toList();
            if (out.isEmpty()) {
                throw new IllegalStateException("no boot folder with a zoneinfo under " + boot);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** E.g. {@code numa2-thp-never/1024M}. */
    static String name(Path folder) {
        return folder.getParent().getFileName() + "/" + folder.getFileName();
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** One populated zone as /proc/zoneinfo printed it. */
    static final class ZoneinfoZone {
        int node;
        ZoneType type;
        long startPfn;
        long spanned;
        long present;
        long managed;
        long min;
        long low;
        long high;
        long[] protection;
        int cpus;
        int pcpHigh = -1;
        int pcpBatch = -1;
        int statThreshold = -1;
        int inactiveRatio = -1;

        ZoneSpec spec() {
            return new ZoneSpec(node, type, startPfn, spanned, present, managed);
        }

        @Override
        public String toString() {
            return "Node " + node + " " + type.kernelName();
        }
    }

    /**
     * Parses /proc/zoneinfo: sizes, watermarks, protection, pageset high/batch (checked equal on every CPU), the
     * vm stats threshold, start_pfn and inactive_ratio of each zone.
     */
    static List<ZoneinfoZone> zoneinfo(Path folder) {
        List<ZoneinfoZone> out = new ArrayList<>();
        ZoneinfoZone z = null;
        for (String raw : read(folder.resolve("zoneinfo")).split("\n")) {
            String line = raw.trim();
            Matcher h = ZONE_HEADER.matcher(line);
            if (h.matches()) {
                z = new ZoneinfoZone();
                z.node = Integer.parseInt(h.group(1));
                z.type = ZoneType.ofKernelName(h.group(2));
                out.add(z);
                continue;
            }
            if (z == null || line.isEmpty() || line.equals("pagesets")) {
                continue;
            }
            Matcher p = PROTECTION.matcher(line);
            if (p.matches()) {
                String[] v = p.group(1).split(", ");
                z.protection = new long[v.length];
                for (int i = 0; i < v.length; i++) {
                    z.protection[i] = Long.parseLong(v[i]);
                }
                continue;
            }
            int space = line.lastIndexOf(' ');
            String key = line.substring(0, space).trim();
            long value = Long.parseLong(line.substring(space + 1));
            switch (key) {
                case "min" -> z.min = value;
                case "low" -> z.low = value;
                case "high" -> z.high = value;
                case "spanned" -> z.spanned = value;
                case "present" -> z.present = value;
                case "managed" -> z.managed = value;
                case "start_pfn:" -> z.startPfn = value;
                case "inactive_ratio:" -> z.inactiveRatio = (int) value;
                case "cpu:" -> z.cpus++;
                case "high:" -> z.pcpHigh = same(z, "pcp high", z.pcpHigh, (int) value);
                case "batch:" -> z.pcpBatch = same(z, "pcp batch", z.pcpBatch, (int) value);
                case "vm stats threshold:" -> z.statThreshold = same(z, "stat threshold", z.statThreshold, (int) value);
                default -> {
                    // counters: not needed here
                }
            }
        }
        return out;
    }

    private static int same(ZoneinfoZone z, String what, int old, int value) {
        if (old != -1 && old != value) {
            throw new IllegalStateException(z + ": " + what + " differs between CPUs: " + old + " and " + value);
        }
        return value;
    }

    /** The "Number of blocks type" rows of /proc/pagetypeinfo: {node, zone index} -> blocks by migrate type. */
    static Map<List<Integer>, long[]> pageblockCounts(Path folder) {
        Map<List<Integer>, long[]> out = new HashMap<>();
        boolean inBlocks = false;
        for (String line : read(folder.resolve("pagetypeinfo")).split("\n")) {
            if (line.startsWith("Number of blocks type")) {
                inBlocks = true;
                continue;
            }
            Matcher m = BLOCK_ROW.matcher(line);
            if (inBlocks && m.matches()) {
                out.put(List.of(Integer.parseInt(m.group(1)), ZoneType.ofKernelName(m.group(2)).index()),
                    new long[] {Long.parseLong(m.group(3)), Long.parseLong(m.group(4)), Long.parseLong(m.group(5)),
                        Long.parseLong(m.group(6))});
            } else {
                inBlocks = inBlocks && !line.isBlank() && !line.startsWith("Page block order");
            }
        }
        return out;
    }

    /** The bracketed value of a sysfs choice file, e.g. {@code never} of "always madvise [never]". */
    static String bracketed(Path file) {
        String s = read(file).trim();
        return s.substring(s.indexOf('[') + 1, s.indexOf(']'));
    }

    /** The value of a {@code key=value} word of the kernel command line, or null. */
    static String cmdlineValue(Path folder, String key) {
        for (String word : read(folder.resolve("cmdline")).trim().split("\\s+")) {
            if (word.startsWith(key + "=")) {
                return word.substring(key.length() + 1);
            }
        }
        return null;
    }

    /** The RAM of each NUMA node in MiB from qemu's command line (one node with all of {@code -m} when no NUMA). */
    static List<Long> qemuNodeMib(Path folder) {
        String cmd = read(folder.resolve("qemu-cmdline.txt"));
        List<Long> nodes = new ArrayList<>();
        Matcher m = NODE_MEM.matcher(cmd);
        while (m.find()) {
            nodes.add(Long.parseLong(m.group(1)));
        }
        if (nodes.isEmpty()) {
            Matcher t = TOTAL_MEM.matcher(cmd);
            if (!t.find()) {
                throw new IllegalStateException("no -m in " + folder.resolve("qemu-cmdline.txt"));
            }
            nodes.add(Long.parseLong(t.group(1)));
        }
        return nodes;
    }

    /** The top-level "System RAM" ranges of /proc/iomem as pfn ranges {start, end} (whole pages inside them). */
    static List<long[]> iomemRamPfns(Path folder) {
        List<long[]> out = new ArrayList<>();
        for (String line : read(folder.resolve("iomem")).split("\n")) {
            Matcher m = SYSTEM_RAM.matcher(line);
            if (m.matches()) {
                long start = Long.parseUnsignedLong(m.group(1), 16);
                long endInclusive = Long.parseUnsignedLong(m.group(2), 16);
                out.add(new long[] {(start + 4095) >> 12, (endInclusive + 1) >> 12});
            }
        }
        return out;
    }
}
