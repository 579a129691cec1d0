package io.slowpath.policy.oom.report;

import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/** The real OOM reports of {@code ../shared/oom-reports} (system property {@code slowpath.shared}). */
final class SharedReports {
    private SharedReports() {
    }

    static Path dir() {
        return Path.of(System.getProperty("slowpath.shared", "../shared")).resolve("oom-reports");
    }

    /** One dynamic test per report, or one skipped test saying the folder is absent. */
    static Stream<DynamicTest> each(BiConsumer<String, String> check) {
        Path dir = dir();
        if (!Files.isDirectory(dir)) {
            String message = "shared folder " + dir.toAbsolutePath() + " absent: skipping";
            return Stream.of(dynamicTest(message, () -> assumeTrue(false, message)));
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().matches("\\d\\d-.*\\.txt")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files.stream().map(f -> dynamicTest(f.getFileName().toString(),
            () -> check.accept(f.getFileName().toString(), Files.readString(f, StandardCharsets.UTF_8))));
    }
}
