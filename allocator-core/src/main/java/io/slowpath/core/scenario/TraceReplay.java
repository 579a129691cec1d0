package io.slowpath.core.scenario;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import io.slowpath.api.Gfp;
import io.slowpath.api.Suggestions;
import io.slowpath.core.config.ConfigLoader;
import io.slowpath.core.config.SlowpathConfigException;
import io.slowpath.core.mm.Task;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a trace ({@link TraceFormat}) into a {@link Scenario} and replays it: one actor per pid runs the recorded
 * steps through {@link Ops}, scheduling each next step when the previous one ends, as the recorded actors did.
 */
final class TraceReplay {
    /** One operation: its line, op code and arguments. */
    record Op(int line, int code, long a, long b, long c, long d, long e, String name) {
    }

    /** One step of one task: the ops that ran together at {@code time}. */
    record Step(long time, List<Op> ops) {
    }

    /** A parsed trace: the steps of every pid, the pids spawned at the start, and the source for messages. */
    record Parsed(Map<Integer, List<Step>> steps, List<Integer> roots, String source) {
    }

    private static final int SPAWN = 0;
    private static final int FORK = 1;
    private static final int EXIT = 2;
    private static final int MMAP_ANON = 3;
    private static final int MMAP_FILE = 4;
    private static final int MUNMAP = 5;
    private static final int TOUCH = 6;
    private static final int FILE = 7;
    private static final int READ = 8;
    private static final int WRITE = 9;
    private static final int SLAB_ALLOC = 10;
    private static final int SLAB_FREE = 11;
    private static final int ALLOC = 12;
    private static final int FREE = 13;

    private TraceReplay() {
    }

    static Scenario parse(String text, String name, String source) {
        String[] lines = text.split("\n", -1);
        String first = lines[0].strip();
        if (!first.equals(TraceFormat.MAGIC + " " + TraceFormat.VERSION)) {
            throw new SlowpathConfigException(source + ":1: unsupported trace format '" + first + "' (this simulator "
                + "reads '" + TraceFormat.MAGIC + " " + TraceFormat.VERSION + "')");
        }
        String scenario = name;
        long seed = 1;
        long duration = -1;
        long interval = -1;
        Config config = ConfigFactory.empty();
        Map<Integer, List<Step>> steps = new TreeMap<>();
        Map<Integer, Integer> firstLine = new TreeMap<>();
        List<Integer> forked = new ArrayList<>();
        long lastTime = 0;
        int prevPid = -1;
        long prevTime = -1;
        List<Op> current = null;
        boolean header = true;
        for (int i = 1; i < lines.length; i++) {
            int ln = i + 1;
            String l = lines[i].strip();
            if (l.isEmpty()) {
                continue;
            }
            if (l.startsWith("#")) {
                if (header) {
                    String h = l.substring(1).strip();
                    int sp = h.indexOf(' ');
                    String key = sp < 0 ? h : h.substring(0, sp);
                    String value = sp < 0 ? "" : h.substring(sp + 1).strip();
                    switch (key) {
                        case "scenario" -> scenario = value;
                        case "seed" -> seed = number(source, ln, "seed", value);
                        case "duration-ns" -> duration = number(source, ln, "duration-ns", value);
                        case "sample-interval-ns" -> interval = number(source, ln, "sample-interval-ns", value);
                        case "config" -> config = config(source, ln, value);
                        default -> {
                            // Other comments are allowed.
                        }
                    }
                }
                continue;
            }
            header = false;
            String[] f = l.split("\\s+");
            if (f.length < 3) {
                throw error(source, ln, "expected '<time ns> <pid> <op> <args...>', got '" + l + "'");
            }
            long time = number(source, ln, "time", f[0]);
            long pidL = number(source, ln, "pid", f[1]);
            if (pidL <= 0 || pidL > Integer.MAX_VALUE) {
                throw error(source, ln, "pid must be positive, got " + f[1]);
            }
            int pid = (int) pidL;
            Op op = op(source, ln, f);
            if (time < lastTime) {
                throw error(source, ln, "time " + time + " is before the previous line's " + lastTime
                    + " (lines must be in the order they ran)");
            }
            lastTime = time;
            if (!firstLine.containsKey(pid)) {
                firstLine.put(pid, ln);
                if (op.code() != SPAWN && !forked.contains(pid)) {
                    throw error(source, ln, "pid " + pid + " has no spawn, and no fork created it, before its first "
                        + "operation");
                }
            } else if (op.code() == SPAWN) {
                throw error(source, ln, "pid " + pid + " is spawned twice (first seen on line " + firstLine.get(pid) + ")");
            }
            if (op.code() == FORK) {
                int child = (int) op.a();
                if (firstLine.containsKey(child) || forked.contains(child)) {
                    throw error(source, ln, "fork to pid " + child + ", which is already in use");
                }
                forked.add(child);
            }
            if (pid != prevPid || time != prevTime) {
                current = new ArrayList<>();
                steps.computeIfAbsent(pid, k -> new ArrayList<>()).add(new Step(time, current));
                prevPid = pid;
                prevTime = time;
            }
            current.add(op);
        }
        List<Integer> roots = new ArrayList<>();
        for (Map.Entry<Integer, List<Step>> e : steps.entrySet()) {
            if (e.getValue().get(0).ops().get(0).code() == SPAWN) {
                roots.add(e.getKey());
            }
        }
        if (steps.isEmpty()) {
            throw new SlowpathConfigException(source + ": the trace has no operations");
        }
        if (duration < 0) {
            duration = lastTime + 1_000_000_000L;
        }
        if (duration <= 0) {
            throw error(source, 1, "duration-ns must be positive");
        }
        if (interval <= 0) {
            interval = Math.max(1_000_000L, duration / 1000);
        }
        interval = Math.min(interval, duration);
        if (duration / interval > Scenarios.MAX_SAMPLES) {
            throw error(source, 1, "sample-interval-ns " + interval + " gives " + duration / interval
                + " samples over the duration; at most " + Scenarios.MAX_SAMPLES);
        }
        Parsed parsed = new Parsed(steps, roots, source);
        return new Scenario(name, "replay of a recorded trace of " + scenario + " (seed " + seed + ")", source,
            config, duration, interval, List.of(), parsed);
    }

