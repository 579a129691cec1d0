package io.slowpath.core.sim;

import io.slowpath.api.MachineView;
import io.slowpath.api.NodeView;
import io.slowpath.api.VmEvent;
import io.slowpath.api.ZoneStatItem;
import io.slowpath.api.ZoneView;
import io.slowpath.api.compaction.CompactResult;
import io.slowpath.api.compaction.CompactionOps;
import io.slowpath.api.compaction.CompactionPolicy;
import io.slowpath.api.mm.CostModel;
import io.slowpath.api.mm.MmServices;
import io.slowpath.api.mm.PageOps;
import io.slowpath.api.mm.PageState;
import io.slowpath.api.mm.TaskView;
import io.slowpath.api.oom.OomPolicy;
import io.slowpath.api.reclaim.KswapdPolicy;
import io.slowpath.api.reclaim.ReclaimPolicy;
import io.slowpath.api.reclaim.Shrinker;
import io.slowpath.api.trace.DecisionTrace;
import io.slowpath.core.alloc.BuddyAllocator;
import io.slowpath.core.alloc.CallStack;
import io.slowpath.core.alloc.Slowpath310;
import io.slowpath.core.alloc.WarnAllocFailed;
import io.slowpath.core.mm.MmConfig;
import io.slowpath.core.mm.MmModel;
import io.slowpath.core.mm.PagefaultOomHandler;
import io.slowpath.core.mm.Task;
import io.slowpath.core.zone.Machine;
import io.slowpath.core.zone.Node;
import io.slowpath.core.zone.Zone;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A simulated 3.10 kernel: a booted {@link Machine}, its allocator with the full {@code __alloc_pages_slowpath},
 * the four policies, the tasks, one kswapd actor per node, a simulated clock and a deterministic event loop. The
 * same machine, policies, workload and seed always give the same counters, traces and log.
 *
 * <p>The memory-management model ({@link #mm()}: tasks' address spaces, page cache, swap) is attached on first use,
 * with the reclaim policy receiving its LRU hooks, or by constructing an {@link MmModel} over this kernel. Policies
 * reach it through {@link MmServices#pages()} and {@link MmServices#pageOps()}. The kernel also keeps the
 * slow-path stall time of every task ({@link MmServices#memstallNs()}), runs timers for background policies
 * ({@link MmServices#schedule}) and lets OOM victims exit {@link Builder#victimExitDelayNs} after the kill.
 */
public final class SimulatedKernel {
    private static final int KSWAPD_PID_BASE = 100;
    /** The pid of the kernel thread that runs {@link MmServices#schedule}d policy work (below kswapd's pids). */
    public static final int POLICY_THREAD_PID = 99;

    private final Machine machine;
    private final BuddyAllocator allocator;
    private final SimClock clock = new SimClock();
    private final EventLoop loop = new EventLoop(clock);
    private final CostModel costs;
    private final KswapdPolicy kswapdPolicy;
    private final ReclaimPolicy reclaimPolicy;
    private final CompactionPolicy compactionPolicy;
    private final OomPolicy oomPolicy;
    private final Slowpath310 slowpath;
    private final TreeMap<Integer, Task> tasks = new TreeMap<>();
    private final List<Task> kswapds = new ArrayList<>();
    private final boolean[] kswapdScheduled;
    /** Per node: the time of kswapd's queued slice, or -1; the sequence number of the live one. */
    private final long[] kswapdDue;
    private final long[] kswapdSeq;
    private int inKswapd;
    private final List<PendingExit> pendingExits = new ArrayList<>();
    private final List<String> log = new ArrayList<>();
    private final Services services = new Services();
    private Consumer<String> logListener = l -> { };
    private Task current;
    private final MmConfig mmConfig;
    private final long victimExitDelayNs;
    private final Task policyThread = Task.kernelThread(POLICY_THREAD_PID, "kpolicyd");
    private MmModel mm;
    private int allocDepth;
    private long memstallTotal;
    private final TreeMap<Integer, Long> memstall = new TreeMap<>();
    private final List<Shrinker> shrinkers = new ArrayList<>();
    private final CallStack callStack = new CallStack();
    private Observer observer = Observer.NONE;

    /**
     * Observes what tasks get from the allocator and whom the OOM policy kills (e.g. a scenario runner's latency
     * histograms). Called on the simulation thread; must not allocate or free pages itself.
     */
    public interface Observer {
        /** Observes nothing. */
        Observer NONE = new Observer() {
        };

        /**
         * An outermost {@link #allocPages} returned (allocations a policy makes inside the slow path are not seen).
         *
         * @param task      the allocating task
         * @param gfp       the gfp mask
         * @param order     the order
         * @param pfn       the first pfn, or -1 when the allocation failed
         * @param latencyNs simulated time from entry to return (0 for the fast path)
         */
        default void allocated(Task task, int gfp, int order, long pfn, long latencyNs) {
        }

        /**
         * {@code count} outermost allocations of order {@code order} that all took the fast path, pfns in
         * {@code pfns[0 .. count)}: by default one {@link #allocated} call each, with latency 0.
         */
        default void allocatedFast(Task task, int gfp, int order, int[] pfns, int count) {
            for (int i = 0; i < count; i++) {
                allocated(task, gfp, order, pfns[i], 0);
            }
        }

        /** {@link MmServices#killTask} sent SIGKILL to {@code victim} (before its memory is freed). */
        default void killed(Task victim) {
        }
    }

    private SimulatedKernel(Builder b) {
        this.machine = Objects.requireNonNull(b.machine, "machine");
        this.costs = Objects.requireNonNull(b.costs, "costs");
        this.kswapdPolicy = Objects.requireNonNull(b.kswapd, "kswapd policy");
        this.reclaimPolicy = Objects.requireNonNull(b.reclaim, "reclaim policy");
        this.compactionPolicy = Objects.requireNonNull(b.compaction, "compaction policy");
        this.oomPolicy = Objects.requireNonNull(b.oom, "OOM policy");
        this.mmConfig = Objects.requireNonNull(b.mmConfig, "mm config");
        this.victimExitDelayNs = b.victimExitDelayNs >= 0 ? b.victimExitDelayNs : costs.jiffyNs();
        this.allocator = new BuddyAllocator(machine);
        for (Node n : machine.nodes()) {
            kswapds.add(Task.kernelThread(KSWAPD_PID_BASE + n.id(), "kswapd" + n.id()));
        }
        this.kswapdScheduled = new boolean[machine.nodes().size()];
        this.kswapdDue = new long[machine.nodes().size()];
        java.util.Arrays.fill(kswapdDue, -1);
        this.kswapdSeq = new long[machine.nodes().size()];
        this.slowpath = new Slowpath310(services, () -> current, clock, kswapdPolicy, reclaimPolicy, compactionPolicy,
            oomPolicy, new Slowpath310.KswapdWaker() {
                @Override
                public void wake(Node node) {
                    wakeKswapd(node);
                }

                @Override
                public void catchUp() {
                    runKernelWorkDue();
                }
            }, new WarnAllocFailed(machine, clock, this::printk), b.maxLoops);
        allocator.setSlowPath(slowpath);
        slowpath.setCallStack(callStack);
        this.current = Task.kernelThread(1, "swapper");
    }

    /** A builder for a kernel over {@code machine}. */
    public static Builder builder(Machine machine) {
        return new Builder(machine);
    }

    /** Builds a {@link SimulatedKernel}. */
    public static final class Builder {
        private final Machine machine;
        private CostModel costs = defaultCosts();
        private KswapdPolicy kswapd;
        private ReclaimPolicy reclaim;
        private CompactionPolicy compaction;
        private OomPolicy oom;
        private int maxLoops = 10_000;
        private MmConfig mmConfig = MmConfig.defaults();
        private long victimExitDelayNs = -1;

        private Builder(Machine machine) {
            this.machine = machine;
        }

        /** The cost model. */
        public Builder costs(CostModel c) {
            this.costs = c;
            return this;
        }

        /** The four policies. */
        public Builder policies(KswapdPolicy kswapd, ReclaimPolicy reclaim, CompactionPolicy compaction, OomPolicy oom) {
            this.kswapd = kswapd;
            this.reclaim = reclaim;
            this.compaction = compaction;
            this.oom = oom;
            return this;
        }

        /** Passes after which an allocation that 3.10 would retry for ever is given up and recorded as a livelock. */
        public Builder maxSlowpathLoops(int n) {
            this.maxLoops = n;
            return this;
        }

        /** The settings of the memory-management model {@link SimulatedKernel#mm()} creates (default: no swap). */
        public Builder mmConfig(MmConfig config) {
            this.mmConfig = Objects.requireNonNull(config, "mm config");
            return this;
        }

        /**
         * Simulated time from {@link MmServices#killTask} to the victim's exit (its memory freed): the time the
         * victim needs to be scheduled, notice SIGKILL and run do_exit. Default: one jiffy of the cost model.
         */
        public Builder victimExitDelayNs(long ns) {
            if (ns < 0) {
                throw new IllegalArgumentException("victim exit delay must not be negative, got " + ns + " ns");
            }
            this.victimExitDelayNs = ns;
            return this;
        }

        /** The kernel. */
        public SimulatedKernel build() {
            return new SimulatedKernel(this);
        }
    }

    /** The cost model of reference.conf's {@code slowpath.cost} defaults. */
    public static CostModel defaultCosts() {
        return new CostModel(150, 40, 60, 400, 3_000, 8, 10_000_000, 10_000_000, 8_000_000, 5_000_000, 1_000,
            20_000_000, 4_000_000);
    }

    // ---- tasks and allocation ------------------------------------------------------------------------------------

    /** Adds a task; its pid must be unused. */
    public void addTask(Task t) {
        if (tasks.containsKey(t.pid())) {
            throw new IllegalArgumentException("pid " + t.pid() + " is already used by " + tasks.get(t.pid()));
        }
        machine.checkCpu(t.cpu());
        tasks.put(t.pid(), t);
    }

    /** Removes a task that has exited. */
    public void removeTask(int pid) {
        tasks.remove(pid);
    }

    /** The task with this pid, or null. */
    public Task task(int pid) {
        return tasks.get(pid);
    }

    /**
     * {@code alloc_pages} on behalf of {@code task}, on its CPU: the fast path, and on failure the full slow path.
     *
     * @return the pfn, or -1
     */
    public long allocPages(Task task, int gfp, int order) {
        return allocPages(task, gfp, order, null);
    }

    /**
     * {@link #allocPages(Task, int, int)} called from the allocation site {@code site} ({@code alloc_pages_vma},
     * {@code alloc_pages_current}: the frame {@code dump_stack} shows above {@code __alloc_pages_nodemask}), or from
     * no named site when null. One call for both frames: this runs for every page the model allocates.
     */
    public long allocPages(Task task, int gfp, int order, String site) {
        // The fast path calls no policy and takes no simulated time, so nothing can see the frames, the current task
        // or a stall: they are set up only when it fails and the slow path runs.
        long fast = allocator.tryFastPathOnSlot(task.cpu(), gfp, order);
        if (fast >= 0) {
            if (allocDepth == 0) {
                observer.allocated(task, gfp, order, fast, 0);
            }
            return fast;
        }
        Task saved = current;
        current = task;
        long start = clock.now();
        allocDepth++;
        if (site != null) {
            callStack.push(site);
        }
        callStack.push("__alloc_pages_nodemask");
        long pfn = -1;
        try {
            pfn = allocator.slowPathOnSlot(task.cpu(), gfp, order);
            return pfn;
        } finally {
            callStack.pop();
            if (site != null) {
                callStack.pop();
            }
            allocDepth--;
            current = saved;
            // The fast path costs no simulated time: time spent here is slow-path time (reclaim, compaction, OOM
            // path, sleeps). Nested allocations (a policy allocating inside the slow path) count once, outermost.
            long stalled = clock.now() - start;
            if (allocDepth == 0 && stalled > 0) {
                memstallTotal += stalled;
                memstall.merge(task.pid(), stalled, Long::sum);
            }
            if (allocDepth == 0) {
                observer.allocated(task, gfp, order, pfn, stalled);
            }
        }
    }

    /**
     * {@code count} {@link #allocPages(Task, int, int, String)} calls for order-0 pages of {@code gfp} as far as
     * they take the fast path: the pages those calls would return, in order, into {@code out}, stopping at the first
     * that would need the slow path. The caller makes that call itself, so the slow path runs as it would have.
     *
     * @return the number of pages taken (0 .. count)
     */
    public int allocPagesFast(Task task, int gfp, int count, int[] out) {
        int n = allocator.tryFastPathBulkOnSlot(task.cpu(), gfp, count, out);
        if (n > 0 && allocDepth == 0) {
            observer.allocatedFast(task, gfp, 0, out, n);
        }
        return n;
    }

    /**
     * The kernel functions the simulated path is in now (what {@code dump_stack} shows): the page-fault entry and
     * allocation-site frames pushed by the memory-management model, {@code __alloc_pages_nodemask} pushed by
     * {@link #allocPages}, and the slow path's own frames.
     */
    public CallStack callStack() {
        return callStack;
    }

    /** Sets the {@link Observer} of allocations and OOM kills (one; {@link Observer#NONE} to stop observing). */
    public void observe(Observer o) {
        this.observer = Objects.requireNonNull(o, "observer");
    }

    /** The task running now ({@code current}). */
    public Task current() {
        return current;
    }

    /** Runs {@code action} with {@code task} as {@code current}, restoring the previous current after. */
    public void runAs(Task task, Runnable action) {
        callAs(task, () -> {
            action.run();
            return null;
        });
    }

    /**
     * Makes {@code task} {@code current} and returns the task that was; the caller restores it with
     * {@link #restoreCurrent} in a {@code finally}. {@link #callAs} without a lambda, for paths run once per page.
     */
    public Task switchCurrent(Task task) {
        Task saved = current;
        current = Objects.requireNonNull(task, "task");
        return saved;
    }

    /** Puts back the {@code current} that {@link #switchCurrent} returned. */
    public void restoreCurrent(Task saved) {
        current = saved;
    }

    /** Calls {@code action} with {@code task} as {@code current}, restoring the previous current after. */
    public <T> T callAs(Task task, Supplier<T> action) {
        Task saved = current;
        current = Objects.requireNonNull(task, "task");
        try {
            return action.get();
        } finally {
            current = saved;
        }
    }

    // ---- the memory-management model -----------------------------------------------------------------------------

    /**
     * The memory-management model of this kernel: the one attached, or else a new one (settings from
     * {@link Builder#mmConfig}, LRU hooks to the reclaim policy, {@code pagefault_out_of_memory} calling the OOM
     * policy).
     */
    public MmModel mm() {
        if (mm == null) {
            MmModel created = new MmModel(this, reclaimPolicy, mmConfig);
            created.setPagefaultOomHandler(PagefaultOomHandler.outOfMemory(this, oomPolicy));
        }
        return mm;
    }

    /** Whether a memory-management model is attached. */
    public boolean hasMm() {
        return mm != null;
    }

    /**
     * Attaches {@code model}; its constructor calls this.
     *
     * @throws IllegalStateException when a model is already attached
     */
    public void attachMm(MmModel model) {
        if (mm != null && mm != model) {
            throw new IllegalStateException("this kernel already has a memory-management model");
        }
        mm = Objects.requireNonNull(model, "model");
    }

    /** The simulated time from an OOM kill to the victim's exit. */
    public long victimExitDelayNs() {
        return victimExitDelayNs;
    }

    /** Cumulative slow-path stall of all tasks, in simulated ns (see {@link MmServices#memstallNs()}). */
    public long memstallNs() {
        return memstallTotal;
    }

    /** Cumulative slow-path stall of task {@code pid}, in simulated ns. */
    public long memstallNs(int pid) {
        return memstall.getOrDefault(pid, 0L);
    }

    private boolean killTask(int pid) {
        Task t = tasks.get(pid);
        if (t == null || !t.hasMm() || t.memdie() || mm == null || !mm.hasAddressSpace(t)) {
            return false;
        }
        mm.kill(t);
        observer.killed(t);
        long at = clock.now() + victimExitDelayNs;
        pendingExits.add(new PendingExit(at, t));
        loop.schedule(at, () -> victimExit(t));
        return true;
    }

    /** An OOM victim's exit not run yet. */
    private record PendingExit(long at, Task task) {
    }

    /** The victim's exit, once (the event loop or {@link #runKernelWorkDue} runs it, whichever comes first). */
    private void victimExit(Task t) {
        pendingExits.removeIf(e -> e.task() == t);
        if (mm.hasAddressSpace(t)) {
            runAs(t, () -> mm.exit(t));
        }
    }

    /** {@code __free_pages} of a block, on {@code task}'s CPU. */
    public void freePages(Task task, long pfn, int order) {
        allocator.freePagesOnSlot(task.cpu(), pfn, order, false);
    }

    /** Receives every slow-path decision trace. */
    public void onDecisionTrace(Consumer<DecisionTrace> listener) {
        slowpath.setTraceListener(listener);
    }

    /** The trace of the last slow-path entry, or null. */
    public DecisionTrace lastTrace() {
        return slowpath.lastTrace();
    }

    /**
     * {@code register_shrinker}: adds a slab shrinker to the list reclaim's {@code shrink_slab} walks
     * ({@link MmServices#shrinkers()}), after those already registered.
     */
    public void registerShrinker(Shrinker shrinker) {
        shrinkers.add(Objects.requireNonNull(shrinker, "shrinker"));
    }

    // ---- kswapd --------------------------------------------------------------------------------------------------

    /** Schedules kswapd of {@code node} now unless it is already scheduled. */
    private void wakeKswapd(Node node) {
        int id = node.id();
        if (!kswapdScheduled[id]) {
            kswapdScheduled[id] = true;
            scheduleKswapd(node, clock.now());
        }
    }

    /**
     * Queues kswapd's next slice at {@code at}. The slice's sequence number lets {@link #runKernelWorkDue} run it early
     * (from a task looping in the slow path, {@link #runKernelWorkDue}), after which the queued event finds itself stale and does nothing.
     */
    private void scheduleKswapd(Node node, long at) {
        int id = node.id();
        long seq = ++kswapdSeq[id];
        kswapdDue[id] = at;
        loop.schedule(at, () -> {
            if (kswapdSeq[id] == seq) {
                kswapdDue[id] = -1;
                runKswapd(node);
            }
        });
    }

    private void runKswapd(Node node) {
        Task saved = current;
        current = kswapds.get(node.id());
        current.setFlags(TaskView.PF_MEMALLOC);
        long next;
        inKswapd++;
        try {
            next = kswapdPolicy.run(services, node);
        } finally {
            inKswapd--;
            current.clearFlags(TaskView.PF_MEMALLOC);
            current = saved;
        }
        if (next == KswapdPolicy.SLEEP) {
            kswapdScheduled[node.id()] = false;
            // kswapd_try_to_sleep: reset_isolation_suitable(pgdat) just before schedule().
            runAs(kswapds.get(node.id()), () -> compactionPolicy.resetIsolationSuitable(services, node));
        } else {
            scheduleKswapd(node, clock.now() + Math.max(0, next));
        }
    }

    /**
     * Runs, now, the kernel's own work that is due by the running task's simulated time, each piece at its own time
     * on its own CPU, in time order, then puts the task's time back: kswapd slices, and the exits of OOM victims
     * killed at least {@link Builder#victimExitDelayNs} ago (other than the running task, which exits only when it
     * leaves the kernel). The slow path calls this where a looping allocation lets
     * the rest of the machine go on ({@code should_alloc_retry}, the restart after the OOM path): in the kernel,
     * kswapd runs concurrently on another CPU meanwhile (3.10's direct reclaim depends on it: only kswapd sets
     * {@code all_unreclaimable}, without which direct reclaim never reports "no progress"), and a victim the OOM
     * killer waits for exits and frees its memory. Other actors (tasks, timers) still wait for the event loop. Does
     * nothing from inside kswapd itself.
     */
    public void runKernelWorkDue() {
        if (inKswapd > 0) {
            return;
        }
        long now = clock.now();
        try {
            for (;;) {
                long best = Long.MAX_VALUE;
                Node kswapdNode = null;
                for (Node node : machine.nodes()) {
                    long due = kswapdDue[node.id()];
                    if (due >= 0 && due <= now && due < best) {
                        best = due;
                        kswapdNode = node;
                    }
                }
                PendingExit exit = null;
                for (PendingExit e : pendingExits) {
                    // The running task itself exits only once it leaves the kernel (its own event).
                    if (e.task() != current && e.at() <= now && e.at() < best) {
                        best = e.at();
                        exit = e;
                    }
                }
                if (best == Long.MAX_VALUE) {
                    return;
                }
                clock.setNow(best);
                if (exit != null) {
                    victimExit(exit.task());
                } else {
                    int id = kswapdNode.id();
                    kswapdDue[id] = -1;
                    kswapdSeq[id]++; // the queued event is now stale
                    runKswapd(kswapdNode);
                }
            }
        } finally {
            clock.setNow(now);
        }
    }

    /** The kswapd task of a node. */
    public Task kswapdTask(int node) {
        return kswapds.get(node);
    }

    /** Whether kswapd of {@code node} is scheduled to run. */
    public boolean kswapdRunning(int node) {
        return kswapdScheduled[node];
    }

    // ---- time and log --------------------------------------------------------------------------------------------

    /** The event loop (actors schedule themselves on it). */
    public EventLoop loop() {
        return loop;
    }

    /** The clock. */
    public SimClock clock() {
        return clock;
    }

    /** Runs every event due up to {@code until} ns. */
    public void runUntil(long until) {
        loop.runUntil(until);
    }

    /**
     * Runs every event due by now, for a workload driven in the foreground: events run at their own times (each on
     * its own simulated CPU), and the foreground's time is kept, never moved back.
     *
     * @return the events run
     */
    public long runPending() {
        long now = clock.now();
        long n = loop.runUntil(now);
        clock.setNow(Math.max(now, clock.now()));
        return n;
    }

    /** Appends one line to the kernel log. */
    public void printk(String line) {
        log.add(line);
        logListener.accept(line);
    }

    /** Receives every kernel log line as it is printed. */
    public void onLog(Consumer<String> listener) {
        logListener = listener;
    }

    /** The kernel log so far. */
    public List<String> log() {
        return Collections.unmodifiableList(log);
    }

    // ---- parts ---------------------------------------------------------------------------------------------------

    /** The machine. */
    public Machine machine() {
        return machine;
    }

    /** The allocator. */
    public BuddyAllocator allocator() {
        return allocator;
    }

    /** The slow path. */
    public Slowpath310 slowpath() {
        return slowpath;
    }

    /** The services the policies act through. */
    public MmServices services() {
        return services;
    }

    /** What the policies see of this kernel. */
    private final class Services implements MmServices {
        @Override
        public MachineView machine() {
            return machine;
        }

        @Override
        public long now() {
            return clock.now();
        }

        @Override
        public CostModel costs() {
            return costs;
        }

        @Override
        public void spend(long ns) {
            clock.spend(ns);
        }

        @Override
        public void countEvent(VmEvent event, long delta) {
            machine.events().add(current.cpu(), event.ordinal(), delta);
        }

        @Override
        public void modZoneStat(ZoneView zone, ZoneStatItem item, long delta) {
            asZone(zone).modStat(current.cpu(), item, delta);
        }

        @Override
        public boolean zoneWatermarkOk(ZoneView zone, int order, long mark, int classzoneIdx, int allocFlags) {
            return asZone(zone).watermarkOk(order, mark, classzoneIdx, allocFlags);
        }

        @Override
        public void drainLocalPages() {
            allocator.drainPages(current.cpu());
        }

        @Override
        public void drainAllPages() {
            allocator.drainAllPages();
        }

        @Override
        public TaskView current() {
            return current;
        }

        @Override
        public List<? extends TaskView> tasks() {
            return List.copyOf(tasks.values());
        }

        @Override
        public void log(String line) {
            printk(line);
        }

        @Override
        public PageState pages() {
            return mm().pageState();
        }

        @Override
        public PageOps pageOps() {
            return mm().pageOps();
        }

        @Override
        public CompactionOps compactionOps() {
            return mm().compactionOps();
        }

        @Override
        public boolean killTask(int pid) {
            return SimulatedKernel.this.killTask(pid);
        }

        @Override
        public void schedule(long delayNs, Runnable action) {
            if (delayNs < 0) {
                throw new IllegalArgumentException("timer delay must not be negative, got " + delayNs + " ns");
            }
            Objects.requireNonNull(action, "action");
            loop.schedule(clock.now() + delayNs, () -> runAs(policyThread, action));
        }

        @Override
        public long memstallNs() {
            return memstallTotal;
        }

        @Override
        public long memstallNs(int pid) {
            return SimulatedKernel.this.memstallNs(pid);
        }

        @Override
        public CompactResult compactionSuitable(ZoneView zone, int order) {
            return compactionPolicy.compactionSuitable(this, asZone(zone), order);
        }

        @Override
        public boolean compactionConfigured() {
            return compactionPolicy.configured();
        }

        @Override
        public void compactPgdat(NodeView node, int order) {
            compactionPolicy.compactPgdat(this, node, order);
        }

        @Override
        public boolean compactionDeferred(ZoneView zone, int order) {
            return compactionPolicy.compactionDeferred(this, asZone(zone), order);
        }

        @Override
        public void addPagesScanned(ZoneView zone, long pages) {
            if (pages < 0) {
                throw new IllegalArgumentException("pages scanned must not be negative, got " + pages);
            }
            asZone(zone).addPagesScanned(pages);
        }

        @Override
        public void setAllUnreclaimable(ZoneView zone, boolean unreclaimable) {
            asZone(zone).setAllUnreclaimable(unreclaimable);
        }

        @Override
        public List<? extends Shrinker> shrinkers() {
            return Collections.unmodifiableList(shrinkers);
        }

        @Override
        public long totalSwapPages() {
            return mm == null ? 0 : mm.swap().totalPages();
        }

        @Override
        public List<String> dumpStack(List<String> innerFrames) {
            return OomReportBlocks.dumpStack(machine, current, innerFrames, callStack.innermostFirst());
        }

        @Override
        public List<String> showMem() {
            return OomReportBlocks.showMem(machine, mm);
        }

        private Zone asZone(ZoneView z) {
            if (z instanceof Zone zone && machine.nodes().get(zone.nodeId()).zone(zone.index()) == zone) {
                return zone;
            }
            throw new IllegalArgumentException("zone " + z + " is not a zone of this machine");
        }
    }
}
