package io.slowpath.cli.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import io.slowpath.core.scenario.TimeSeries;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.junit.jupiter.api.io.TempDir;

class ReportRenderingTest {
    static final List<String> COLUMNS = List.of("time_ms", "nr_free_pages", "wmark_min", "wmark_low", "wmark_high",
        "pgscan_kswapd", "pgscan_direct", "pgsteal_kswapd", "pgsteal_direct", "allocstall", "pswpout",
        "compact_stall", "compact_success", "compact_fail", "unusable_index_9", "stall_ms", "oom_kills", "nr_anon",
        "nr_file");

    /** A made-up run whose counters grow with {@code k}, so two variants differ in every number. */
    static VariantReport variant(String label, int k, boolean kill) {
        List<long[]> rows = new ArrayList<>();
        for (int i = 0; i <= 10; i++) {
            long[] r = new long[COLUMNS.size()];
            r[0] = i * 100L;
            r[1] = 10_000 - 500L * i * k;
            r[2] = 1000;
            r[3] = 1250;
            r[4] = 1500;
            for (int c = 5; c < r.length; c++) {
                r[c] = (long) i * k * c;
            }
            rows.add(r);
        }
        Map<String, Long> summary = new LinkedHashMap<>();
        summary.put(SummaryKeys.SIMULATED_NS, 1_000_000_000L);
        summary.put(SummaryKeys.PAGE_OPS, 123_456L * k);
        summary.put(SummaryKeys.OOM_KILLS, kill ? 1L : 0L);
        summary.put(SummaryKeys.ALLOC_FAILURES, 0L);
        summary.put(SummaryKeys.STALL_NS, 2_500_000L * k);
        summary.put(SummaryKeys.THP_FAULT_ALLOC, 3L * k);
        summary.put(SummaryKeys.THP_FAULT_FALLBACK, 1L);
        Map<String, Long> vmstat = new LinkedHashMap<>();
        vmstat.put("pgscan_kswapd_dma32", 100L * k);
        vmstat.put("pgscan_kswapd_normal", 10L * k);
        vmstat.put("pgscan_direct_normal", 7L * k);
        vmstat.put("pgscan_direct_throttle", 99L);
        vmstat.put("allocstall", 5L * k);
        vmstat.put("compact_stall", 2L * k);
        Map<String, Map<String, Long>> latency = new LinkedHashMap<>();
        latency.put("GFP_HIGHUSER_MOVABLE", Map.of("count", 10L, "p50_ns", 150L, "p90_ns", 300L, "p99_ns", 4000L * k,
            "p999_ns", 9000L, "max_ns", 10_000L));
        List<OomMark> kills = kill ? List.of(new OomMark(550_000_000L, 1001, "hog", 950)) : List.of();
        return new VariantReport(label, List.of("policies.compaction=" + label), summary, vmstat, latency, kills,
            new TimeSeries(COLUMNS, rows));
    }

    static ReportData data() {
        return new ReportData("toy", "a made-up scenario", 7, List.of(variant("a", 1, false), variant("b", 2, true)));
    }

    @Test
    void tableSumsPerZoneCountersAndShowsEveryVariant() {
        ComparisonTable t = ComparisonTable.of(data());
        Map<String, TableRow> rows = new LinkedHashMap<>();
        t.rows().forEach(r -> rows.put(r.key(), r));
        assertEquals(List.of(110L, 220L), rows.get("pgscan_kswapd").values());
        assertEquals(List.of(7L, 14L), rows.get("pgscan_direct").values(), "pgscan_direct_throttle is not a zone");
        assertEquals(List.of(117L, 234L), rows.get("pages_scanned").values());
        assertEquals(List.of(0L, 1L), rows.get("oom_kills").values());
        assertEquals(List.of("-", "hog(1001)"), rows.get("oom_victims").values());
        assertEquals(75.0, (Double) rows.get("thp_success_pct").values().get(0), 1e-9);
        assertEquals(List.of(4000L, 8000L), rows.get("alloc_p99_ns.GFP_HIGHUSER_MOVABLE").values());
        String text = t.render();
        assertTrue(text.startsWith("metric"), text);
        assertTrue(text.contains("slow-path stall time"), text);
        assertTrue(text.contains("2.50 ms") && text.contains("5.00 ms"), text);
        assertTrue(text.contains("75.0%"), text);
        assertTrue(text.contains("alloc latency p99 GFP_HIGHUSER_MOVABLE"), text);
        // every line is as wide as the header: the columns line up
        String[] lines = text.split("\n");
        for (String l : lines) {
            assertEquals(lines[0].length(), l.length(), l);
        }
    }

