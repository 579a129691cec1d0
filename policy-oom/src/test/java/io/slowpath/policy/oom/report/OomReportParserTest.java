package io.slowpath.policy.oom.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The reader on small hand-made reports: prefixes, folding, formats, noise and what it says it could not read. */
class OomReportParserTest {
    /** A minimal 3.10 global report, one line per element, no prefixes. */
    private static final List<String> PLAIN = List.of(
        "java invoked oom-killer: gfp_mask=0x280da, order=0, oom_score_adj=0",
        "java cpuset=/ mems_allowed=0",
        "CPU: 1 PID: 2270 Comm: java Not tainted 3.10.108 #1",
        "Call Trace:",
        " [<ffffffff8160f9e1>] dump_stack+0x19/0x1b",
        " [<ffffffff81141da6>] ? find_lock_task_mm+0x56/0xc0",
        " [<ffffffff816176c8>] page_fault+0x28/0x30",
        "Mem-Info:",
        "Node 0 DMA32 per-cpu:",
        "CPU    0: hi:  186, btch:  31 usd:   0",
        "CPU    1: hi:  186, btch:  31 usd:  30",
        "active_anon:223880 inactive_anon:8201 isolated_anon:0",
        " free:11805 slab_reclaimable:3212 slab_unreclaimable:4309",
        "Node 0 DMA32 free:39584kB min:44668kB low:55832kB high:67000kB active_anon:7712kB present:1032064kB "
            + "managed:1001500kB pages_scanned:12 all_unreclaimable? yes",
        "lowmem_reserve[]: 0 0 0 0",
        "Node 0 DMA32: 1022*4kB (UEM) 1505*8kB (UEM) 588*16kB (UEM) 227*32kB (UEM) 44*64kB (UEM) 11*128kB (UM) "
            + "2*256kB (M) 0*512kB 0*1024kB 1*2048kB (R) 0*4096kB = 39584kB",
        "8375 total pagecache pages",
        "0 pages in swap cache",
        "Swap cache stats: add 0, delete 0, find 0/0",
        "Free swap  = 0kB",
        "Total swap = 0kB",
        "262013 pages RAM",
        "7643 pages reserved",
        "[ pid ]   uid  tgid total_vm      rss nr_ptes swapents oom_score_adj name",
        "[  321]     0   321     9204      102      21        0             0 systemd-journal",
        "[ 2270]  1000  2270  1868231   221345    1880        0             0 java",
        "Out of memory: Kill process 2270 (java) score 877 or sacrifice child",
        "Killed process 2270 (java) total-vm:7472924kB, anon-rss:885380kB, file-rss:0kB");

    private static ParsedReport parse(List<String> lines) {
        return OomReportParser.parse(String.join("\n", lines) + "\n", "test");
    }

    private static List<String> prefixed(String prefix) {
        return PLAIN.stream().map(l -> prefix + l).toList();
    }

    private static void checkPlain(ParsedReport r) {
        assertEquals("java", r.invokedBy());
        assertEquals(0x280da, r.gfpMask());
        assertEquals(0, r.order());
        assertEquals(1, r.cpu());
        assertEquals(2270, r.currentPid());
        assertEquals("3.10.108", r.kernelRelease());
        assertEquals(List.of("dump_stack", "? find_lock_task_mm", "page_fault"), r.frames());
        assertEquals(2, r.cpus());
        assertEquals(11805, r.globalCounters().get("free"));
        ReportZone z = r.zones().get(0);
        assertEquals(44668, z.kb("min"));
        assertEquals(250375, z.pages("managed"));
        assertEquals(12, z.kb("pages_scanned"));
        assertEquals(Boolean.TRUE, z.allUnreclaimable());
        assertArrayEquals(new long[] {0, 0, 0, 0}, z.lowmemReserve());
        assertArrayEquals(new long[] {1022, 1505, 588, 227, 44, 11, 2, 0, 0, 1, 0}, z.nrFree());
        assertEquals("UM", z.types()[5]);
        assertEquals("", z.types()[7]);
        assertEquals(262013, r.pagesRam());
        assertEquals(7643, r.pagesReserved());
        assertEquals(0, r.totalSwapKb());
        assertEquals(2, r.tasks().size());
        ReportTask java = r.task(2270);
        assertEquals(221345, java.rss());
        assertEquals(1880, java.nrPtes());
        assertEquals(new KillLine("Out of memory", 2270, "java", 877, r.kill().line()), r.kill());
        assertEquals(r.killed().line() - 1, r.kill().line());
        assertEquals(885380, r.killed().anonRssKb());
        assertEquals(-1, r.killed().uid());
        assertEquals(List.of(), r.problems());
    }

    @Test
    void plainDmesg() {
        checkPlain(parse(PLAIN));
    }

