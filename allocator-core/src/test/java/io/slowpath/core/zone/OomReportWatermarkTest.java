package io.slowpath.core.zone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.slowpath.api.ZoneType;
import io.slowpath.core.config.KernelFlavour;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The watermark rule against the per-zone {@code min:/low:/high:/managed:} lines of real OOM reports. For each
 * report, min_free_kbytes is recovered from the printed watermarks (every value in
 * [4 x sum of min, 4 x (sum of min + zones)] that reproduces all of them), then checked against what
 * {@link BootSetup} says the kernel's boot chose for those managed sizes.
 *
 * <p>Finding: every report that fits is at the THP-raised value (45056, 67584, 90112 kB for 2, 3, 4 zones), none at
 * the plain {@code int_sqrt} default. Reports 07 and 21 (RHEL 7 kernels 514 and 693) are 1 to 8 pages off: those
 * kernels let {@code managed_pages} grow after boot (initrd and init memory freed later), so the printed managed sizes
 * are a little larger than the ones the watermarks were computed from.
 */
class OomReportWatermarkTest {
    private static final Pattern ZONE_LINE = Pattern.compile(
        "(?:Node (\\d+) )?(DMA32|DMA|Normal|HighMem|Movable) free:\\d+kB min:(\\d+)kB low:(\\d+)kB high:(\\d+)kB");
    private static final Pattern MANAGED = Pattern.compile("present:(\\d+)kB managed:(\\d+)kB");
    private static final Pattern LOWMEM_RESERVE = Pattern.compile("lowmem_reserve\\[\\]:((?: \\d+)+)");

    /** How each report is used, and why. */
    private enum Use {
        /** Printed watermarks equal the computed ones exactly; THP-raised min_free_kbytes. */
        EXACT,
        /** Within {@link #DRIFT_PAGES} pages: the kernel's managed_pages changed after boot (el7). */
        DRIFT,
        /** 32-bit MIPS with ZONE_HIGHMEM (no such zone in Slowpath): only the lowmem Normal zone is checked. */
        LOWMEM_ONLY,
        /** Not a 3.10-style watermark set: excluded. */
        EXCLUDED,
        /** A memcg OOM: no per-zone lines. */
        NO_ZONES
    }

    /** The worst difference of the drifting reports, in pages (INDEX.md: "up to 9"). */
    private static final long DRIFT_PAGES = 9;

    private static final Map<String, Use> USE = new LinkedHashMap<>();
    private static final Map<String, String> WHY = new LinkedHashMap<>();

    static {
        use("01-", Use.EXACT, "el7-862, 2 nodes, 4 zones: 90112 kB");
        use("02-", Use.EXACT, "3.10-era, 3 zones: 67584 kB");
        use("03-", Use.NO_ZONES, "memcg OOM");
        use("07-", Use.DRIFT, "el7-514: off by 1 page in DMA32 and node 1 Normal at 90112 kB");
        use("08-", Use.EXCLUDED, "kernel 4.4: five zone types (ZONE_DEVICE in lowmem_reserve[]) and every watermark"
            + " printed as 0, not the 3.10 rule");
        use("10-", Use.NO_ZONES, "memcg OOM");
        use("11-", Use.EXACT, "Ubuntu 3.13 (same rule), 2 zones: 45056 kB");
        use("12-", Use.NO_ZONES, "memcg OOM");
        use("16-", Use.EXACT, "Ubuntu 3.13 qemu guest, 2 zones: 45056 kB");
        use("17-", Use.LOWMEM_ONLY, "32-bit MIPS: HighMem gets clamp(managed/1024, 32, 128) as min and is not in"
            + " lowmem_pages; min_free_kbytes ~10084 is neither default (a user setting)");
        use("18-", Use.NO_ZONES, "memcg OOM");
        use("19-", Use.EXACT, "3.10.0-229 (RHEL 7.1 based), 3 zones: 67584 kB");
        use("21-", Use.DRIFT, "el7-693: off by up to 8 pages at 67584 kB");
        use("22-", Use.NO_ZONES, "memcg OOM");
        use("29-", Use.NO_ZONES, "memcg OOM");
    }

    private static void use(String prefix, Use u, String why) {
        USE.put(prefix, u);
        WHY.put(prefix, why);
    }

    /** One zone line of a report. */
    private record PrintedZone(int node, String zone, long min, long low, long high, long present, long managed,
                               long[] lowmemReserve) {
    }

