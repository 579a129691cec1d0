package io.slowpath.cli.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes a comparison's files into one directory: report.html, compare.json, compare.csv and a PNG per chart. */
public final class ReportFiles {
    private ReportFiles() {
    }

    /**
     * Renders and writes everything, creating the directory.
     *
     * @return the files written, in the order written
     */
    public static List<Path> write(ReportData data, Path dir) {
        ComparisonTable table = ComparisonTable.of(data);
        List<ChartImage> charts = Charts.render(data);
        List<Path> written = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            written.add(text(dir.resolve("report.html"), HtmlReport.render(data, table, charts)));
            written.add(text(dir.resolve("compare.json"), CompareJson.render(data)));
            written.add(text(dir.resolve("compare.csv"), CompareCsv.render(table)));
            for (ChartImage c : charts) {
                Path p = dir.resolve(c.id() + ".png");
                Files.write(p, c.png());
                written.add(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + dir + ": " + e.getMessage(), e);
        }
        return written;
    }

    private static Path text(Path p, String s) throws IOException {
        Files.writeString(p, s, StandardCharsets.UTF_8);
        return p;
    }
}