    private static Config config(String source, int ln, String json) {
        Config c;
        try {
            c = ConfigFactory.parseString(json, ConfigParseOptions.defaults().setSyntax(ConfigSyntax.JSON)
                .setOriginDescription(source + ":" + ln + " (trace header)"));
        } catch (ConfigException e) {
            throw error(source, ln, "the config header is not valid JSON: " + e.getMessage());
        }
        ConfigLoader.validate(c, List.of());
        return c;
    }

    private static Op op(String source, int ln, String[] f) {
        String name = f[2];
        int n = f.length - 3;
        switch (name) {
            case TraceFormat.SPAWN -> {
                args(source, ln, f, 4, "spawn <name> <uid> <oom_score_adj> <cpu>");
                if (!f[3].matches("[A-Za-z0-9_.:/-]{1,15}")) {
                    throw error(source, ln, "'" + f[3] + "' is not a task name (1..15 letters, digits or _.:/-)");
                }
                long adj = number(source, ln, "oom_score_adj", f[5]);
                if (adj < -1000 || adj > 1000) {
                    throw error(source, ln, "oom_score_adj must be in -1000..1000, got " + adj);
                }
                return new Op(ln, SPAWN, nonNeg(source, ln, "uid", f[4]), adj, nonNeg(source, ln, "cpu", f[6]), 0, 0,
                    f[3]);
            }
            case TraceFormat.FORK -> {
                args(source, ln, f, 1, "fork <child-pid>");
                long child = number(source, ln, "child pid", f[3]);
                if (child <= 0 || child > Integer.MAX_VALUE) {
                    throw error(source, ln, "child pid must be positive, got " + f[3]);
                }
                return new Op(ln, FORK, child, 0, 0, 0, 0, null);
            }
            case TraceFormat.EXIT -> {
                args(source, ln, f, 0, "exit");
                return new Op(ln, EXIT, 0, 0, 0, 0, 0, null);
            }
            case TraceFormat.MMAP -> {
                if (n >= 1 && f[3].equals("anon")) {
                    args(source, ln, f, 3, "mmap anon <pages> <start>");
                    return new Op(ln, MMAP_ANON, positive(source, ln, "pages", f[4]), nonNeg(source, ln, "start", f[5]),
                        0, 0, 0, null);
                }
                if (n >= 1 && f[3].equals("file")) {
                    args(source, ln, f, 5, "mmap file <file> <pgoff> <pages> <start>");
                    return new Op(ln, MMAP_FILE, nonNeg(source, ln, "file", f[4]), nonNeg(source, ln, "pgoff", f[5]),
                        positive(source, ln, "pages", f[6]), nonNeg(source, ln, "start", f[7]), 0, null);
                }
                throw error(source, ln, "expected 'mmap anon <pages> <start>' or 'mmap file <file> <pgoff> <pages> "
                    + "<start>'");
            }
            case TraceFormat.MUNMAP -> {
                args(source, ln, f, 2, "munmap <start> <pages>");
                return new Op(ln, MUNMAP, nonNeg(source, ln, "start", f[3]), positive(source, ln, "pages", f[4]), 0, 0,
                    0, null);
            }
            case TraceFormat.TOUCH -> {
                args(source, ln, f, 2, "touch <vpage> r|w");
                if (!f[4].equals("r") && !f[4].equals("w")) {
                    throw error(source, ln, "touch takes r or w, got '" + f[4] + "'");
                }
                return new Op(ln, TOUCH, nonNeg(source, ln, "vpage", f[3]), f[4].equals("w") ? 1 : 0, 0, 0, 0, null);
            }
            case TraceFormat.FILE -> {
                args(source, ln, f, 2, "file <id> <pages>");
                return new Op(ln, FILE, nonNeg(source, ln, "file id", f[3]), positive(source, ln, "pages", f[4]), 0, 0,
                    0, null);
            }
            case TraceFormat.READ, TraceFormat.WRITE -> {
                args(source, ln, f, 2, name + " <file> <offset>");
                return new Op(ln, name.equals(TraceFormat.READ) ? READ : WRITE, nonNeg(source, ln, "file", f[3]),
                    nonNeg(source, ln, "offset", f[4]), 0, 0, 0, null);
            }
            case TraceFormat.SLAB_ALLOC, TraceFormat.ALLOC -> {
                args(source, ln, f, 3, name + " <handle> <gfp> <order>");
                int gfp;
                try {
                    gfp = Gfp.parse(f[4]);
                } catch (IllegalArgumentException e) {
                    throw error(source, ln, "'" + f[4] + "' is not a gfp mask: " + e.getMessage());
                }
                long order = nonNeg(source, ln, "order", f[5]);
                if (order > 10) {
                    throw error(source, ln, "order must be in 0..10, got " + order);
                }
                return new Op(ln, name.equals(TraceFormat.ALLOC) ? ALLOC : SLAB_ALLOC, positive(source, ln, "handle",
                    f[3]), gfp, order, 0, 0, null);
            }
            case TraceFormat.SLAB_FREE, TraceFormat.FREE -> {
                args(source, ln, f, 1, name + " <handle>");
                return new Op(ln, name.equals(TraceFormat.FREE) ? FREE : SLAB_FREE, positive(source, ln, "handle", f[3]),
                    0, 0, 0, 0, null);
            }
            default -> {
                String near = Suggestions.nearest(TraceFormat.OPS, name, 2);
                throw error(source, ln, "unknown operation '" + name + "'" + (near != null ? " (did you mean " + near
                    + "?)" : "") + "; operations: " + String.join(", ", TraceFormat.OPS));
            }
        }
    }

