package io.slowpath.core.scenario;

import java.util.List;

/**
 * The trace format (version 1): line-based text, one workload operation per line.
 * <pre>
 * slowpath-trace 1
 * # scenario seed-oom
 * # seed 1
 * # duration-ns 60000000000
 * # sample-interval-ns 60000000
 * # config {"slowpath":{...}}
 * &lt;time ns&gt; &lt;pid&gt; &lt;op&gt; &lt;args...&gt;
 * </pre>
 * The first line names the format and its version. The {@code #} lines after it are the header: the scenario
 * recorded, its seed, duration and sample interval, and the complete configuration of the run (the resolved
 * {@code slowpath} tree as one line of JSON), so a replay runs on the same machine with the same settings; every
 * header line is optional in a hand-written trace. Then one line per operation, in the order they ran:
 * <ul>
 *   <li>{@code spawn <name> <uid> <oom_score_adj> <cpu>}: a new process (kernel stack, empty address space)</li>
 *   <li>{@code fork <child-pid>}: fork() (copy-on-write address space); {@code exit}: the process exits</li>
 *   <li>{@code mmap anon <pages> <start>}, {@code mmap file <file> <pgoff> <pages> <start>}: a mapping, placed
 *       at virtual page {@code start} (a process's first area at page 1048576, 4 GiB, the next ones at increasing
 *       2 MiB-aligned addresses after it; a replay checks it)</li>
 *   <li>{@code munmap <start> <pages>}</li>
 *   <li>{@code touch <vpage> r|w}: a user read or write access (a page fault when the page-table entry does
 *       not allow it)</li>
 *   <li>{@code file <id> <pages>}: creates a file (ids are handed out in order; a replay checks it);
 *       {@code read <file> <offset>}, {@code write <file> <offset>}: read()/write() of one page through the page
 *       cache</li>
 *   <li>{@code slab-alloc <handle> <gfp> <order>}, {@code slab-free <handle>}: a slab block;
 *       {@code alloc <handle> <gfp> <order>}, {@code free <handle>}: a kernel page allocation (e.g. GFP_ATOMIC
 *       network buffers). The gfp mask is hex ({@code 0x20}) or symbolic ({@code GFP_ATOMIC|__GFP_COMP}); a handle
 *       names the block for its free, which is skipped when the allocation failed.</li>
 * </ul>
 * The time is the simulated time the task's step started: consecutive lines of one pid with the same time are one
 * step, run without interruption, as recorded. Each task's next step is scheduled when its previous one ends (the
 * first step of each spawned task at the start, in pid order; a forked child's right after its fork), so a replay
 * under the recorded configuration interleaves tasks, kswapd and timers exactly as the recorded run did and ends
 * with identical counters. Kernel actions (OOM kills, victims' exits, reclaim) are not in the trace: the replay's
 * kernel does them again.
 */
public final class TraceFormat {
    /** The first line of a version 1 trace. */
    public static final String MAGIC = "slowpath-trace";
    /** The version this simulator writes and reads. */
    public static final int VERSION = 1;

    static final String SPAWN = "spawn";
    static final String FORK = "fork";
    static final String EXIT = "exit";
    static final String MMAP = "mmap";
    static final String MUNMAP = "munmap";
    static final String TOUCH = "touch";
    static final String FILE = "file";
    static final String READ = "read";
    static final String WRITE = "write";
    static final String SLAB_ALLOC = "slab-alloc";
    static final String SLAB_FREE = "slab-free";
    static final String ALLOC = "alloc";
    static final String FREE = "free";
    static final List<String> OPS = List.of(SPAWN, FORK, EXIT, MMAP, MUNMAP, TOUCH, FILE, READ, WRITE, SLAB_ALLOC,
        SLAB_FREE, ALLOC, FREE);

    private TraceFormat() {
    }

    /** Whether a file's text is a trace (its first line starts with {@value #MAGIC}). */
    static boolean isTrace(String text) {
        return text.startsWith(MAGIC);
    }

    /** The header of a recorded run. */
    static String header(String scenario, long seed, long durationNs, long sampleIntervalNs, String configJson) {
        return MAGIC + " " + VERSION + "\n"
            + "# scenario " + scenario + "\n"
            + "# seed " + seed + "\n"
            + "# duration-ns " + durationNs + "\n"
            + "# sample-interval-ns " + sampleIntervalNs + "\n"
            + "# config " + configJson + "\n";
    }
}
