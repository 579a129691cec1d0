package io.slowpath.cli.report;

/**
 * One rendered chart.
 *
 * @param id a file-name-safe name, e.g. {@code free-pages} (the PNG is {@code <id>.png})
 * @param title the chart's title
 * @param caption one sentence saying what the chart shows
 * @param png the chart as PNG bytes
 */
public record ChartImage(String id, String title, String caption, byte[] png) {
}