    @Test
    void printkTimestampsSyslogJournalAndDmesgT() {
        checkPlain(parse(prefixed("[  455.498827] ")));
        checkPlain(parse(prefixed("Jan 28 19:58:45 localhost kernel: [  455.498827] ")));
        checkPlain(parse(prefixed("Jun  4 17:19:10 iZ23tpcto8eZ kernel: ")));
        checkPlain(parse(prefixed("Jan  5 15:19:27 kernel: ")));
        checkPlain(parse(prefixed("2017-04-11T09:32:21.123456+02:00 anderson kernel: ")));
        checkPlain(parse(prefixed("[Tue Apr 11 09:32:21 2017] ")));
        checkPlain(parse(prefixed("<4>[  455.498827] ")));
    }

    @Test
    void noiseBeforeTheReportIsNotLookedAtAndCommentsAreSkipped() {
        List<String> lines = new java.util.ArrayList<>(List.of("# a note", "Jun  4 17:19:09 host sshd[1]: Accepted",
            "random text"));
        lines.addAll(PLAIN);
        lines.add("Jun  4 17:19:11 host systemd[1]: something after");
        checkPlain(parse(lines));
    }

    @Test
    void rsyslogHashZeroTwelveAndFoldedLinesAreJoined() {
        String text = String.join("\n", prefixed("Jun  4 17:19:10 h kernel: ")).replace(
            "Jun  4 17:19:10 h kernel: active_anon:223880 inactive_anon:8201 isolated_anon:0\n"
                + "Jun  4 17:19:10 h kernel:  free:11805",
            "Jun  4 17:19:10 h kernel: active_anon:223880 inactive_anon:8201 isolated_anon:0#012 free:11805").replace(
            "min:44668kB low:55832kB high:67000kB active_anon:7712kB", "min:44668kB low:55832kB high:67000kB\n"
                + "active_anon:7712kB").replace("managed:1001500kB", "managed:100\n1500kB").replace(
            "1505*8kB (UEM) 588*16kB", "1505*8kB (UEM) 58\n8*16kB");
        checkPlain(OomReportParser.parse(text, "folded"));
    }

    @Test
    void el7AndLaterKilledLinesAndThe44TaskTable() {
        List<String> lines = new java.util.ArrayList<>(PLAIN);
        lines.set(lines.size() - 1, "Killed process 2270 (java), UID 1000, total-vm:7472924kB, anon-rss:885380kB, "
            + "file-rss:0kB, shmem-rss:12kB");
        ParsedReport r = parse(lines);
        assertEquals(1000, r.killed().uid());
        assertEquals(12, r.killed().shmemRssKb());
        lines.set(lines.size() - 1, "Killed process 2270 (java) total-vm:7472924kB, anon-rss:885380kB, "
            + "file-rss:0kB, shmem-rss:0kB");
        assertEquals(0, parse(lines).killed().shmemRssKb());

        lines = new java.util.ArrayList<>(PLAIN);
        lines.set(0, "java invoked oom-killer: gfp_mask=0x24201ca(GFP_HIGHUSER_MOVABLE|__GFP_COLD), nodemask=0, "
            + "order=0, oom_score_adj=0");
        int header = lines.indexOf("[ pid ]   uid  tgid total_vm      rss nr_ptes swapents oom_score_adj name");
        lines.set(header, "[ pid ]   uid  tgid total_vm      rss nr_ptes nr_pmds swapents oom_score_adj name");
        lines.set(header + 1, "[  321]     0   321     9204      102      21       3        0             0 "
            + "systemd-journal");
        lines.set(header + 2, "[ 2270]  1000  2270  1868231   221345    1880       7        0             0 java");
        r = parse(lines);
        assertEquals(0x24201ca, r.gfpMask());
        assertEquals(1887, r.task(2270).nrPtes(), "4.x counts pmd pages with the page-table pages");
    }

