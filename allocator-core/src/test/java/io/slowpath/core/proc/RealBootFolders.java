package io.slowpath.core.proc;

import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.slowpath.api.ZoneStatItem;
import io.slowpath.api.ZoneView;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.ThrowingConsumer;

/**
 * The boot folders of ../shared/real-kernel-3.10.108 (found through the {@code slowpath.shared} system property), and
 * the parsed machine each one describes.
 */
final class RealBootFolders {
    private RealBootFolders() {
    }

    /** The shared folder named by the {@code slowpath.shared} system property (default {@code ../shared}). */
    static Path shared() {
        return Path.of(System.getProperty("slowpath.shared", "../shared"));
    }

    /**
     * One dynamic test per boot folder running {@code check} on it; when the shared folder is absent, a single test
     * that is skipped with a message saying so (an aborted factory would be skipped silently).
     */
    static Stream<DynamicTest> perFolder(ThrowingConsumer<Path> check) {
        Path boot = shared().resolve("real-kernel-3.10.108/boot");
        if (!Files.isDirectory(boot)) {
            return skipped(boot);
        }
        return all(boot).stream().map(folder -> dynamicTest(name(folder), () -> check.accept(folder)));
    }

    /** A single dynamic test skipped because {@code folder} is absent. */
    static Stream<DynamicTest> skipped(Path folder) {
        String message = "shared folder " + folder.toAbsolutePath() + " absent: skipping";
        return Stream.of(dynamicTest(message, () -> assumeTrue(false, message)));
    }

    /** Every boot folder under {@code boot} (e.g. {@code thp-never/128M}), sorted. */
    static List<Path> all(Path boot) {
        try (Stream<Path> files = Files.walk(boot, 2)) {
            List<Path> out = files.filter(p -> Files.isRegularFile(p.resolve("zoneinfo")))
                    .sorted()
                    .collect(Collectors.toList());
            if (out.isEmpty()) {
                throw new IllegalStateException("no boot folder with a zoneinfo under " + boot);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A short name of a boot folder for test display, e.g. {@code numa2-thp-never/1024M}. */
    static String name(Path folder) {
        return folder.getParent().getFileName() + "/" + folder.getFileName();
    }

    /** A file of a boot folder as text. */
    static String read(Path folder, String file) {
        try {
            return Files.readString(folder.resolve(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + folder.resolve(file), e);
        }
    }

    /**
     * The machine a boot folder describes: zones from zoneinfo, nr_free from buddyinfo, per-type counts and
     * pageblocks from pagetypeinfo, events from vmstat, min_free_kbytes.
     */
    static ParsedMachineView machine(Path folder) {
        ParsedMachineView m = new ParsedMachineView();
        ProcFileParser.zoneinfo(m, read(folder, "zoneinfo"));
        ProcFileParser.buddyinfo(m, read(folder, "buddyinfo"));
        ProcFileParser.pagetypeinfo(m, read(folder, "pagetypeinfo"));
        ProcFileParser.vmstatEvents(m, read(folder, "vmstat"));
        m.minFreeKbytes = Long.parseLong(read(folder, "min_free_kbytes").trim());
        return m;
    }

    /**
     * The machine of a boot folder with its zone counters adjusted so that their sums equal the global counters of
     * its vmstat. The kernel's files were read one after another while the machine was running, so zoneinfo's
     * counters differ from vmstat's by a few pages; the difference of each counter is added to the zone holding the
     * most of it.
     */
    static ParsedMachineView machineMatchingVmstat(Path folder) {
        ParsedMachineView m = machine(folder);
        Map<ZoneStatItem, Long> global = ProcFileParser.vmstatCounters(read(folder, "vmstat"));
        List<ZoneView> zones = m.populatedZones();
        for (ZoneStatItem item : ZoneStatItem.values()) {
            long sum = 0;
            ParsedZoneView largest = (ParsedZoneView) zones.get(0);
            for (ZoneView z : zones) {
                sum += z.stat(item);
                if (z.stat(item) > largest.stat(item)) {
                    largest = (ParsedZoneView) z;
                }
            }
            long adjusted = largest.stat(item) + global.get(item) - sum;
            if (adjusted < 0) {
                throw new IllegalStateException(name(folder) + ": cannot match vmstat " + item.procName());
            }
            largest.stats.put(item, adjusted);
        }
        return m;
    }
}
