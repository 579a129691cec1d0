package io.slowpath.cli.compare;

import static io.slowpath.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import io.slowpath.cli.CliRun;
import io.slowpath.cli.report.Charts;
import io.slowpath.core.config.ConfigLoader;
import io.slowpath.core.scenario.RunListener;
import io.slowpath.core.scenario.RunResult;
import io.slowpath.core.scenario.ScenarioRunner;
import io.slowpath.core.scenario.Scenarios;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The compare command end to end on a small machine and a short run. */
class CompareCommandTest {
    /** A 128 MiB machine for two simulated seconds (src/test/resources/.../small.conf): well under a second a run. */
    static Path small(Path dir) throws IOException {
        Path p = dir.resolve("small.conf");
        try (var in = CompareCommandTest.class.getResourceAsStream("small.conf")) {
            Files.write(p, in.readAllBytes());
        }
        return p;
    }

    private static String[] args(Path dir, String... more) throws IOException {
        List<String> a = new ArrayList<>(List.of("compare", small(dir).toString(), "--quiet", "--out",
            dir.resolve("out").toString()));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    @Test
    void twoVariantsGiveTheTableAndEveryFile(@TempDir Path tmp) throws IOException {
        CliRun r = run(args(tmp, "--variant", "vm.min_free_kbytes=1024,4096"));
        Path dir = tmp.resolve("out");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("vm.min_free_kbytes=1024") && r.out().contains("vm.min_free_kbytes=4096"),
            r.out());
        for (String row : List.of("OOM kills", "slow-path stall time", "allocstall", "pgscan_kswapd",
            "pgscan_direct", "pgsteal_kswapd", "pswpout", "compact_stall", "thp_fault_fallback", "simulated time",
            "page operations")) {
            assertTrue(r.out().contains(row), row + " in\n" + r.out());
        }
        assertTrue(r.out().contains(dir.resolve("report.html").toString()), r.out());

        String html = Files.readString(dir.resolve("report.html"));
        Matcher refs = Pattern.compile("(?:src|href)\\s*=\\s*\"([^\"]*)\"").matcher(html);
        while (refs.find()) {
            assertFalse(refs.group(1).matches("(?i)https?:.*|//.*"), "external reference " + refs.group(1));
        }
        assertFalse(html.contains("http://") || html.contains("https://"), "no URL at all");
        for (String id : Charts.IDS) {
            assertTrue(html.contains("id=\"chart-" + id + "\""), id);
            assertNotNull(ImageIO.read(dir.resolve(id + ".png").toFile()), id + ".png decodes");
        }
        assertTrue(Files.exists(dir.resolve("kernel-1.log")) && Files.exists(dir.resolve("kernel-2.log")));

        // the numbers in compare.json and compare.csv are the runner's
        RunResult direct = ScenarioRunner.run(Scenarios.load(tmp.resolve("small.conf").toString()),
            List.of("vm.min_free_kbytes=4096"), 1, "x", RunListener.NONE);
        ConfigObject root = ConfigFactory.parseString(Files.readString(dir.resolve("compare.json")),
            ConfigParseOptions.defaults().setSyntax(ConfigSyntax.JSON)).root();
        ConfigObject second = (ConfigObject) ((ConfigList) root.get("variants")).get(1);
        assertEquals("vm.min_free_kbytes=4096", second.get("label").unwrapped());
        ConfigObject summary = (ConfigObject) second.get("summary");
        assertEquals(direct.pageOps(), num(summary, "page_ops"));
        assertEquals(direct.stallNs(), num(summary, "stall_ns"));
        assertEquals(direct.simulatedNs(), num(summary, "simulated_ns"));
        assertEquals(direct.oomKills().size(), num(summary, "oom_kills"));
        ConfigObject vmstat = (ConfigObject) second.get("vmstat");
        assertEquals(direct.vmstatDelta().size(), vmstat.size());
        for (Map.Entry<String, Long> e : direct.vmstatDelta().entrySet()) {
            assertEquals(e.getValue(), num(vmstat, e.getKey()), e.getKey());
        }
        List<String> csv = Files.readAllLines(dir.resolve("compare.csv"));
        assertEquals("metric,vm.min_free_kbytes=1024,vm.min_free_kbytes=4096", csv.get(0));
        assertTrue(csv.contains("page_ops," + num(summary(root, 0), "page_ops") + "," + direct.pageOps()),
            csv.toString());
        assertTrue(csv.stream().anyMatch(l -> l.startsWith("allocstall,") && l.endsWith(","
            + direct.vmstatDelta().get("allocstall"))), csv.toString());
        assertTrue(csv.contains("stall_ns," + num(summary(root, 0), "stall_ns") + "," + direct.stallNs()),
            csv.toString());
        assertTrue(direct.pageOps() > 0 && !direct.oomKills().isEmpty(), "the hog ran the machine out of memory");
    }