    @Test
    void aKernel5ReportWithoutScoreLineIsReadAndReplayedOnTheVictim() {
        ParsedReport r = parse(List.of(
            "[ 1234.5] stress invoked oom-killer: gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=0",
            "[ 1234.5] CPU: 3 PID: 4242 Comm: stress Not tainted 5.4.0-42-generic #46-Ubuntu",
            "[ 1234.5] Call Trace:",
            "[ 1234.5]  dump_stack+0x6d/0x8b",
            "[ 1234.5]  oom_kill_process.cold+0xb/0x10",
            "[ 1234.5]  out_of_memory+0x1cf/0x4d0",
            "[ 1234.5] RIP: 0033:0x55d0b8e3a0c4",
            "[ 1234.5] Code: Bad RIP value.",
            "[ 1234.5] Mem-Info:",
            "[ 1234.5] Node 0 active_anon:3953840kB inactive_anon:12kB all_unreclaimable? no",
            "[ 1234.5] Node 0 Normal free:20772kB min:21036kB low:26292kB high:31548kB active_anon:2934600kB "
                + "present:3145728kB managed:3068256kB mlocked:0kB free_pcp:0kB local_pcp:0kB free_cma:0kB",
            "[ 1234.5] lowmem_reserve[]: 0 0 0 0 0",
            "[ 1234.5] Free swap  = 0kB",
            "[ 1234.5] Total swap = 0kB",
            "[ 1234.5] 1048445 pages RAM",
            "[ 1234.5] 0 pages HighMem/MovableOnly",
            "[ 1234.5] 29279 pages reserved",
            "[ 1234.5] Tasks state (memory values in pages):",
            "[ 1234.5] [  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name",
            "[ 1234.5] [    412]     0   412    12345     1000    110592        0         -1000 sshd",
            "[ 1234.5] [   4242]  1000  4242   999999   985000   7942144        0             0 stress",
            "[ 1234.5] oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,"
                + "task_memcg=/user.slice,task=stress,pid=4242,uid=1000",
            "[ 1234.5] Out of memory: Killed process 4242 (stress) total-vm:3999996kB, anon-rss:3940000kB, "
                + "file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:7756kB oom_score_adj:0",
            "[ 1234.6] oom_reaper: reaped process 4242 (stress), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB"));
        assertEquals(List.of(), r.problems(), r.problems().toString());
        assertEquals(List.of("dump_stack", "oom_kill_process.cold", "out_of_memory"), r.frames());
        assertEquals(1939, r.task(4242).nrPtes(), "pgtables_bytes / 4096");
        assertNull(r.kill());
        assertEquals(4242, r.killed().pid());
        ReplayResult replay = OomReplay.replay(r, io.slowpath.policy.oom.stock310.Stock310OomPolicy.defaults(),
            "stock-3.10", io.slowpath.policy.oom.stock310.RootBonus.STABLE);
        assertEquals(4242, replay.kernel().pid());
        assertEquals(-1, replay.kernel().score());
        assertEquals(4242, replay.replay().pid());
        assertTrue(replay.match());
        assertTrue(replay.explanations().contains("the report prints no 'Kill process ... score' line (kernels from"
            + " 4.19 on): only the victim is compared, not the score"), replay.explanations().toString());
    }

    @Test
    void aMemcgReport() {
        ParsedReport r = parse(List.of(
            "grep invoked oom-killer: gfp_mask=0xd0, order=0, oom_score_adj=600",
            "Task in /site133 killed as a result of limit of /site133",
            "memory: usage 524288kB, limit 524288kB, failcnt 153",
            "memory+swap: usage 525060kB, limit 9007199254740988kB, failcnt 0",
            "kmem: usage 0kB, limit 9007199254740988kB, failcnt 0",
            "Memory cgroup stats for /site133: cache:0KB rss:524288KB unevictable:0KB",
            "[ pid ]   uid  tgid total_vm      rss nr_ptes swapents oom_score_adj name",
            "[25892]  9730 25892   224814   130523     268        0           600 grep",
            "Memory cgroup out of memory: Kill process 25892 (grep) score 710 or sacrifice child",
            "Killed process 25892 (grep), UID 9730, total-vm:899256kB, anon-rss:521228kB, file-rss:864kB, "
                + "shmem-rss:0kB"));
        assertTrue(r.isMemcg());
        assertEquals(new MemcgInfo("/site133", "/site133", 524288, 524288, 525060, 9007199254740988L), r.memcg());
        assertEquals("Memory cgroup out of memory", r.kill().message());
        assertEquals(List.of(), r.zones());
        assertEquals(List.of(), r.problems());
    }

    @Test
    void linesItCannotReadAreListedWithTheirNumberAndWhy() {
        List<String> lines = new java.util.ArrayList<>(PLAIN);
        lines.add(16, "Node 0 DMA32: 1*4kB 2*8kB = 999kB");
        lines.add(8, "this is not a kernel line");
        ParsedReport r = parse(lines);
        assertEquals(2, r.problems().size(), r.problems().toString());
        assertEquals(new ReportProblem(9, "this is not a kernel line", "not a line of an OOM report; ignored"),
            r.problems().get(0));
        assertEquals(18, r.problems().get(1).line());
        assertEquals("the orders add up to 20kB, the line says 999kB", r.problems().get(1).why());
        assertTrue(r.problems().get(1).toString().startsWith("line 18: the orders add up"));
    }

    @Test
    void onlyTheFirstOfTwoReportsIsReadAndTheSecondIsNamed() {
        List<String> lines = new java.util.ArrayList<>(PLAIN.subList(0, PLAIN.size() - 1));
        lines.addAll(PLAIN);
        ParsedReport r = parse(lines);
        assertEquals(2270, r.kill().pid());
        assertNull(r.killed(), "the first report's Killed line is missing; the second is not mixed in");
        assertEquals("a second report starts here; only the first is read", r.problems().get(0).why());
    }

    @Test
    void aFileThatIsNoOomReportIsAOneLineError() {
        NotAnOomReportException e = assertThrows(NotAnOomReportException.class,
            () -> OomReportParser.parse("hello\nworld\n", "notes.txt"));
        assertEquals("notes.txt: not an OOM report (no 'invoked oom-killer', 'Kill process', task table or Mem-Info"
            + " line found)", e.getMessage());
        assertTrue(!e.getMessage().contains("\n"));
        assertThrows(NotAnOomReportException.class, () -> OomReportParser.parse("", "empty"));
    }
}
