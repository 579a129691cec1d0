package io.slowpath.cli;

import static io.slowpath.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code slowpath oom-replay} end to end: the sample reports, a shared real one, JSON, errors. */
class OomReplayCommandTest {
    private static final String HOG = "../examples/oom-reports/simulated-anon-hog-3.10.108.txt";
    private static final String CHILD = "../examples/oom-reports/simulated-sacrifice-child-el7.txt";

    private static Path shared(String file) {
        Path p = Path.of(System.getProperty("slowpath.shared", "../shared")).resolve("oom-reports").resolve(file);
        assumeTrue(Files.isRegularFile(p), p + " absent: skipping");
        return p;
    }

    @Test
    void textSaysWhatTheKernelAndThePolicyDid() {
        CliRun r = run("oom-replay", HOG);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("==> " + HOG + " <==\nreport:     global OOM, kernel 3.10.108, java invoked it"
            + " with gfp_mask=0x280da order=0, 4 tasks\n"), r.out());
        assertTrue(r.out().contains("\nkernel:     kill 3100 (java) score "), r.out());
        assertTrue(r.out().contains("\nstock-3.10: kill 3100 (java) score "), r.out());
        assertTrue(r.out().contains("\nmatch:      yes (same task, same score)\n"), r.out());
        assertTrue(r.out().contains("min_free_kbytes: the printed watermarks fit min_free_kbytes"), r.out());
        assertTrue(r.out().contains(": the 3.10 default "), r.out());
    }

    @Test
    void jsonHasTheDocumentedKeys() {
        CliRun r = run("oom-replay", "--format", "json", CHILD);
        assertEquals(0, r.code(), r.err());
        String j = r.out();
        assertTrue(j.startsWith("{\n  \"file\": "), j);
        for (String key : new String[] {"\"kernel\": {", "\"victim\": {", "\"pid\": 2001", "\"name\": \"httpd\"",
            "\"replay\": {", "\"policy\": \"stock-3.10\"", "\"match\": true", "\"totalpages\": ", "\"tasks\": [",
            "\"points\": ", "\"zones\": [", "\"managed\": ", "\"printed\": {", "\"computed\": {", "\"computedThp\": {",
            "\"minFreeKbytes\": {", "\"inferred\": [", "\"default\": ", "\"defaultThp\": ", "\"killed\": {",
            "\"pid\": 2003"}) {
            assertTrue(j.contains(key), key + " in " + j);
        }
        assertTrue(j.indexOf("\"kernel\"") < j.indexOf("\"replay\"") && j.indexOf("\"replay\"") < j.indexOf("\"match\""),
            "keys in a stable order");
        assertTrue(j.contains("sacrifice child: the kernel selected 2001 (httpd) but killed 2003 (httpd)"), j);
        assertEquals(j, run("oom-replay", "--format", "json", CHILD).out(), "deterministic");
    }

    @Test
    void aRealReportShowsTheThpRaisedWatermarks() {
        Path p = shared("01-datanode1-palo_be-numa2-el7-862.txt");
        CliRun r = run("oom-replay", "--format", "json", p.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\"defaultThp\": 90112"), r.out());
        assertTrue(r.out().contains("\"inferred\": [\n      90112,"), r.out());
        assertTrue(r.out().contains("\"victim\": {\n      \"pid\": 53549,\n      \"name\": \"palo_be\",\n"
            + "      \"score\": 237\n    }"), r.out());
    }

    @Test
    void theRootBonusFormIsASetting() {
        Path p = shared("17-mips-upstream-3.10.14-highmem-noswap.txt");
        assertTrue(run("oom-replay", p.toString()).out().contains("\nmatch:      no\n"));
        CliRun r = run("oom-replay", "--set", "policy.oom.\"stock-3.10\".root-bonus=3.10.0", p.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\nmatch:      yes (same task, same score)\n"), r.out());
    }

    @Test
    void severalFilesGiveOneResultEachAndJsonAnArray() {
        CliRun r = run("oom-replay", HOG, CHILD);
        assertEquals(0, r.code(), r.err());
        assertEquals(2, r.out().split("==> ", -1).length - 1);
        CliRun j = run("oom-replay", "--format", "json", HOG, CHILD);
        assertTrue(j.out().startsWith("[\n  {\n    \"file\": "), j.out());
    }

    @Test
    void anotherPolicyIsResolvedByName() {
        CliRun r = run("oom-replay", "--policy", "off", HOG);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\noff:        NONE\n"), r.out());
        assertTrue(r.out().contains("off did not kill: NONE"), r.out());
        CliRun bad = run("oom-replay", "--policy", "nope", HOG);
        assertEquals(2, bad.code());
        assertTrue(bad.err().startsWith("slowpath: error: slowpath.policies.oom: unknown oom policy 'nope'"),
            bad.err());
    }

    @Test
    void aFileThatIsNotAReportIsAOneLineErrorAndExitCodeTwo(@TempDir Path dir) throws IOException {
        Path notes = dir.resolve("notes.txt");
        Files.writeString(notes, "hello\n");
        CliRun r = run("oom-replay", notes.toString());
        assertEquals(2, r.code());
        assertEquals("slowpath: error: " + notes + ": not an OOM report (no 'invoked oom-killer', 'Kill process',"
            + " task table or Mem-Info line found)\n", r.err());
        CliRun both = run("oom-replay", HOG, notes.toString());
        assertEquals(2, both.code(), "one bad file fails the run");
        assertTrue(both.out().contains("match:      yes"), "the good file still has its result");
        assertEquals(2, run("oom-replay", dir.resolve("missing.txt").toString()).code());
        assertEquals(2, run("oom-replay", "--format", "xml", HOG).code());
    }

    @Test
    void dashReadsStandardInput() throws IOException {
        java.io.InputStream saved = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream(Files.readAllBytes(Path.of(HOG))));
            CliRun r = run("oom-replay", "-");
            assertEquals(0, r.code(), r.err());
            assertTrue(r.out().startsWith("==> - <==\n"), r.out());
            assertTrue(r.out().contains("\nmatch:      yes"), r.out());
        } finally {
            System.setIn(saved);
        }
    }
}