    @Test
    void sameSeedSameJson(@TempDir Path a, @TempDir Path b) throws IOException {
        CliRun ra = run(args(a, "--policies", "stock,off", "--seed", "7"));
        assertEquals(0, ra.code(), ra.err());
        CliRun rb = run(args(b, "--policies", "stock,off", "--seed", "7"));
        assertEquals(ra.out().replace(a.toString(), ""), rb.out().replace(b.toString(), ""), "same table");
        String json = Files.readString(a.resolve("out/compare.json"));
        assertEquals(json, Files.readString(b.resolve("out/compare.json")));
        assertTrue(json.contains("\"seed\": 7"), json);
        assertTrue(json.contains("\"name\": \"hog\""), "stock 3.10 kills the hog: " + json);
        assertTrue(Files.readString(a.resolve("out/report.html")).contains("<td>hog</td>"));
        assertEquals(Files.readString(a.resolve("out/compare.csv")), Files.readString(b.resolve("out/compare.csv")));
    }

    @Test
    void badInputIsNamed(@TempDir Path dir) throws IOException {
        CliRun r = run(args(dir, "--policies", "off,nonesuch"));
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("slowpath: error: --policies: unknown policy set 'nonesuch'"), r.err());
        r = run(args(dir, "--policies", "compaction=no-such-policy"));
        assertEquals(2, r.code());
        assertTrue(r.err().contains("no-such-policy"), r.err());
        r = run(args(dir, "--variant", "vm.swapiness=1,2"));
        assertEquals(2, r.code());
        assertTrue(r.err().contains("vm.swapiness") && r.err().contains("did you mean slowpath.vm.swappiness"),
            r.err());
        r = run(args(dir, "--variant", "vm.swappiness"));
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--variant 'vm.swappiness': expected key=value1,value2"), r.err());
        r = run("compare", "no-such-scenario", "--policies", "off");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("slowpath: error: ") && r.err().contains("no-such-scenario"), r.err());
        r = run(args(dir, "--policies", "off", "--set", "machine.memroy=1G"));
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown key slowpath.machine.memroy"), r.err());
        Path box = Files.writeString(dir.resolve("box.conf"), "slowpath.machine.cpu = 3\n");
        r = run(args(dir, "--policies", "off", "--config", box.toString()));
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown key slowpath.machine.cpu") && r.err().contains("box.conf"), r.err());
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        r = run("compare", small(dir).toString(), "--quiet", "--policies", "off", "--out", file.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("slowpath: error: --out " + file), r.err());
        assertFalse(Files.exists(dir.resolve("out")), "nothing ran before the --out error");
    }

    @Test
    void theDefaultComparisonIsRunnable() {
        var d = ConfigLoader.defaults().getConfig(CompareCommand.DEFAULT_PATH);
        var sc = Scenarios.load(d.getString("scenario"));
        List<VariantSpec> specs = Variants.of(PolicySets.from(ConfigLoader.defaults()), d.getStringList("policies"),
            d.getStringList("variants"));
        assertTrue(specs.size() >= 2, specs.toString());
        for (VariantSpec v : specs) {
            CompareCommand.check(sc, List.of(), v); // boots each variant's kernel: names and settings are valid
        }
    }

    private static ConfigObject summary(ConfigObject root, int variant) {
        return (ConfigObject) ((ConfigObject) ((ConfigList) root.get("variants")).get(variant)).get("summary");
    }

    private static long num(ConfigObject o, String key) {
        return ((Number) o.get(key).unwrapped()).longValue();
    }
}