    @Test
    void csvHasTheRawValues() {
        String csv = CompareCsv.render(ComparisonTable.of(data()));
        assertTrue(csv.startsWith("metric,a,b\n"), csv);
        assertTrue(csv.contains("\nstall_ns,2500000,5000000\n"), csv);
        assertTrue(csv.contains("\nthp_success_pct,75.000,85.714\n"), csv);
        assertTrue(csv.contains("\noom_victims,-,hog(1001)\n"), csv);
        assertEquals("\"a,b\"", CompareCsv.quote("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", CompareCsv.quote("say \"hi\""));
    }

    @Test
    void jsonParsesAndKeepsKeyOrder() {
        String json = CompareJson.render(data());
        ConfigObject root = ConfigFactory.parseString(json, ConfigParseOptions.defaults()
            .setSyntax(ConfigSyntax.JSON)).root();
        assertEquals(7, ((Number) root.get("seed").unwrapped()).intValue());
        ConfigList variants = (ConfigList) root.get("variants");
        ConfigObject b = (ConfigObject) variants.get(1);
        assertEquals("b", b.get("label").unwrapped());
        assertEquals(5_000_000L, ((Number) ((ConfigObject) b.get("summary")).get("stall_ns").unwrapped()).longValue());
        assertEquals(1001, ((Number) ((ConfigObject) ((ConfigList) b.get("oom_victims")).get(0)).get("pid")
            .unwrapped()).intValue());
        // keys in the order they were put: the vmstat names in kernel order
        assertTrue(json.indexOf("\"pgscan_kswapd_dma32\"") < json.indexOf("\"compact_stall\""));
        assertTrue(json.indexOf("\"label\"") < json.indexOf("\"settings\""));
        assertEquals(json, CompareJson.render(data()), "same data, same bytes");
    }

    @Test
    void filesAreWrittenAndTheHtmlIsSelfContained(@TempDir Path dir) throws IOException {
        List<Path> files = ReportFiles.write(data(), dir);
        assertEquals(3 + Charts.IDS.size(), files.size(), files.toString());
        String html = Files.readString(dir.resolve("report.html"));
        assertFalse(html.contains("http://") || html.contains("https://"), "no network references");
        Matcher refs = Pattern.compile("(?:src|href)=\"([^\"]*)\"").matcher(html);
        while (refs.find()) {
            assertTrue(refs.group(1).startsWith("data:image/png;base64,"), refs.group(1));
        }
        for (String id : Charts.IDS) {
            assertTrue(html.contains("<figure id=\"chart-" + id + "\">"), id);
            BufferedImage png = ImageIO.read(dir.resolve(id + ".png").toFile());
            assertNotNull(png, id + ".png decodes");
            assertEquals(Charts.WIDTH, png.getWidth());
            assertEquals(Charts.HEIGHT, png.getHeight());
        }
        Matcher inline = Pattern.compile("src=\"data:image/png;base64,([^\"]+)\"").matcher(html);
        int n = 0;
        while (inline.find()) {
            byte[] bytes = java.util.Base64.getDecoder().decode(inline.group(1));
            assertNotNull(ImageIO.read(new ByteArrayInputStream(bytes)), "inline chart " + n + " decodes");
            assertArrayEquals(Files.readAllBytes(dir.resolve(Charts.IDS.get(n) + ".png")), bytes);
            n++;
        }
        assertEquals(Charts.IDS.size(), n);
        assertTrue(html.contains("<td>hog</td>"), "OOM kill listed");
    }

    /** The variant with its oom_kills column zero in every row. */
    private static VariantReport withoutKills(VariantReport v) {
        int col = COLUMNS.indexOf("oom_kills");
        List<long[]> rows = new ArrayList<>();
        for (int i = 0; i <= 10; i++) {
            long[] r = new long[COLUMNS.size()];
            for (int c = 0; c < r.length; c++) {
                r[c] = c == col ? 0 : v.series().rows().get(i)[c];
            }
            rows.add(r);
        }
        return new VariantReport(v.label(), v.settings(), v.summary(), v.vmstat(), v.latency(), List.of(),
            new TimeSeries(COLUMNS, rows));
    }

    @Test
    void aChartWhoseLinesAreAllZeroGetsAZeroToOneAxis() {
        XYChart kills = Charts.build("oom-kills", new ReportData("toy", "no kills", 7,
            List.of(withoutKills(variant("a", 1, false)), withoutKills(variant("b", 2, false)))));
        XYChart stalls = Charts.build("stalls", data());
        assertEquals(0.0, Charts.maxY(kills), "no variant killed anything");
        assertEquals(1.0, kills.getStyler().getYAxisMax());
        assertTrue(Charts.maxY(stalls) > 0);
        assertNull(stalls.getStyler().getYAxisMax(), "a chart with data keeps XChart's own range");
    }

    @Test
    void ratesAreDeltasPerSecond() {
        double[][] r = Charts.rate(new double[] {0, 0.5, 1.0}, new double[] {0, 100, 100});
        assertArrayEquals(new double[] {0.5, 1.0}, r[0]);
        assertArrayEquals(new double[] {200, 0}, r[1]);
        assertEquals(1, Charts.sampleAtOrBefore(new double[] {0, 0.5, 1.0}, 0.7));
        assertEquals(60.0, Charts.interpolate(new double[] {0, 0.5, 1.0}, new double[] {0, 100, 0}, 0.7), 1e-9);
        assertEquals(0.0, Charts.interpolate(new double[] {0, 0.5, 1.0}, new double[] {0, 100, 0}, 2.0), 1e-9);
    }
}
