package io.slowpath.cli;

import static io.slowpath.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InfoCommandTest {
    @Test
    void defaultMachinePrintsSummaryAndProcFiles() {
        CliRun r = run("info");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("vm.min_free_kbytes = 8048 (kernel default at boot)"), r.out());
        assertTrue(r.out().contains("==> /proc/zoneinfo <=="));
        assertTrue(r.out().contains("Node 0, zone    DMA32\n  pages free"));
        assertTrue(r.out().contains("        protection: (0, 2979, 3938, 3938)"), r.out());
        assertTrue(r.out().contains("==> /proc/buddyinfo <=="));
        assertTrue(r.out().contains("Page block order: 9\nPages per block:  512\n"));
        assertFalse(r.out().contains("==> /proc/vmstat <=="));
    }

    @Test
    void thpRaisesMinFreeKbytes() {
        CliRun r = run("info", "--set", "transparent_hugepage.enabled=always", "--show", "summary");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("vm.min_free_kbytes = 67584"), r.out());
        assertFalse(r.out().contains("/proc/zoneinfo"));
    }

    @Test
    void vmstatSectionOnRequest() {
        CliRun r = run("info", "--show", "vmstat");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\nnr_free_pages "), r.out());
        assertTrue(r.out().contains("\npgalloc_normal 0\n"), r.out());
    }

    @Test
    void fragmentationIndicesOnRequest() {
        CliRun r = run("info", "--set", "machine.memory=1G", "--show", "extfrag_index,unusable_index");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("==> /sys/kernel/debug/extfrag/extfrag_index <==\nNode 0, zone      DMA "), r.out());
        assertTrue(r.out().contains("==> /sys/kernel/debug/extfrag/unusable_index <==\nNode 0, zone      DMA "),
            r.out());
        assertTrue(r.out().contains("Node 0, zone    DMA32 -1.000 -1.000 "), "a booted zone has free order-10 blocks: "
            + r.out());
    }

    @Test
    void badInputExitsTwoWithAClearMessage() {
        CliRun r = run("info", "--set", "machine.cpu=3");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("slowpath: error: unknown key slowpath.machine.cpu"), r.err());
        assertTrue(r.err().contains("did you mean slowpath.machine.cpus?"), r.err());
        r = run("info", "--show", "meminfo");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--show: unknown section 'meminfo'"), r.err());
        r = run("info", "--bogus");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("Unknown option: '--bogus'"), r.err());
    }
}