    @TestFactory
    Stream<DynamicTest> everyReport() {
        Path dir = RealBootData.shared().resolve("oom-reports");
        if (!Files.isDirectory(dir)) {
            String message = "shared folder " + dir.toAbsolutePath() + " absent: skipping";
            return Stream.of(dynamicTest(message, () -> assumeTrue(false, message)));
        }
        List<Path> reports;
        try (Stream<Path> s = Files.list(dir)) {
            reports = s.filter(p -> p.getFileName().toString().matches("\\d\\d-.*\\.txt")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return reports.stream().map(p -> dynamicTest(p.getFileName().toString(), () -> check(p)));
    }

    private static void check(Path report) {
        String file = report.getFileName().toString();
        String prefix = file.substring(0, 3);
        Use use = USE.get(prefix);
        assertTrue(use != null, file + " is new: decide how to use it in " + OomReportWatermarkTest.class.getSimpleName());
        List<PrintedZone> zones = parse(report);
        if (use == Use.NO_ZONES) {
            assertTrue(zones.isEmpty(), file + ": expected no zone lines (" + WHY.get(prefix) + ")");
            return;
        }
        assertFalse(zones.isEmpty(), file + ": no zone lines found");
        assumeTrue(use != Use.EXCLUDED, file + " excluded: " + WHY.get(prefix));
        if (use == Use.LOWMEM_ONLY) {
            checkLowmemOnly(file, zones);
            return;
        }

        KernelFlavour flavour = file.contains("el7") || file.contains("3.10.0") ? KernelFlavour.EL7
            : KernelFlavour.MAINLINE_3_10_108;
        List<ZoneSpec> specs = new ArrayList<>();
        for (PrintedZone z : zones) {
            specs.add(new ZoneSpec(z.node, ZoneType.ofKernelName(z.zone), 0, z.present, z.present, z.managed));
        }
        BootSetup.Result thp = BootSetup.compute(specs, MachineSettings.defaults(1).withFlavour(flavour).withThp(true));
        long sumMin = zones.stream().mapToLong(PrintedZone::min).sum();
        List<Long> fitting = new ArrayList<>();
        long worst = Long.MAX_VALUE;
        for (long kb = 4 * sumMin; kb <= 4 * (sumMin + zones.size()) + 3; kb++) {
            long err = worstError(zones, thp.withMinFreeKbytes(kb));
            worst = Math.min(worst, err);
            if (err == 0) {
                fitting.add(kb);
            }
        }
        if (use == Use.EXACT) {
            assertFalse(fitting.isEmpty(), file + ": no min_free_kbytes reproduces every printed watermark");
            assertTrue(fitting.contains(thp.minFreeKbytes()), file + ": the THP-raised " + thp.minFreeKbytes()
                + " kB is not among the fitting values " + fitting);
            assertFalse(fitting.contains(thp.defaultMinFreeKbytes()), file + ": the plain default fits too");
            if (file.startsWith("01-") || file.startsWith("02-")) {
                // These two also print lowmem_reserve[] from the same managed sizes.
                for (PrintedZone z : zones) {
                    assertArrayEquals(z.lowmemReserve, thp.zone(z.node, ZoneType.ofKernelName(z.zone)).lowmemReserve(),
                        file + " Node " + z.node + " " + z.zone + ": lowmem_reserve");
                }
            }
        } else {
            long err = worstError(zones, thp);
            assertTrue(err > 0 && err <= DRIFT_PAGES, file + ": expected a drift of 1.." + DRIFT_PAGES
                + " pages at the THP-raised " + thp.minFreeKbytes() + " kB, got " + err);
            assertTrue(worst > 0, file + ": some min_free_kbytes fits exactly, so it is not drift");
        }
        assertEquals(512L * zones.size() * 11 * 4, thp.minFreeKbytes(), file + ": THP value (cap not binding)");
    }

    /** The Normal zone of report 17 is the only lowmem zone, so it gets all of pages_min. */
    private static void checkLowmemOnly(String file, List<PrintedZone> zones) {
        PrintedZone normal = zones.stream().filter(z -> z.zone.equals("Normal")).findFirst().orElseThrow();
        long kb = normal.min * 4;
        BootSetup.Result r = BootSetup.compute(List.of(new ZoneSpec(0, ZoneType.NORMAL, 0, normal.present,
            normal.present, normal.managed)), MachineSettings.defaults(1).withMinFreeKbytes(kb));
        assertEquals(new Watermarks(normal.min, normal.low, normal.high), r.zone(0, ZoneType.NORMAL).watermarks(), file);
        assertTrue(kb != r.defaultMinFreeKbytes() && kb != 45056, file + ": neither the default nor a THP value");
    }

    private static long worstError(List<PrintedZone> zones, BootSetup.Result r) {
        long worst = 0;
        for (PrintedZone z : zones) {
            Watermarks w = r.zone(z.node, ZoneType.ofKernelName(z.zone)).watermarks();
            worst = Math.max(worst, Math.abs(w.min() - z.min));
            worst = Math.max(worst, Math.abs(w.low() - z.low));
            worst = Math.max(worst, Math.abs(w.high() - z.high));
        }
        return worst;
    }

    /**
     * The first zone line of each (node, zone) with its managed size (joined with the following lines when the
     * source wrapped them) and the {@code lowmem_reserve[]} line after it; values converted to pages.
     */
    private static List<PrintedZone> parse(Path report) {
        List<String> lines = RealBootData.read(report).lines().filter(l -> !l.startsWith("# ")).toList();
        Map<String, PrintedZone> zones = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = ZONE_LINE.matcher(lines.get(i));
            if (!m.find()) {
                continue;
            }
            StringBuilder joined = new StringBuilder(lines.get(i));
            int j = i;
            while (!MANAGED.matcher(joined).find() && j + 1 < lines.size() && j < i + 4) {
                joined.append(lines.get(++j));
            }
            Matcher mg = MANAGED.matcher(joined);
            if (!mg.find()) {
                throw new IllegalStateException(report + " line " + (i + 1) + ": no managed: after the zone line");
            }
            long[] reserve = null;
            for (int k = j + 1; k < Math.min(lines.size(), j + 3) && reserve == null; k++) {
                Matcher lr = LOWMEM_RESERVE.matcher(lines.get(k));
                if (lr.find()) {
                    String[] v = lr.group(1).trim().split(" ");
                    reserve = new long[v.length];
                    for (int x = 0; x < v.length; x++) {
                        reserve[x] = Long.parseLong(v[x]);
                    }
                }
            }
            int node = m.group(1) == null ? 0 : Integer.parseInt(m.group(1));
            zones.putIfAbsent(node + " " + m.group(2), new PrintedZone(node, m.group(2),
                Long.parseLong(m.group(3)) / 4, Long.parseLong(m.group(4)) / 4, Long.parseLong(m.group(5)) / 4,
                Long.parseLong(mg.group(1)) / 4, Long.parseLong(mg.group(2)) / 4, reserve));
        }
        return new ArrayList<>(zones.values());
    }
}
