package io.slowpath.cli.report;

import io.slowpath.core.scenario.TimeSeries;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The charts of a comparison over simulated time, one line per variant in the same colour on every chart: free
 * pages against the watermarks with the OOM kills marked, scan and reclaim rates, compaction outcomes, the unusable
 * free space index, stall time, OOM kills and the anon/file LRU sizes. Rendered with XChart to PNG.
 */
public final class Charts {
    /** Chart width in pixels. */
    static final int WIDTH = 960;
    /** Chart height in pixels. */
    static final int HEIGHT = 480;

    /** One colour per variant (Tableau 10), repeated past ten variants. */
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
        new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
        new Color(0xbcbd22), new Color(0x17becf)};

    private static final BasicStroke SOLID = SeriesLines.SOLID;
    private static final BasicStroke DASHED = SeriesLines.DASH_DASH;
    private static final BasicStroke DOTTED = SeriesLines.DOT_DOT;

    private Charts() {
    }

    /** The ids of the charts {@link #render} draws when the series has every column, in order. */
    public static final List<String> IDS = List.of("free-pages", "scan-rate", "reclaim-rate", "compaction",
        "unusable-index", "stalls", "oom-kills", "lru");

    /**
     * Renders every chart the variants' series have data for (a chart whose columns no variant has is left out).
     */
    public static List<ChartImage> render(ReportData data) {
        List<ChartImage> out = new ArrayList<>();
        for (String id : IDS) {
            XYChart chart = build(id, data);
            if (chart != null) {
                out.add(new ChartImage(id, chart.getTitle(), caption(id), png(chart)));
            }
        }
        return out;
    }

    /** One chart as XChart draws it, or null when there is nothing to draw. */
    static XYChart build(String id, ReportData data) {
        XYChart chart = switch (id) {
            case "free-pages" -> freePages(data);
            case "scan-rate" -> pair(data, "Pages scanned per second", "pages/s", "pgscan_kswapd",
                "pgscan_direct", "direct", true);
            case "reclaim-rate" -> pair(data, "Pages reclaimed per second", "pages/s", "pgsteal_kswapd",
                "pgsteal_direct", "direct", true);
            case "compaction" -> pair(data, "Compaction outcomes (cumulative)", "compactions", "compact_success",
                "compact_fail", "fail", false);
            case "unusable-index" -> single(data, "Unusable free space index, order 9 (largest zone)",
                "index (0-1)", "unusable_index_9", 0.001);
            case "stalls" -> single(data, "Slow-path stall time (cumulative)", "ms", "stall_ms", 1.0);
            case "oom-kills" -> single(data, "OOM kills (cumulative)", "kills", "oom_kills", 1.0);
            case "lru" -> pair(data, "Anon and file pages on the LRU lists", "pages", "nr_anon", "nr_file",
                "file", false);
            default -> throw new IllegalArgumentException("unknown chart " + id);
        };
        if (chart != null && maxY(chart) <= 0) {
            // Every line at zero (no OOM kill, no compaction): a 0-to-1 axis instead of a lone "0" mid-height, so
            // the flat lines read as "none".
            chart.getStyler().setYAxisMax(1.0);
        }
        return chart;
    }

    /** The largest y value of any series of the chart (0 for a chart without data). */
    static double maxY(XYChart chart) {
        double max = 0;
        for (XYSeries series : chart.getSeriesMap().values()) {
            for (double y : series.getYData()) {
                max = Math.max(max, y);
            }
        }
        return max;
    }

    /** The chart's caption in the HTML report. */
    static String caption(String id) {
        return switch (id) {
            case "free-pages" -> "nr_free_pages (solid) against the min, low and high watermarks summed over the "
                + "zones (dashed, dotted, dashed; grey when every variant has the same, else in the variant's colour); "
                + "each OOM kill is a cross on its variant's line.";
            case "scan-rate" -> "pgscan_kswapd (solid) and pgscan_direct (dashed), per simulated second.";
            case "reclaim-rate" -> "pgsteal_kswapd (solid) and pgsteal_direct (dashed), per simulated second.";
            case "compaction" -> "compact_success (solid) and compact_fail (dashed) since the start of the run.";
            case "unusable-index" -> "Share of free memory in blocks too small for an order-9 (THP) allocation, "
                + "as /sys/kernel/debug/extfrag/unusable_index shows it.";
            case "stalls" -> "Time tasks spent stalled in __alloc_pages_slowpath (what PSI counts as memory stall).";
            case "oom-kills" -> "Tasks killed by the OOM killer since the start of the run.";
            case "lru" -> "Active + inactive anon (solid) and file (dashed) pages.";
            default -> throw new IllegalArgumentException("unknown chart " + id);
        };
    }

    /** The chart as PNG bytes. */
    static byte[] png(XYChart chart) {
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("rendering chart '" + chart.getTitle() + "'", e);
        }
    }

    private static XYChart chart(ReportData data, String title, String yTitle) {
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
            .xAxisTitle("simulated time (s)").yAxisTitle(yTitle).build();
        var s = c.getStyler();
        s.setLegendPosition(Styler.LegendPosition.OutsideS);
        int legendChars = 0;
        for (VariantReport v : data.variants()) {
            legendChars += v.label().length() + 8;
        }
        // One legend entry per variant: in a row while they fit, else one per line.
        s.setLegendLayout(legendChars * 8 < WIDTH - 40 ? Styler.LegendLayout.Horizontal
            : Styler.LegendLayout.Vertical);
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotGridLinesColor(new Color(0xdddddd));
        s.setDefaultSeriesRenderStyle(XYSeriesRenderStyle.Line);
        s.setMarkerSize(8);
        s.setAntiAlias(true);
        s.setXAxisDecimalPattern("#,##0.###");
        s.setXAxisMin(0.0);
        s.setYAxisMin(0.0);
        s.setYAxisDecimalPattern(yTitle.startsWith("index") ? "0.00" : "#,##0.###");
        return c;
    }

    private static Color color(int variant) {
        return PALETTE[variant % PALETTE.length];
    }

    private static XYSeries line(XYChart c, String name, double[] x, double[] y, Color color, BasicStroke stroke) {
        XYSeries s = c.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        s.setLineStyle(stroke);
        return s;
    }

    /** One column's values, as doubles for plotting; empty when the series lacks it. */
    static double[] column(TimeSeries s, String name) {
        int c = s.column(name);
        double[] out = new double[c < 0 ? 0 : s.rows().size()];
        for (int r = 0; r < out.length; r++) {
            out[r] = s.rows().get(r)[c];
        }
        return out;
    }

    private static double[] seconds(TimeSeries s) {
        double[] t = column(s, "time_ms");
        for (int i = 0; i < t.length; i++) {
            t[i] /= 1000.0;
        }
        return t;
    }

    private static XYChart freePages(ReportData data) {
        XYChart c = chart(data, "Free pages against the watermarks", "pages");
        boolean any = false;
        double[][] sharedMarks = null;
        boolean marksShared = true;
        List<VariantReport> vs = data.variants();
        for (VariantReport v : vs) {
            double[][] marks = {column(v.series(), "wmark_min"), column(v.series(), "wmark_low"),
                column(v.series(), "wmark_high")};
            if (sharedMarks == null) {
                sharedMarks = marks;
            } else if (!Arrays.deepEquals(sharedMarks, marks)) {
                marksShared = false;
            }
        }
        for (int i = 0; i < vs.size(); i++) {
            VariantReport v = vs.get(i);
            TimeSeries s = v.series();
            double[] t = seconds(s);
            double[] free = column(s, "nr_free_pages");
            if (free.length == 0 || t.length == 0) {
                continue;
            }
            any = true;
            line(c, v.label(), t, free, color(i), SOLID);
            if (!marksShared || i == 0) {
                String prefix = marksShared ? "" : v.label() + " ";
                Color mc = marksShared ? Color.DARK_GRAY : color(i);
                addIfPresent(c, prefix + "min watermark", t, column(s, "wmark_min"), mc, DASHED);
                addIfPresent(c, prefix + "low watermark", t, column(s, "wmark_low"), mc, DOTTED);
                addIfPresent(c, prefix + "high watermark", t, column(s, "wmark_high"), mc, DASHED);
            }
        }
        for (int i = 0; i < vs.size(); i++) {
            VariantReport v = vs.get(i);
            if (v.oomKills().isEmpty() || v.series().rows().isEmpty()) {
                continue;
            }
            double[] t = seconds(v.series());
            double[] free = column(v.series(), "nr_free_pages");
            double[] kx = new double[v.oomKills().size()];
            double[] ky = new double[kx.length];
            for (int k = 0; k < kx.length; k++) {
                kx[k] = v.oomKills().get(k).timeNs() / 1e9;
                ky[k] = free.length == 0 ? 0 : interpolate(t, free, kx[k]);
            }
            XYSeries m = c.addSeries(v.label() + " OOM kill", kx, ky);
            m.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
            m.setMarker(SeriesMarkers.CROSS);
            m.setMarkerColor(color(i));
            m.setShowInLegend(false);
            any = true;
        }
        return any ? c : null;
    }

    private static void addIfPresent(XYChart c, String name, double[] t, double[] y, Color color, BasicStroke st) {
        if (y.length > 0) {
            line(c, name, t, y, color, st).setShowInLegend(false);
        }
    }

    /** The value of a sampled line at {@code x}, linear between the samples around it, flat past either end. */
    static double interpolate(double[] t, double[] y, double x) {
        int i = sampleAtOrBefore(t, x);
        if (i + 1 >= t.length || t[i] > x || t[i + 1] <= t[i]) {
            return y[i];
        }
        return y[i] + (y[i + 1] - y[i]) * (x - t[i]) / (t[i + 1] - t[i]);
    }

    /** The index of the last sample at or before {@code x} seconds (the first sample when none is). */
    static int sampleAtOrBefore(double[] t, double x) {
        int idx = 0;
        for (int i = 0; i < t.length && t[i] <= x; i++) {
            idx = i;
        }
        return idx;
    }

    /**
     * Two columns per variant, solid and dashed (the legend names the variant once, by its solid line); as per-second
     * rates of the cumulative counts when {@code rate}.
     */
    private static XYChart pair(ReportData data, String title, String yTitle, String colA, String colB,
        String nameB, boolean rate) {
        XYChart c = chart(data, title, yTitle);
        boolean any = false;
        for (int i = 0; i < data.variants().size(); i++) {
            VariantReport v = data.variants().get(i);
            double[] t = seconds(v.series());
            any |= plot(c, v.label(), t, column(v.series(), colA), rate, color(i), SOLID, true);
            any |= plot(c, v.label() + " " + nameB, t, column(v.series(), colB), rate, color(i), DASHED, false);
        }
        return any ? c : null;
    }

    private static XYChart single(ReportData data, String title, String yTitle, String col, double scale) {
        XYChart c = chart(data, title, yTitle);
        boolean any = false;
        for (int i = 0; i < data.variants().size(); i++) {
            VariantReport v = data.variants().get(i);
            double[] y = column(v.series(), col);
            for (int k = 0; k < y.length; k++) {
                y[k] *= scale;
            }
            any |= plot(c, v.label(), seconds(v.series()), y, false, color(i), SOLID, true);
        }
        return any ? c : null;
    }

    private static boolean plot(XYChart c, String name, double[] t, double[] y, boolean rate, Color color,
        BasicStroke stroke, boolean inLegend) {
        if (y.length == 0) {
            return false;
        }
        double[] xs = t;
        double[] ys = y;
        if (rate) {
            double[][] r = rate(t, y);
            xs = r[0];
            ys = r[1];
        }
        if (xs.length == 0) {
            return false;
        }
        line(c, name, xs, ys, color, stroke).setShowInLegend(inLegend);
        return true;
    }

    /** Per-second rates of a cumulative count between consecutive samples, placed at the later sample. */
    static double[][] rate(double[] tSeconds, double[] cumulative) {
        List<double[]> pts = new ArrayList<>();
        for (int i = 1; i < tSeconds.length; i++) {
            double dt = tSeconds[i] - tSeconds[i - 1];
            if (dt > 0) {
                pts.add(new double[] {tSeconds[i], (cumulative[i] - cumulative[i - 1]) / dt});
            }
        }
        double[][] out = new double[2][pts.size()];
        for (int i = 0; i < pts.size(); i++) {
            out[0][i] = pts.get(i)[0];
            out[1][i] = pts.get(i)[1];
        }
        return out;
    }
}
