package io.slowpath.core.alloc;

import static io.slowpath.core.alloc.AllocFlags.ALLOC_CPUSET;
import static io.slowpath.core.alloc.AllocFlags.ALLOC_HARDER;
import static io.slowpath.core.alloc.AllocFlags.ALLOC_NO_WATERMARKS;
import static io.slowpath.core.alloc.AllocFlags.ALLOC_WMARK_HIGH;
import static io.slowpath.core.alloc.AllocFlags.ALLOC_WMARK_MIN;

import io.slowpath.api.Gfp;
import io.slowpath.api.PageOrder;
import io.slowpath.api.VmEvent;
import io.slowpath.api.ZoneType;
import io.slowpath.api.compaction.CompactOutcome;
import io.slowpath.api.compaction.CompactRequest;
import io.slowpath.api.compaction.CompactResult;
import io.slowpath.api.compaction.CompactionPolicy;
import io.slowpath.api.mm.MmServices;
import io.slowpath.api.mm.TaskView;
import io.slowpath.api.oom.OomOutcome;
import io.slowpath.api.oom.OomPolicy;
import io.slowpath.api.oom.OomRequest;
import io.slowpath.api.reclaim.KswapdPolicy;
import io.slowpath.api.reclaim.ReclaimPolicy;
import io.slowpath.api.reclaim.ReclaimRequest;
import io.slowpath.api.trace.DecisionTrace;
import io.slowpath.core.mm.Task;
import io.slowpath.core.sim.SimClock;
import io.slowpath.core.zone.Node;
import io.slowpath.core.zone.Zone;
import io.slowpath.core.zone.Zonelist;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Models mm/page_alloc.c: __alloc_pages_slowpath (Linux 3.10, as the seed shows it), step for step, calling out to
 * the four policies where the kernel makes a policy decision: kswapd (S3), direct compaction (S11, S18), direct
 * reclaim (S14) and the OOM killer (S15c). Every entry leaves a {@link DecisionTrace}. Step numbers follow the
 * project's spec (part 3, section 1.2).
 *
 * <p>Where 3.10 would loop for ever (a {@code __GFP_NOFAIL} or small-order allocation that never makes progress),
 * the simulator stops after {@code maxLoops} passes and records the livelock instead of hanging. Restarts after
 * the OOM path while a victim is still dying do not count for the first second of simulated time: 3.10 spins there
 * until the victim exits, and the victim's exit comes as simulated time passes.
 */
public final class Slowpath310 implements SlowPath {
    /** Wakes the kswapd actor of a node. */
    @FunctionalInterface
    public interface KswapdWaker {
        /** Schedules kswapd of {@code node} to run. */
        void wake(Node node);

        /**
         * Lets the kernel's own work that is due by the allocating task's simulated time run now (kswapd, OOM
         * victims' exits): the task is looping in the slow path (a should_alloc_retry retry, or the restart after
         * the OOM path) while the rest of the machine goes on. The default does nothing.
         */
        default void catchUp() {
        }
    }

