package io.slowpath.cli.report;

import java.util.Base64;
import java.util.List;

/**
 * report.html: one self-contained page (no script, no style sheet or image fetched from anywhere: the charts are
 * inline PNG data URIs) with the scenario, the variants and their settings, the comparison table, every chart and
 * the OOM kills of each variant.
 */
public final class HtmlReport {
    private HtmlReport() {
    }

    /** The page as HTML text. */
    public static String render(ReportData data, ComparisonTable table, List<ChartImage> charts) {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        sb.append("<title>slowpath compare: ").append(esc(data.scenario())).append("</title>\n");
        sb.append("<style>\n")
            .append("body{font-family:sans-serif;margin:2em;color:#222;max-width:1100px}\n")
            .append("table{border-collapse:collapse;font-size:14px}\n")
            .append("th,td{border:1px solid #ccc;padding:3px 8px}\n")
            .append("td.n{text-align:right;font-family:monospace}\n")
            .append("th{background:#f0f0f0}\n")
            .append("figure{margin:2em 0}\n")
            .append("img{max-width:100%;border:1px solid #eee}\n")
            .append("code{background:#f5f5f5;padding:0 3px}\n")
            .append("</style>\n</head>\n<body>\n");
        sb.append("<h1>slowpath compare: ").append(esc(data.scenario())).append("</h1>\n");
        if (!data.description().isEmpty()) {
            sb.append("<p>").append(esc(data.description())).append("</p>\n");
        }
        sb.append("<p>Same workload, seed ").append(data.seed()).append(", under ").append(data.variants().size())
            .append(" variants:</p>\n<ul>\n");
        for (VariantReport v : data.variants()) {
            sb.append("<li><b>").append(esc(v.label())).append("</b>: ");
            if (v.settings().isEmpty()) {
                sb.append("the scenario as written");
            } else {
                for (int i = 0; i < v.settings().size(); i++) {
                    sb.append(i == 0 ? "" : " ").append("<code>").append(esc(v.settings().get(i))).append("</code>");
                }
            }
            sb.append("</li>\n");
        }
        sb.append("</ul>\n");
        sb.append("<h2>Outcomes</h2>\n<table id=\"comparison\">\n<tr><th>metric</th>");
        for (String l : table.labels()) {
            sb.append("<th>").append(esc(l)).append("</th>");
        }
        sb.append("</tr>\n");
        for (TableRow r : table.rows()) {
            sb.append("<tr><td title=\"").append(esc(r.key())).append("\">").append(esc(r.label())).append("</td>");
            for (Object v : r.values()) {
                sb.append("<td class=\"n\">").append(esc(Formats.display(r.unit(), v))).append("</td>");
            }
            sb.append("</tr>\n");
        }
        sb.append("</table>\n");
        sb.append("<h2>Over simulated time</h2>\n");
        for (ChartImage c : charts) {
            sb.append("<figure id=\"chart-").append(c.id()).append("\">\n<img alt=\"").append(esc(c.title()))
                .append("\" width=\"").append(Charts.WIDTH).append("\" height=\"").append(Charts.HEIGHT)
                .append("\" src=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(c.png()))
                .append("\">\n<figcaption>").append(esc(c.title())).append(": ").append(esc(c.caption()))
                .append(" (").append(esc(c.id())).append(".png)</figcaption>\n</figure>\n");
        }
        sb.append("<h2>OOM kills</h2>\n");
        for (VariantReport v : data.variants()) {
            sb.append("<h3>").append(esc(v.label())).append("</h3>\n");
            if (v.oomKills().isEmpty()) {
                sb.append("<p>none</p>\n");
                continue;
            }
            sb.append("<table>\n<tr><th>time (s)</th><th>pid</th><th>comm</th><th>score</th></tr>\n");
            for (OomMark m : v.oomKills()) {
                sb.append("<tr><td class=\"n\">").append(String.format(java.util.Locale.ROOT, "%.6f",
                    m.timeNs() / 1e9)).append("</td><td class=\"n\">").append(m.pid()).append("</td><td>")
                    .append(esc(m.name())).append("</td><td class=\"n\">").append(m.score()).append("</td></tr>\n");
            }
            sb.append("</table>\n");
        }
        sb.append("<p><small>Written by <code>slowpath compare</code>; the same numbers are in compare.csv and "
            + "compare.json beside this file.</small></p>\n");
        sb.append("</body>\n</html>\n");
        return sb.toString();
    }

    /** Escapes text for HTML element content and attribute values. */
    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