    private static void args(String source, int ln, String[] f, int n, String usage) {
        if (f.length - 3 != n) {
            throw error(source, ln, "expected '" + usage + "', got " + (f.length - 3) + " argument(s)");
        }
    }

    private static long number(String source, int ln, String what, String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw error(source, ln, what + " must be a whole number, got '" + s + "'");
        }
    }

    private static long nonNeg(String source, int ln, String what, String s) {
        long v = number(source, ln, what, s);
        if (v < 0) {
            throw error(source, ln, what + " must not be negative, got " + v);
        }
        return v;
    }

    private static long positive(String source, int ln, String what, String s) {
        long v = number(source, ln, what, s);
        if (v <= 0) {
            throw error(source, ln, what + " must be positive, got " + v);
        }
        return v;
    }

    static SlowpathConfigException error(String source, int line, String problem) {
        return new SlowpathConfigException(source + ":" + line + ": " + problem);
    }

    // ---- replay ---------------------------------------------------------------------------------------------

    /** Starts the replay of {@code p} on {@code world}: the spawned tasks' first steps, in pid order. */
    static void start(Parsed p, World world) {
        for (int pid : p.roots()) {
            new Actor(p, world, pid, null).schedule();
        }
    }

    /** One pid's recorded steps as an actor. */
    private static final class Actor {
        private final Parsed parsed;
        private final World world;
        private final ArrayDeque<Step> steps;
        private final int pid;
        private Task task;

        Actor(Parsed parsed, World world, int pid, Task task) {
            this.pid = pid;
            this.parsed = parsed;
            this.world = world;
            this.steps = new ArrayDeque<>(parsed.steps().getOrDefault(pid, List.of()));
            this.task = task;
        }

        void schedule() {
            if (steps.isEmpty()) {
                return;
            }
            var kernel = world.kernel();
            kernel.loop().schedule(Math.max(steps.peekFirst().time(), kernel.clock().now()), this::run);
        }

        private boolean gone() {
            return task != null && (task.fatalSignalPending()
                || task.hasFlag(io.slowpath.api.mm.TaskView.PF_EXITING) || !world.mm().hasAddressSpace(task));
        }

        private void run() {
            Step step = steps.pollFirst();
            if (gone()) {
                steps.clear();
                return;
            }
            Ops ops = world.ops();
            ops.stepTime = step.time();
            for (Op op : step.ops()) {
                if (task != null && !world.mm().hasAddressSpace(task)) {
                    steps.clear();
                    return;
                }
                try {
                    if (op.code() == SPAWN) {
                        Task t = new Task(pid, pid, 1, op.name(), (int) op.a(), (int) op.b());
                        world.kernel().machine().checkCpu((int) op.c());
                        t.setCpu((int) op.c());
                        if (!world.kernel().callAs(t, () -> ops.spawn(t))) {
                            steps.clear();
                            return;
                        }
                        task = t;
                    } else {
                        world.kernel().callAs(task, () -> executeOther(op, ops));
                    }
                } catch (IllegalArgumentException | IllegalStateException e) {
                    throw error(parsed.source(), op.line(), e.getMessage());
                }
            }
            schedule();
        }

        private boolean executeOther(Op op, Ops ops) {
            switch (op.code()) {
                case FORK -> {
                    Task child = ops.fork(task, (int) op.a());
                    if (child != null) {
                        new Actor(parsed, world, child.pid(), child).schedule();
                    }
                }
                case EXIT -> ops.exit(task);
                case MMAP_ANON -> check(op, "mmap placed the area at", ops.mmapAnon(task, op.a()), op.b());
                case MMAP_FILE -> check(op, "mmap placed the area at", ops.mmapFile(task, (int) op.a(), op.b(), op.c()),
                    op.d());
                case MUNMAP -> ops.munmap(task, op.a(), op.b());
                case TOUCH -> ops.touch(task, op.a(), op.b() == 1);
                case FILE -> check(op, "the new file got id", ops.createFile(task, op.b()), op.a());
                case READ -> ops.read(task, (int) op.a(), op.b());
                case WRITE -> ops.write(task, (int) op.a(), op.b());
                case SLAB_ALLOC -> ops.slabAlloc(task, op.a(), (int) op.b(), (int) op.c());
                case ALLOC -> ops.alloc(task, op.a(), (int) op.b(), (int) op.c());
                case SLAB_FREE, FREE -> {
                    if (ops.holds(op.a())) {
                        if (ops.isSlab(op.a()) != (op.code() == SLAB_FREE)) {
                            throw new IllegalArgumentException("handle " + op.a() + " is a "
                                + (ops.isSlab(op.a()) ? "slab block: free it with slab-free"
                                : "page block: free it with free"));
                        }
                        ops.free(task, op.a());
                    }
                }
                default -> throw new IllegalStateException("op " + op.code());
            }
            return true;
        }

        private static void check(Op op, String what, long got, long expected) {
            if (got != expected) {
                throw new IllegalArgumentException(what + " " + got + ", the trace says " + expected);
            }
        }
    }
}