    /** Thrown when the OOM policy panicked the simulated kernel. */
    public static final class KernelPanic extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** A panic with the kernel's message. */
        public KernelPanic(String message) {
            super(message);
        }
    }

    private final MmServices mm;
    private final TaskContext tasks;
    private final SimClock clock;
    private final KswapdPolicy kswapd;
    private final ReclaimPolicy reclaim;
    private final CompactionPolicy compaction;
    private final OomPolicy oom;
    private final KswapdWaker waker;
    private final AllocFailureReporter failures;
    private final int maxLoops;
    /**
     * How long, in jiffies (HZ = 250: one second), a call may restart after the OOM path because a victim is still
     * dying before its passes count toward {@link #maxLoops} again.
     */
    static final int VICTIM_WAIT_JIFFIES = 250;
    private Consumer<DecisionTrace> traceListener = t -> { };
    private DecisionTrace lastTrace;
    private boolean oomKillerDisabled;
    private CallStack callStack = new CallStack();

    /** A slow path over these policies. */
    public Slowpath310(MmServices mm, TaskContext tasks, SimClock clock, KswapdPolicy kswapd, ReclaimPolicy reclaim,
                       CompactionPolicy compaction, OomPolicy oom, KswapdWaker waker, AllocFailureReporter failures,
                       int maxLoops) {
        this.mm = mm;
        this.tasks = tasks;
        this.clock = clock;
        this.kswapd = kswapd;
        this.reclaim = reclaim;
        this.compaction = compaction;
        this.oom = oom;
        this.waker = waker;
        this.failures = failures;
        if (maxLoops < 1) {
            throw new IllegalArgumentException("max slow-path loops must be at least 1, got " + maxLoops);
        }
        this.maxLoops = maxLoops;
    }

    /** Receives every decision trace. */
    public void setTraceListener(Consumer<DecisionTrace> listener) {
        this.traceListener = listener;
    }

    /** The trace of the last slow-path entry. */
    public DecisionTrace lastTrace() {
        return lastTrace;
    }

    /**
     * The call stack this slow path records its frames on ({@code __alloc_pages_slowpath}, and {@code out_of_memory}
     * while the OOM policy runs), shared with the rest of the simulated kernel.
     */
    public void setCallStack(CallStack stack) {
        this.callStack = java.util.Objects.requireNonNull(stack, "call stack");
    }

    /** {@code oom_killer_disabled} (set while suspending). */
    public void setOomKillerDisabled(boolean disabled) {
        oomKillerDisabled = disabled;
    }

    @Override
    public int allocate(AllocRequest req) {
        Call c = new Call(req);
        int pfn;
        callStack.push("__alloc_pages_slowpath");
        try {
            pfn = c.run();
        } finally {
            callStack.pop();
        }
        lastTrace = c.trace.finish(req.gfp(), req.order(), pfn, c.exit);
        traceListener.accept(lastTrace);
        return pfn;
    }

    /** One slow-path entry: its locals live exactly as long as the kernel's do. */
    private final class Call {
        private final AllocRequest req;
        private final int gfp;
        private final int order;
        private final Task current;
        private final TraceRecorder trace;
        private final boolean wait;
        private long pagesReclaimed;
        private long didSomeProgress;
        private boolean syncMigration;
        private boolean deferredCompaction;
        private boolean contendedCompaction;
        private int allocFlags;
        private String exit = "";
        private int loops;
        private String lastStep = "";
        /** What out_of_memory did on this call's last pass through the OOM path (null before). */
        private OomOutcome.Action lastOom;
        /** Simulated time of this call's first out_of_memory that found a victim still dying, or -1. */
        private long firstAbortAt = -1;

        Call(AllocRequest req) {
            this.req = req;
            this.gfp = req.gfp();
            this.order = req.order();
            this.current = tasks.current();
            this.trace = new TraceRecorder(clock);
            this.wait = (gfp & Gfp.__GFP_WAIT) != 0;
        }

        int run() {
            // S1 (order >= MAX_ORDER) cannot happen here: the allocator rejects such orders before the fast path.
            if ((gfp & Gfp.GFP_THISNODE) == Gfp.GFP_THISNODE) {
                trace.step("S2", "GFP_THISNODE", "all GFP_THISNODE bits: no reclaim");
                return nopage("S2");
            }
            restart:
            for (;;) {
                if (tooManyLoops()) {
                    return livelock();
                }
                wakeKswapds();
                allocFlags = gfpToAllocFlags(gfp, current);
                trace.step("S4", "gfp_to_alloc_flags", AllocFlags.toString(allocFlags));
                // S5: without cpusets the preferred zone is already the first usable zone.
                for (;;) {
                    int pfn = tryFreelist("S6", allocFlags & ~ALLOC_NO_WATERMARKS);
                    if (pfn >= 0) {
                        return gotPage("S6", pfn);
                    }
                    if ((allocFlags & ALLOC_NO_WATERMARKS) != 0) {
                        pfn = highPriority();
                        if (pfn >= 0) {
                            return gotPage("S7", pfn);
                        }
                        if (tooManyLoops()) {
                            return livelock();
                        }
                    }
                    if (!wait) {
                        trace.step("S8", "!__GFP_WAIT", "atomic: cannot reclaim");
                        return nopage("S8");
                    }
                    if (current.hasFlag(TaskView.PF_MEMALLOC)) {
                        trace.step("S9", "PF_MEMALLOC", "reclaim may not recurse");
                        return nopage("S9");
                    }
                    if (current.memdie() && (gfp & Gfp.__GFP_NOFAIL) == 0) {
                        trace.step("S10", "TIF_MEMDIE", "OOM victim: do not loop");
                        return nopage("S10");
                    }
                    pfn = directCompact("S11");
                    if (pfn >= 0) {
                        return gotPage("S11", pfn);
                    }
                    syncMigration = true;
                    if ((deferredCompaction || contendedCompaction) && (gfp & Gfp.__GFP_NO_KSWAPD) != 0) {
                        trace.step("S13", "__GFP_NO_KSWAPD", (deferredCompaction ? "compaction deferred" : "compaction contended")
                            + ": THP gives up");
                        return nopage("S13");
                    }
                    pfn = directReclaim();
                    if (pfn >= 0) {
                        return gotPage("S14", pfn);
                    }
                    if (didSomeProgress == 0 && (gfp & Gfp.__GFP_FS) != 0 && (gfp & Gfp.__GFP_NORETRY) == 0) {
                        if (oomKillerDisabled) {
                            trace.step("S15a", "oom_killer_disabled", "no OOM kill while suspending");
                            return nopage("S15a");
                        }
                        if (current.hasFlag(TaskView.PF_DUMPCORE) && (gfp & Gfp.__GFP_NOFAIL) == 0) {
                            trace.step("S15b", "PF_DUMPCORE", "dumping core: no OOM kill");
                            return nopage("S15b");
                        }
                        pfn = mayOom();
                        if (pfn >= 0) {
                            return gotPage("S15c", pfn);
                        }
                        if ((gfp & Gfp.__GFP_NOFAIL) == 0) {
                            if (order > PageOrder.PAGE_ALLOC_COSTLY_ORDER) {
                                trace.step("S15d", "PAGE_ALLOC_COSTLY_ORDER", "order " + order + " > 3: no retry after OOM");
                                return nopage("S15d");
                            }
                            if (req.highZoneIdx() < ZoneType.NORMAL.index()) {
                                trace.step("S15d", "high_zoneidx < ZONE_NORMAL", "lowmem-only request: no retry after OOM");
                                return nopage("S15d");
                            }
                        }
                        trace.step("S15e", "goto restart", "after the OOM path");
                        // 3.10 spins here while an OOM victim is still exiting (out_of_memory aborted its scan): every
                        // pass brings the victim's exit nearer, so for up to a second of simulated time it is waiting,
                        // not a livelock, and does not count toward the cap.
                        if (!waitingForDyingVictim()) {
                            loops++;
                        }
                        waker.catchUp();
                        continue restart;
                    }
                    pagesReclaimed += didSomeProgress;
                    if (shouldAllocRetry()) {
                        trace.begin();
                        boolean slept = waitIffCongested();
                        trace.step("S17", "should_alloc_retry", "retry (pages_reclaimed " + pagesReclaimed + ")"
                            + (slept ? ", wait_iff_congested slept" : ""));
                        loops++;
                        if (tooManyLoops()) {
                            return livelock();
                        }
                        waker.catchUp();
                        continue;
                    }
                    trace.step("S17", "should_alloc_retry", "no retry");
                    pfn = directCompact("S18");
                    if (pfn >= 0) {
                        return gotPage("S18", pfn);
                    }
                    return nopage("S18");
                }
            }
        }

        private boolean waitingForDyingVictim() {
            return lastOom == OomOutcome.Action.ABORTED && clock.now() - firstAbortAt < VICTIM_WAIT_JIFFIES
                * mm.costs().jiffyNs();
        }

        private boolean tooManyLoops() {
            return loops >= maxLoops;
        }

        private int livelock() {
            trace.step("LOOP", "__alloc_pages_slowpath", "gave up after " + loops
                + " passes without a page; the kernel would keep looping");
            exit = "LIVELOCK";
            return -1;
        }

        /** S3: wake_all_kswapd over the zonelist up to high_zoneidx, unless __GFP_NO_KSWAPD. */
        private void wakeKswapds() {
            if ((gfp & Gfp.__GFP_NO_KSWAPD) != 0) {
                return;
            }
            trace.begin();
            List<String> woken = new ArrayList<>();
            int classzone = req.preferredZone().index();
            Zonelist zl = req.zonelist();
            Node lastWoken = null;
            for (int i = 0; i < zl.size(); i++) {
                Zone z = zl.get(i);
                if (z.index() > req.highZoneIdx()) {
                    continue;
                }
                if (kswapd.wakeup(mm, z, order, classzone)) {
                    Node node = req.allocator().machine().nodes().get(z.nodeId());
                    if (node != lastWoken) {
                        waker.wake(node);
                        lastWoken = node;
                    }
                    woken.add(z.toString());
                }
            }
            trace.step("S3", "wake_all_kswapd", woken.isEmpty() ? "no kswapd woken" : "woke kswapd for " + woken);
        }

        private int tryFreelist(String step, int flags) {
            trace.begin();
            int pfn = req.allocator().getPageFromFreelist(req, gfp, flags);
            clock.spend(mm.costs().fastPathNs());
            trace.step(step, "get_page_from_freelist", outcome(pfn, flags));
            return pfn;
        }

        private String outcome(int pfn, int flags) {
            if (pfn < 0) {
                return "fail (" + AllocFlags.toString(flags) + ")";
            }
            Zone z = req.allocator().machine().zoneOfPfn(pfn);
            return "page " + pfn + " from " + z + " (" + AllocFlags.toString(flags) + ")";
        }

        /** S7: __alloc_pages_high_priority. */
        private int highPriority() {
            for (;;) {
                int pfn = tryFreelist("S7", ALLOC_NO_WATERMARKS);
                if (pfn >= 0 || (gfp & Gfp.__GFP_NOFAIL) == 0) {
                    return pfn;
                }
                trace.begin();
                boolean slept = waitIffCongested();
                trace.step("S7", "wait_iff_congested", slept ? "slept (congested)" : "not congested");
                if (++loops >= maxLoops) {
                    return -1;
                }
            }
        }

        /** S11/S18: __alloc_pages_direct_compact. */
        private int directCompact(String step) {
            if (order == 0) {
                return -1;
            }
            trace.begin();
            Zone preferred = req.preferredZone();
            if (compaction.compactionDeferred(mm, preferred, order)) {
                deferredCompaction = true;
                trace.step(step, "compaction_deferred", "deferred for " + preferred);
                return -1;
            }
            current.setFlags(TaskView.PF_MEMALLOC);
            CompactOutcome out;
            try {
                out = compaction.tryToCompactPages(mm, new CompactRequest(zonelistUpTo(), order, gfp, req.highZoneIdx(),
                    req.migratetype(), syncMigration));
            } finally {
                current.clearFlags(TaskView.PF_MEMALLOC);
            }
            contendedCompaction = out.contended();
            didSomeProgress = out.result().value();
            String mode = syncMigration ? "sync" : "async";
            if (out.result() == CompactResult.COMPACT_SKIPPED) {
                trace.step(step, "try_to_compact_pages", mode + ": COMPACT_SKIPPED");
                return -1;
            }
            req.allocator().drainPages(req.slot());
            int pfn = req.allocator().getPageFromFreelist(req, gfp, allocFlags & ~ALLOC_NO_WATERMARKS);
            clock.spend(mm.costs().fastPathNs());
            if (pfn >= 0) {
                compaction.compactionSucceeded(mm, preferred, order);
                mm.countEvent(VmEvent.COMPACT_SUCCESS, 1);
                trace.step(step, "__alloc_pages_direct_compact", mode + ": " + out.result() + ", page " + pfn);
                return pfn;
            }
            mm.countEvent(VmEvent.COMPACT_FAIL, 1);
            if (syncMigration) {
                compaction.deferCompaction(mm, preferred, order);
            }
            trace.step(step, "__alloc_pages_direct_compact", mode + ": " + out.result()
                + (out.contended() ? " (contended)" : "") + ", no page" + (syncMigration ? ", deferred" : ""));
            return -1;
        }

        /** S14: __alloc_pages_direct_reclaim. */
        private int directReclaim() {
            trace.begin();
            current.setFlags(TaskView.PF_MEMALLOC);
            try {
                didSomeProgress = reclaim.tryToFreePages(mm, new ReclaimRequest(zonelistUpTo(), order, gfp,
                    req.highZoneIdx()));
            } finally {
                current.clearFlags(TaskView.PF_MEMALLOC);
            }
            if (didSomeProgress == 0) {
                trace.step("S14", "try_to_free_pages", "no progress");
                return -1;
            }
            int flags = allocFlags & ~ALLOC_NO_WATERMARKS;
            int pfn = req.allocator().getPageFromFreelist(req, gfp, flags);
            clock.spend(mm.costs().fastPathNs());
            boolean drained = false;
            if (pfn < 0) {
                req.allocator().drainAllPages();
                drained = true;
                pfn = req.allocator().getPageFromFreelist(req, gfp, flags);
                clock.spend(mm.costs().fastPathNs());
            }
            trace.step("S14", "__alloc_pages_direct_reclaim", "progress " + didSomeProgress
                + (drained ? ", drain_all_pages" : "") + (pfn >= 0 ? ", page " + pfn : ", no page"));
            return pfn;
        }

        /** S15c: __alloc_pages_may_oom. */
        private int mayOom() {
            trace.begin();
            List<Zone> locked = oomZones();
            if (!trySetZonelistOom(locked)) {
                clock.spend(mm.costs().jiffyNs());
                trace.step("S15c", "try_set_zonelist_oom", "another OOM kill in progress: slept 1 jiffy");
                return -1;
            }
            try {
                int pfn = req.allocator().getPageFromFreelist(req, gfp | Gfp.__GFP_HARDWALL,
                    ALLOC_WMARK_HIGH | ALLOC_CPUSET);
                clock.spend(mm.costs().fastPathNs());
                if (pfn >= 0) {
                    trace.step("S15c", "__alloc_pages_may_oom", "last-chance high-watermark attempt: page " + pfn);
                    return pfn;
                }
                if ((gfp & Gfp.__GFP_NOFAIL) == 0) {
                    String skip = null;
                    if (order > PageOrder.PAGE_ALLOC_COSTLY_ORDER) {
                        skip = "order " + order + " > PAGE_ALLOC_COSTLY_ORDER";
                    } else if (req.highZoneIdx() < ZoneType.NORMAL.index()) {
                        skip = "high_zoneidx < ZONE_NORMAL";
                    } else if ((gfp & Gfp.__GFP_THISNODE) != 0) {
                        skip = "__GFP_THISNODE";
                    }
                    if (skip != null) {
                        trace.step("S15c", "__alloc_pages_may_oom", "no kill: " + skip);
                        return -1;
                    }
                }
                OomOutcome out;
                callStack.push("out_of_memory");
                try {
                    out = oom.outOfMemory(mm, new OomRequest(zonelistUpTo(), gfp, order, req.highZoneIdx(), false));
                } finally {
                    callStack.pop();
                }
                lastOom = out.action();
                if (lastOom == OomOutcome.Action.ABORTED && firstAbortAt < 0) {
                    firstAbortAt = clock.now();
                }
                trace.step("S15c", "out_of_memory", describe(out));
                if (out.action() == OomOutcome.Action.PANIC) {
                    exit = "PANIC";
                    throw new KernelPanic("Kernel panic - not syncing: Out of memory");
                }
                return -1;
            } finally {
                clearZonelistOom(locked);
            }
        }

        private String describe(OomOutcome out) {
            return switch (out.action()) {
                case KILLED -> "killed pid " + out.victimPid() + " (points " + out.points() + ")";
                case CURRENT_MEMDIE -> "current is exiting: TIF_MEMDIE, no kill";
                case ABORTED -> "a victim is still dying: no kill";
                case NONE -> "no kill";
                case PANIC -> "panic";
            };
        }

        /** The zones of the zonelist up to gfp_zone(gfp): those try_set_zonelist_oom locks. */
        private List<Zone> oomZones() {
            List<Zone> out = new ArrayList<>();
            Zonelist zl = req.zonelist();
            for (int i = 0; i < zl.size(); i++) {
                if (zl.get(i).index() <= req.highZoneIdx()) {
                    out.add(zl.get(i));
                }
            }
            return out;
        }

        private List<Zone> zonelistUpTo() {
            return oomZones();
        }

        private boolean shouldAllocRetry() {
            if ((gfp & Gfp.__GFP_NORETRY) != 0) {
                return false;
            }
            if ((gfp & Gfp.__GFP_NOFAIL) != 0) {
                return true;
            }
            // pm_suspended_storage() is never true: the simulator does not suspend.
            if (order <= PageOrder.PAGE_ALLOC_COSTLY_ORDER) {
                return true;
            }
            return (gfp & Gfp.__GFP_REPEAT) != 0 && pagesReclaimed < (1L << order);
        }

        /** wait_iff_congested(preferred_zone, BLK_RW_ASYNC, HZ/50): sleeps only when a device is congested. */
        private boolean waitIffCongested() {
            if (req.preferredZone().congested()) {
                clock.spend(mm.costs().congestionWaitNs());
                return true;
            }
            return false;
        }

        private int gotPage(String step, int pfn) {
            exit = "GOT_PG after " + step;
            return pfn;
        }

        private int nopage(String step) {
            exit = "NOPAGE after " + step;
            trace.begin();
            boolean printed = failures.warnAllocFailed(current, gfp, order);
            trace.step("S19", "warn_alloc_failed", printed ? "page allocation failure reported"
                : (gfp & Gfp.__GFP_NOWARN) != 0 ? "suppressed (__GFP_NOWARN)" : "suppressed (rate limit)");
            return -1;
        }
    }

    /**
     * Models mm/page_alloc.c: gfp_to_alloc_flags (Linux 3.10) for a task in process context (no interrupts are
     * simulated; no task is real-time).
     */
    public static int gfpToAllocFlags(int gfp, TaskView current) {
        int flags = ALLOC_WMARK_MIN | ALLOC_CPUSET;
        boolean atomic = (gfp & (Gfp.__GFP_WAIT | Gfp.__GFP_NO_KSWAPD)) == 0;
        flags |= gfp & Gfp.__GFP_HIGH;
        if (atomic) {
            if ((gfp & Gfp.__GFP_NOMEMALLOC) == 0) {
                flags |= ALLOC_HARDER;
            }
            flags &= ~ALLOC_CPUSET;
        }
        if ((gfp & Gfp.__GFP_NOMEMALLOC) == 0) {
            if ((gfp & Gfp.__GFP_MEMALLOC) != 0) {
                flags |= ALLOC_NO_WATERMARKS;
            } else if (current != null && (current.hasFlag(TaskView.PF_MEMALLOC) || current.memdie())) {
                flags |= ALLOC_NO_WATERMARKS;
            }
        }
        return flags;
    }

    /** try_set_zonelist_oom: lock every zone or none. */
    private static boolean trySetZonelistOom(List<Zone> zones) {
        for (Zone z : zones) {
            if (z.oomLocked()) {
                return false;
            }
        }
        for (Zone z : zones) {
            z.setOomLocked(true);
        }
        return true;
    }

    /** clear_zonelist_oom. */
    private static void clearZonelistOom(List<Zone> zones) {
        for (Zone z : zones) {
            z.setOomLocked(false);
        }
    }
}
