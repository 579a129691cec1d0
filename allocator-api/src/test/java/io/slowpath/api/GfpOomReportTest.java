package io.slowpath.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The {@code gfp_mask=} values of the real OOM reports in ../shared/oom-reports. Reports from 3.x kernels (3.6 to
 * 3.13 share the 3.10 bit layout for these masks) must decode to sensible names; the one from a 4.4 kernel uses the
 * 4.x layout (___GFP_DIRECT_RECLAIM at 0x400000, ___GFP_KSWAPD_RECLAIM at 0x2000000) and must be rejected, not
 * forced into the 3.10 table.
 */
class GfpOomReportTest {

    private static final Pattern GFP = Pattern.compile("gfp_mask=(0x[0-9a-f]+)");
    private static final Pattern KERNEL = Pattern.compile("^# kernel:\\s*(\\d+)\\.", Pattern.MULTILINE);

    /** The 3.10-era masks found in the reports today, decoded by hand from spec 2.1 to 2.4. */
    @Test
    void masksOf3xReportsDecodeToTheirCallers() {
        // Anonymous page fault (alloc_zeroed_user_highpage_movable): reports 01, 11.
        expect("0x280da", "GFP_HIGHUSER_MOVABLE|__GFP_ZERO", ZoneType.MOVABLE, MigrateType.MOVABLE);
        // Page cache readahead (page_cache_alloc_cold): reports 02, 07, 16.
        expect("0x201da", "GFP_HIGHUSER_MOVABLE|__GFP_COLD", ZoneType.MOVABLE, MigrateType.MOVABLE);
        // Page cache / user page without zeroing (MIPS 3.10.14 report 17; on MIPS it would reach ZONE_HIGHMEM).
        expect("0x200da", "GFP_HIGHUSER_MOVABLE", ZoneType.MOVABLE, MigrateType.MOVABLE);
        // Kernel allocation, also what memcg OOM reports of 3.x print: reports 03, 10, 12, 18, 19, 21, 22.
        expect("0xd0", "GFP_KERNEL", ZoneType.NORMAL, MigrateType.UNMOVABLE);
    }

    /** 4.4's 0x240c0d0 is GFP_KERNEL|__GFP_COMP|__GFP_ZERO in 4.x terms; in 3.10 terms it has an unknown bit. */
    @Test
    void maskOfA4xReportIsRejected() {
        GfpParseException e = assertThrows(GfpParseException.class, () -> Gfp.parse("0x240c0d0"));
        assertTrue(e.getMessage().contains("bits 0x2000000"), e.getMessage());
        assertTrue(e.getMessage().contains("4.x"), e.getMessage());
    }

    @Test
    void everyReportMaskIsHandledByKernelGeneration() throws IOException {
        Path dir = Path.of(System.getProperty("slowpath.shared", "../shared")).resolve("oom-reports");
        Assumptions.assumeTrue(Files.isDirectory(dir), dir + " absent: skipping the real OOM report masks");
        List<String> checked = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".txt")).sorted().toList()) {
                String text = Files.readString(file);
                Matcher kernel = KERNEL.matcher(text);
                // "unknown (3.10-era ...)" headers have no leading version number: treat as 3.x.
                int major = kernel.find() ? Integer.parseInt(kernel.group(1)) : 3;
                Matcher gfp = GFP.matcher(text);
                while (gfp.find()) {
                    String hex = gfp.group(1);
                    String where = file.getFileName() + " (" + hex + ", kernel " + major + ".x)";
                    if (major >= 4) {
                        assertThrows(GfpParseException.class, () -> Gfp.parse(hex), where);
                    } else {
                        int mask = Gfp.parse(hex);
                        String name = Gfp.toSymbolic(mask);
                        assertFalse(name.contains("0x"), where + " -> " + name);
                        assertEquals(mask, Gfp.parse(name), where);
                        // Every 3.x OOM mask here may sleep and call into the FS (needed to reach the OOM killer).
                        assertTrue(Gfp.has(mask, Gfp.GFP_KERNEL), where + " -> " + name);
                        Gfp.gfpZone(mask);
                        Gfp.migrateType(mask);
                    }
                    checked.add(where);
                }
            }
        }
        assertFalse(checked.isEmpty(), "no gfp_mask= line found in " + dir);
    }

    private static void expect(String hex, String name, ZoneType zone, MigrateType migrateType) {
        int mask = Gfp.parse(hex);
        assertEquals(hex, Gfp.toHex(mask));
        assertEquals(name, Gfp.toSymbolic(mask), hex);
        assertEquals(mask, Gfp.parse(name), name);
        assertEquals(zone, Gfp.gfpZone(mask), hex);
        assertEquals(migrateType, Gfp.migrateType(mask), hex);
        assertFalse(Gfp.isAtomic(mask), hex);
    }
}
