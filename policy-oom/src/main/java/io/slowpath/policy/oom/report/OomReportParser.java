package io.slowpath.policy.oom.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a kernel OOM report as it appears in {@code dmesg}, {@code journalctl -k} or syslog output: with or without
 * printk timestamps and syslog prefixes, with rsyslog's {@code #012} for newlines, with lines folded by a copy (a
 * continuation line without a prefix is joined to the zone, buddy or memcg-stats line it belongs to), in the 3.10
 * formats and later ones (el7's {@code Killed process N (name), UID N, ..., shmem-rss:NkB}, 4.x's {@code nr_pmds}
 * column, gfp flag names after the mask), global and memory-cgroup OOMs.
 *
 * <p>The report starts at its {@code invoked oom-killer} line (or, when a copy cut that off, at the first line that
 * belongs to a report: {@code CPU: ... PID:}, {@code Mem-Info:}, {@code Task in}, the task table) and ends at the
 * {@code Killed process} line or the kernel panic. Lines before it are not looked at; lines inside it that are no
 * line of an OOM report, or that could not be read, are listed in {@link ParsedReport#problems()} with their line
 * number and why. Lines starting with {@code "# "} are comments (annotations) and skipped.
 */
public final class OomReportParser {
    private static final Pattern SYSLOG =
        Pattern.compile("^[A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d (?:\\S+ )?kernel: ?");
    private static final Pattern ISO_SYSLOG =
        Pattern.compile("^\\d{4}-\\d\\d-\\d\\d[T ]\\d\\d:\\d\\d:\\d\\d\\S* \\S+ kernel: ?");
    private static final Pattern DMESG_T =
        Pattern.compile("^\\[[A-Z][a-z]{2} [A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d \\d{4}\\] ?");
    private static final Pattern PRINTK_TIME = Pattern.compile("^\\[?\\s*\\d+\\.\\d+\\] ?");
    private static final Pattern KERNEL = Pattern.compile("^kernel: ?");
    private static final Pattern LEVEL = Pattern.compile("^<\\d>");
    private static final Pattern MARKER = Pattern.compile("\\s*<=+\\s*$");
    private static final Pattern[] PREFIXES = {SYSLOG, ISO_SYSLOG, DMESG_T, PRINTK_TIME, KERNEL, LEVEL};

    private static final Pattern INVOKED = Pattern.compile(
        "^(.+?) invoked oom-killer: gfp_mask=0x([0-9a-fA-F]+)(?:\\([^)]*\\))?,.*?order=(-?\\d+), *oom_score_adj=(-?\\d+)");
    private static final Pattern CPUSET = Pattern.compile("^(.+?) cpuset=(\\S*) mems_allowed=(\\S*)");
    private static final Pattern CPU_LINE = Pattern.compile(
        "^CPU: (\\d+) PID: (\\d+) Comm: (.+?) (?:Kdump: loaded )?(?:Not tainted|Tainted: .*?) +(\\S+) #");
    private static final Pattern PID_LINE = Pattern.compile("^Pid: (\\d+), comm: (.+?) (?:Not tainted|Tainted)");
    private static final Pattern HARDWARE = Pattern.compile("^(?:Hardware name: |Workqueue: |task: |oom-kill:"
        + "|Tasks state \\(memory values in pages\\):|(?:RIP|RSP|RAX|RDX|RBP|R10|R13|Code|FS|CS|CR2|DR0|DR3):? "
        + "|Node \\d+ active_anon:\\d+kB)");
    private static final Pattern STACK_WORDS = Pattern.compile("^\\s*(?:[0-9a-f]{8,16}\\s*)+$");
    private static final Pattern FRAME = Pattern.compile(
        "^\\s*(?:\\[<[0-9a-f]+>\\]\\s*)?(\\? )?([A-Za-z0-9_.$]+)\\+0x[0-9a-f]+/0x[0-9a-f]+(?: \\[\\S+\\])?$");
    private static final Pattern STACK_MARK = Pattern.compile("^\\s*(?:<EOI>|<IRQ>|<NMI>|<EOE>|</?TASK>)");
    private static final Pattern PER_CPU_HEADER = Pattern.compile("^(?:Node (\\d+) )?(\\S+) per-cpu:$");
    private static final Pattern PER_CPU = Pattern.compile("^CPU +(\\d+): hi: *(\\d+), btch: *(\\d+) usd: *(\\d+)");
    private static final Pattern GLOBAL_FIELD = Pattern.compile("([a-z_]+):(\\d+)");
    private static final Pattern GLOBAL_LINE = Pattern.compile("^\\s*(?:[a-z_]+:\\d+\\s*)+$");
    private static final Pattern ZONE_LINE =
        Pattern.compile("^(?:Node (\\d+) )?(DMA32|DMA|Normal|HighMem|Movable|Device) free:");
    private static final Pattern ZONE_FIELD = Pattern.compile("([a-z_()]+):(\\d+)kB");
    private static final Pattern ZONE_COMPLETE = Pattern.compile("all_unreclaimable\\? (yes|no)");
    private static final Pattern PAGES_SCANNED = Pattern.compile("pages_scanned:(\\d+)");
    private static final Pattern RESERVE = Pattern.compile("^lowmem_reserve\\[\\]:((?: +\\d+)*)\\s*$");
    private static final Pattern BUDDY_LINE =
        Pattern.compile("^(?:Node (\\d+) )?(DMA32|DMA|Normal|HighMem|Movable|Device): (\\d+\\*.*)$");
    private static final Pattern BUDDY_COMPLETE = Pattern.compile("= (\\d+)kB$");
    private static final Pattern BUDDY_ORDER = Pattern.compile("(\\d+)\\*(\\d+)kB(?: \\(([A-Z]*)\\))?");
    private static final Pattern HUGEPAGES = Pattern.compile("^Node \\d+ hugepages_total=");
    private static final Pattern PAGECACHE = Pattern.compile("^(\\d+) total pagecache pages$");
    private static final Pattern SWAPCACHE = Pattern.compile("^(\\d+) pages in swap cache$");
    private static final Pattern SWAP_STATS =
        Pattern.compile("^Swap cache stats: add (\\d+), delete (\\d+), find (\\d+)/(\\d+)$");
    private static final Pattern FREE_SWAP = Pattern.compile("^Free swap += *(-?\\d+)kB$");
    private static final Pattern TOTAL_SWAP = Pattern.compile("^Total swap = *(\\d+)kB$");
    private static final Pattern PAGES = Pattern.compile(
        "^(\\d+) pages (RAM|HighMem/MovableOnly|HighMem|reserved|shared|non-shared|cma reserved|hwpoisoned"
            + "|in pagetable cache)$");
    private static final Pattern TASK_IN = Pattern.compile("^Task in (\\S+) killed as a result of limit of (\\S+)");
    private static final Pattern RES_COUNTER =
        Pattern.compile("^(memory|memory\\+swap|kmem): usage (\\d+)kB, limit (\\d+)kB, failcnt (\\d+)");
    private static final Pattern MEMCG_STATS = Pattern.compile("^Memory cgroup stats");
    private static final Pattern MEMCG_STATS_COMPLETE = Pattern.compile("unevictable:\\d+KB$");
    private static final Pattern TABLE_HEADER = Pattern.compile(
        "^\\[\\s*pid\\s*\\]\\s+uid\\s+tgid\\s+total_vm\\s+rss\\s+(nr_ptes\\s+|pgtables_bytes\\s+)?(nr_pmds\\s+)?swapents"
            + "\\s+oom_score_adj\\s+name$");
    private static final Pattern TASK_ROW = Pattern.compile("^\\[\\s*(\\d+)\\]((?:\\s+-?\\d+)+)\\s+(\\S.*)$");
    private static final Pattern KILL = Pattern.compile(
        "^(.*?): Kill process (\\d+) \\((.*)\\) score (\\d+) or sacrifice child");
    private static final Pattern KILLED = Pattern.compile("^(?:.*?: )?Killed process (\\d+) \\((.*?)\\),? (?:UID (\\d+), )?"
        + "total-vm:(\\d+)kB, anon-rss:(\\d+)kB, file-rss:(\\d+)kB(?:, shmem-rss:(\\d+)kB)?");
    private static final Pattern SHARING = Pattern.compile("^Kill process (\\d+) \\((.*)\\) sharing same memory");
    private static final Pattern PANIC = Pattern.compile("^Kernel panic - not syncing: (.*)$");
    private static final Pattern IGNORED = Pattern.compile("^(?:oom_kill_process: \\d+ callbacks suppressed"
        + "|oom_reaper: |Call Trace:$|Mem-Info:$)");

    private OomReportParser() {
    }

    /** One input line after prefix stripping. */
    private record Line(int no, String text, boolean prefixed) {
    }

    /**
     * Reads the first OOM report in {@code text}.
     *
     * @param text   the log text
     * @param source where it came from (a file name), for messages
     * @return what was read
     * @throws NotAnOomReportException when the text holds no OOM report
     */
    public static ParsedReport parse(String text, String source) {
        List<Line> lines = lines(text);
        int start = start(lines);
        if (start < 0) {
            throw new NotAnOomReportException(source + ": not an OOM report (no 'invoked oom-killer', 'Kill process',"
                + " task table or Mem-Info line found)");
        }
        ParsedReport r = new ParsedReport();
        r.source = source;
        new Reader(r, lines).read(start);
        if (r.invokedBy == null && r.kill == null && r.killed == null && !r.taskTable && r.panic == null) {
            throw new NotAnOomReportException(source + ": not an OOM report (it has none of the 'invoked oom-killer',"
                + " task table, 'Kill process' or 'Killed process' lines)");
        }
        return r;
    }

    /** The input lines: comments skipped, prefixes stripped, {@code #012} split, author markers removed. */
    private static List<Line> lines(String text) {
        List<Line> out = new ArrayList<>();
        String[] raw = text.split("\r?\n", -1);
        for (int i = 0; i < raw.length; i++) {
            String line = raw[i];
            if (line.startsWith("# ") || line.equals("#")) {
                continue;
            }
            String stripped = stripPrefix(line);
            boolean prefixed = stripped.length() != line.length();
            String[] pieces = stripped.contains("#012") ? stripped.split("#012", -1) : new String[] {stripped};
            for (String piece : pieces) {
                String t = piece.contains("<=") ? MARKER.matcher(piece).replaceFirst("") : piece;
                t = t.stripTrailing();
                if (!t.isBlank()) {
                    out.add(new Line(i + 1, t, prefixed));
                }
            }
        }
        return out;
    }

    /** A line without its syslog, journal, dmesg-time and printk-time prefixes. */
    static String stripPrefix(String line) {
        String s = line;
        boolean again = true;
        while (again && !s.isEmpty()) {
            again = false;
            char c = s.charAt(0);
            if (!(c == '[' || c == '<' || c == 'k' || c == ' ' || Character.isDigit(c) || Character.isUpperCase(c))) {
                return s; // no prefix starts otherwise
            }
            for (Pattern p : PREFIXES) {
                Matcher m = p.matcher(s);
                if (m.lookingAt() && m.end() > 0) {
                    s = s.substring(m.end());
                    again = true;
                }
            }
        }
        return s;
    }

    private static int start(List<Line> lines) {
        for (int i = 0; i < lines.size(); i++) {
            if (INVOKED.matcher(lines.get(i).text()).find()) {
                return i;
            }
        }
        for (int i = 0; i < lines.size(); i++) {
            String t = lines.get(i).text();
            if (CPU_LINE.matcher(t).find() || t.equals("Mem-Info:") || TASK_IN.matcher(t).find()
                || TABLE_HEADER.matcher(t).find() || KILL.matcher(t).find()) {
                return i;
            }
        }
        return -1;
    }

    /** The reader of one report. */
    private static final class Reader {
        private final ParsedReport r;
        private final List<Line> lines;
        private int i;
        private boolean inStack;
        private boolean memcgSeen;
        private long memLimit = -1;
        private long memUsage = -1;
        private long memswLimit = -1;
        private long memswUsage = -1;
        private String taskIn;
        private String limitOf;
        private int pcpNode = -1;
        private String pcpZone;

        Reader(ParsedReport r, List<Line> lines) {
            this.r = r;
            this.lines = lines;
        }

        void read(int start) {
            for (i = start; i < lines.size(); i++) {
                Line line = lines.get(i);
                boolean end = one(line);
                if (end) {
                    break;
                }
            }
            if (memcgSeen) {
                r.memcg = new MemcgInfo(taskIn, limitOf, memUsage, memLimit, memswUsage, memswLimit);
            }
        }

        /** Reads one line; true at the end of the report. */
        private boolean one(Line line) {
            String t = line.text();
            Matcher m;
            if (inStack) {
                m = FRAME.matcher(t);
                if (m.matches()) {
                    r.frames.add((m.group(1) == null ? "" : "? ") + m.group(2));
                    return false;
                }
                if (STACK_MARK.matcher(t).find()) {
                    return false;
                }
                if (!t.startsWith(" ") || t.startsWith(" [<")) {
                    inStack = false;
                } else {
                    // an elision or note inside the trace (" .......(call trace)"): the frames after it still count
                    problem(line, "not a call-trace frame; ignored");
                    return false;
                }
            }
            if (t.startsWith("[") && (m = TASK_ROW.matcher(t)).matches()) {
                taskRow(line, m);
            } else if (t.contains(" invoked oom-killer") && (m = INVOKED.matcher(t)).find()) {
                if (r.invokedBy != null) {
                    problem(line, "a second report starts here; only the first is read");
                    return true;
                }
                r.invokedBy = m.group(1);
                r.gfpMask = (int) Long.parseLong(m.group(2), 16);
                r.order = Integer.parseInt(m.group(3));
                r.invokerOomScoreAdj = Integer.parseInt(m.group(4));
                r.invokedLine = line.no();
            } else if (t.contains(" cpuset=") && (m = CPUSET.matcher(t)).find() && !t.startsWith("CPU")) {
                r.cpuset = m.group(2);
                r.memsAllowed = m.group(3);
            } else if ((m = CPU_LINE.matcher(t)).find()) {
                r.cpu = Integer.parseInt(m.group(1));
                r.currentPid = Integer.parseInt(m.group(2));
                r.currentComm = m.group(3);
                r.kernelRelease = m.group(4);
            } else if ((m = PID_LINE.matcher(t)).find()) {
                r.currentPid = Integer.parseInt(m.group(1));
                r.currentComm = m.group(2);
            } else if (t.equals("Call Trace:")) {
                inStack = true;
            } else if (HARDWARE.matcher(t).find() || STACK_WORDS.matcher(t).matches()
                || IGNORED.matcher(t).find() || HUGEPAGES.matcher(t).find()) {
                return false;
            } else if ((m = PER_CPU_HEADER.matcher(t)).matches()) {
                pcpNode = m.group(1) == null ? 0 : Integer.parseInt(m.group(1));
                pcpZone = m.group(2);
            } else if ((m = PER_CPU.matcher(t)).find()) {
                int cpu = Integer.parseInt(m.group(1));
                r.cpus = Math.max(r.cpus, cpu + 1);
                perCpuLine(line, cpu, Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                    Integer.parseInt(m.group(4)));
            } else if (ZONE_LINE.matcher(t).find()) {
                zoneLine(line, joined(line, ZONE_COMPLETE));
            } else if ((m = RESERVE.matcher(t)).matches()) {
                reserve(line, m.group(1));
            } else if (BUDDY_LINE.matcher(t).find()) {
                buddyLine(line, joined(line, BUDDY_COMPLETE));
            } else if (GLOBAL_LINE.matcher(t).matches()) {
                Matcher f = GLOBAL_FIELD.matcher(t);
                while (f.find()) {
                    r.globalCounters.put(f.group(1), Long.parseLong(f.group(2)));
                }
            } else if ((m = PAGECACHE.matcher(t)).matches()) {
                r.pagecachePages = Long.parseLong(m.group(1));
            } else if ((m = SWAPCACHE.matcher(t)).matches()) {
                r.swapCachePages = Long.parseLong(m.group(1));
            } else if ((m = SWAP_STATS.matcher(t)).matches()) {
                r.swapCacheStats = new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
                    Long.parseLong(m.group(3)), Long.parseLong(m.group(4))};
            } else if ((m = FREE_SWAP.matcher(t)).matches()) {
                r.freeSwapKb = Long.parseLong(m.group(1));
            } else if ((m = TOTAL_SWAP.matcher(t)).matches()) {
                r.totalSwapKb = Long.parseLong(m.group(1));
            } else if ((m = PAGES.matcher(t)).matches()) {
                pages(Long.parseLong(m.group(1)), m.group(2));
            } else if ((m = TASK_IN.matcher(t)).find()) {
                memcgSeen = true;
                taskIn = m.group(1);
                limitOf = m.group(2);
            } else if ((m = RES_COUNTER.matcher(t)).find()) {
                memcgSeen = true;
                long usage = Long.parseLong(m.group(2));
                long limit = Long.parseLong(m.group(3));
                if (m.group(1).equals("memory")) {
                    memUsage = usage;
                    memLimit = limit;
                } else if (m.group(1).equals("memory+swap")) {
                    memswUsage = usage;
                    memswLimit = limit;
                }
            } else if (MEMCG_STATS.matcher(t).find()) {
                memcgSeen = true;
                joined(line, MEMCG_STATS_COMPLETE);
            } else if ((m = TABLE_HEADER.matcher(t)).find()) {
                r.taskTable = true;
                r.nrPtesColumn = m.group(1) != null;
                r.ptesInBytes = m.group(1) != null && m.group(1).startsWith("pgtables_bytes");
                r.nrPmdsColumn = m.group(2) != null;
            } else if ((m = TASK_ROW.matcher(t)).matches()) {
                taskRow(line, m);
            } else if (t.contains("Kill process ") && (m = KILL.matcher(t)).find()) {
                r.kill = new KillLine(m.group(1), Integer.parseInt(m.group(2)), m.group(3),
                    Long.parseLong(m.group(4)), line.no());
            } else if (t.contains("Killed process ") && (m = KILLED.matcher(t)).find()) {
                r.killed = new KilledLine(Integer.parseInt(m.group(1)), m.group(2),
                    m.group(3) == null ? -1 : Integer.parseInt(m.group(3)), Long.parseLong(m.group(4)),
                    Long.parseLong(m.group(5)), Long.parseLong(m.group(6)),
                    m.group(7) == null ? -1 : Long.parseLong(m.group(7)), line.no());
                return i + 1 >= lines.size() || !SHARING.matcher(lines.get(i + 1).text()).find();
            } else if ((m = SHARING.matcher(t)).find()) {
                r.sharing.add(Integer.parseInt(m.group(1)));
            } else if ((m = PANIC.matcher(t)).find()) {
                r.panic = m.group(1);
                return true;
            } else if (t.startsWith("Killed process")) {
                problem(line, "a 'Killed process' line in an unknown format");
            } else {
                problem(line, "not a line of an OOM report; ignored");
            }
            return false;
        }

        /**
         * {@code line} with the folded continuation lines after it (lines without a prefix, in a log whose lines have
         * one) joined on until {@code complete} matches. A piece that ends in the middle of a word is joined without a
         * space (a copy hard-wrapped at a fixed width), otherwise with one.
         */
        private String joined(Line line, Pattern complete) {
            StringBuilder sb = new StringBuilder(line.text());
            while (!complete.matcher(sb).find() && line.prefixed() && i + 1 < lines.size()
                && !lines.get(i + 1).prefixed()) {
                String next = lines.get(i + 1).text();
                String last = sb.toString();
                boolean tokenEnds = last.endsWith("kB") || last.endsWith("KB") || last.endsWith(")")
                    || last.endsWith("yes") || last.endsWith("no");
                boolean midToken = !tokenEnds || next.startsWith(":");
                sb.append(midToken ? "" : " ").append(next.strip());
                i++;
            }
            return sb.toString();
        }

        private void perCpuLine(Line line, int cpu, int high, int batch, int count) {
            if (pcpZone == null) {
                problem(line, "a per-cpu line before any 'per-cpu:' header");
                return;
            }
            PerCpuLines p = r.perCpu(pcpNode, pcpZone);
            int[] counts = p == null ? new int[cpu + 1] : java.util.Arrays.copyOf(p.count(), Math.max(cpu + 1,
                p.count().length));
            counts[cpu] = count;
            PerCpuLines next = new PerCpuLines(pcpNode, pcpZone, high, batch, counts);
            if (p == null) {
                r.perCpu.add(next);
            } else {
                r.perCpu.set(r.perCpu.indexOf(p), next);
            }
        }

        private void zoneLine(Line line, String t) {
            Matcher head = ZONE_LINE.matcher(t);
            if (!head.find()) {
                problem(line, "not a zone line");
                return;
            }
            Map<String, Long> fields = new LinkedHashMap<>();
            Matcher f = ZONE_FIELD.matcher(t);
            while (f.find()) {
                fields.putIfAbsent(f.group(1), Long.parseLong(f.group(2)));
            }
            Matcher scanned = PAGES_SCANNED.matcher(t);
            if (scanned.find()) {
                fields.put("pages_scanned", Long.parseLong(scanned.group(1)));
            }
            for (String need : new String[] {"free", "min", "low", "high", "managed"}) {
                if (!fields.containsKey(need)) {
                    problem(line, "zone line without " + need + ":");
                }
            }
            Matcher unrec = ZONE_COMPLETE.matcher(t);
            Boolean allUnreclaimable = unrec.find() ? unrec.group(1).equals("yes") : null;
            int node = head.group(1) == null ? 0 : Integer.parseInt(head.group(1));
            ReportZone existing = zone(node, head.group(2));
            if (existing != null) {
                problem(line, "a second summary line for Node " + node + " " + head.group(2) + "; ignored");
                return;
            }
            r.zones.add(new ReportZone(node, head.group(2), fields, allUnreclaimable, null, null, null, -1,
                line.no()));
        }

        private void reserve(Line line, String values) {
            if (r.zones.isEmpty()) {
                problem(line, "lowmem_reserve[] line before any zone line");
                return;
            }
            String[] v = values.trim().split(" +");
            long[] reserve = new long[v.length];
            for (int k = 0; k < v.length; k++) {
                reserve[k] = Long.parseLong(v[k]);
            }
            ReportZone z = r.zones.get(r.zones.size() - 1);
            r.zones.set(r.zones.size() - 1, new ReportZone(z.node(), z.name(), z.fields(), z.allUnreclaimable(),
                reserve, z.nrFree(), z.types(), z.buddyTotalKb(), z.line()));
        }

        private void buddyLine(Line line, String t) {
            Matcher m = BUDDY_LINE.matcher(t);
            Matcher total = BUDDY_COMPLETE.matcher(t);
            if (!m.find() || !total.find()) {
                problem(line, "a buddy line without its '= NkB' total");
                return;
            }
            List<Long> counts = new ArrayList<>();
            List<String> types = new ArrayList<>();
            Matcher o = BUDDY_ORDER.matcher(m.group(3));
            long size = 4;
            long sum = 0;
            while (o.find()) {
                if (Long.parseLong(o.group(2)) != size) {
                    problem(line, "order " + counts.size() + " has block size " + o.group(2) + "kB, expected " + size
                        + "kB");
                    return;
                }
                long n = Long.parseLong(o.group(1));
                counts.add(n);
                types.add(o.group(3) == null ? "" : o.group(3));
                sum += n * size;
                size *= 2;
            }
            long printed = Long.parseLong(total.group(1));
            if (sum != printed) {
                problem(line, "the orders add up to " + sum + "kB, the line says " + printed + "kB");
            }
            int node = m.group(1) == null ? 0 : Integer.parseInt(m.group(1));
            long[] nrFree = counts.stream().mapToLong(Long::longValue).toArray();
            ReportZone z = zone(node, m.group(2));
            if (z == null) {
                r.zones.add(new ReportZone(node, m.group(2), new LinkedHashMap<>(), null, null, nrFree,
                    types.toArray(new String[0]), printed, line.no()));
                return;
            }
            r.zones.set(r.zones.indexOf(z), new ReportZone(z.node(), z.name(), z.fields(), z.allUnreclaimable(),
                z.lowmemReserve(), nrFree, types.toArray(new String[0]), printed, z.line()));
        }

        private ReportZone zone(int node, String name) {
            for (ReportZone z : r.zones) {
                if (z.node() == node && z.name().equals(name)) {
                    return z;
                }
            }
            return null;
        }

        private void pages(long n, String what) {
            switch (what) {
                case "RAM" -> r.pagesRam = n;
                case "HighMem", "HighMem/MovableOnly" -> r.pagesHighMem = n;
                case "reserved" -> r.pagesReserved = n;
                case "shared" -> r.pagesShared = n;
                case "non-shared" -> r.pagesNonShared = n;
                default -> {
                    // cma reserved, hwpoisoned, pagetable cache: not part of the machine Slowpath rebuilds
                }
            }
        }

        private void taskRow(Line line, Matcher m) {
            if (!r.taskTable) {
                problem(line, "a task row before the task table header");
                return;
            }
            String[] nums = m.group(2).trim().split("\\s+");
            int expected = 6 + (r.nrPtesColumn ? 1 : 0) + (r.nrPmdsColumn ? 1 : 0);
            if (nums.length != expected) {
                problem(line, "a task row with " + nums.length + " numbers after the pid, expected " + expected);
                return;
            }
            int k = 0;
            int uid = Integer.parseInt(nums[k++]);
            int tgid = Integer.parseInt(nums[k++]);
            long totalVm = Long.parseLong(nums[k++]);
            long rss = Long.parseLong(nums[k++]);
            long ptes = r.nrPtesColumn ? Long.parseLong(nums[k++]) : -1;
            if (r.ptesInBytes) {
                ptes /= 4096; // 4.15+: page-table bytes; oom_badness adds them in pages
            }
            if (r.nrPmdsColumn) {
                ptes += Long.parseLong(nums[k++]); // 4.x oom_badness adds mm_nr_pmds to the page-table pages
            }
            long swap = Long.parseLong(nums[k++]);
            int adj = Integer.parseInt(nums[k]);
            r.tasks.add(new ReportTask(Integer.parseInt(m.group(1)), uid, tgid, totalVm, rss, ptes, swap, adj,
                m.group(3), line.no()));
        }

        private void problem(Line line, String why) {
            r.problems.add(new ReportProblem(line.no(), line.text(), why));
        }
    }
}
