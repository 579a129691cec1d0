package io.slowpath.core.alloc;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.slowpath.api.Gfp;
import io.slowpath.api.ZoneType;
import io.slowpath.api.compaction.CompactOutcome;
import io.slowpath.api.compaction.CompactResult;
import io.slowpath.api.compaction.CompactionPolicy;
import io.slowpath.api.mm.CostModel;
import io.slowpath.api.mm.MmServices;
import io.slowpath.api.oom.OomOutcome;
import io.slowpath.api.oom.OomPolicy;
import io.slowpath.api.reclaim.KswapdPolicy;
import io.slowpath.api.reclaim.ReclaimPolicy;
import io.slowpath.api.trace.DecisionTrace;
import io.slowpath.core.mm.Task;
import io.slowpath.core.sim.SimClock;
import io.slowpath.core.zone.Machine;
import io.slowpath.core.zone.MachineSettings;
import io.slowpath.core.zone.Node;
import io.slowpath.core.zone.Zone;
import io.slowpath.core.zone.ZoneSpec;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * A real one-node machine (ZONE_DMA + ZONE_DMA32, about 490 MiB, one CPU) with {@link Slowpath310} installed over
 * Mockito policies, for driving the slow path branch by branch. The machine is first drained with the bare allocator
 * ({@link NoReclaimSlowPath}) to the state a row needs; every page taken is remembered so that a policy mock can
 * "free" memory by handing some back.
 */
final class SlowpathTestRig {
    /** How much memory is left when the row's allocation starts. */
    enum Memory {
        /** Every zone at (or just under) its min watermark: pages exist only below min. */
        AT_MIN,
        /** Nothing at all: every buddy list and per-CPU list is empty. */
        EMPTY
    }

    /** One jiffy at HZ=250. */
    static final long JIFFY_NS = 4_000_000L;
    /** wait_iff_congested(HZ/50): 20 ms, distinct from every other cost so its time can be traced. */
    static final long CONGESTION_WAIT_NS = 20_000_000L;
    /** Every other simulated cost. */
    static final long STEP_NS = 1_000L;
    static final CostModel COSTS = new CostModel(STEP_NS, STEP_NS, STEP_NS, STEP_NS, STEP_NS, STEP_NS, STEP_NS, STEP_NS,
        STEP_NS, STEP_NS, STEP_NS, CONGESTION_WAIT_NS, JIFFY_NS);

    /** Pages in an aligned group handed back by {@link #release}: order 10, so freed groups merge into big blocks. */
    private static final int GROUP = 1024;

    final Machine machine;
    final BuddyAllocator allocator;
    final SimClock clock = new SimClock();
    final MmServices mm = mock(MmServices.class);
    final KswapdPolicy kswapd = mock(KswapdPolicy.class);
    final ReclaimPolicy reclaim = mock(ReclaimPolicy.class);
    final CompactionPolicy compaction = mock(CompactionPolicy.class);
    final OomPolicy oom = mock(OomPolicy.class);
    final Slowpath310.KswapdWaker waker = mock(Slowpath310.KswapdWaker.class);
    final AllocFailureReporter failures;
    /** The kernel log of the real {@link WarnAllocFailed}, when the rig uses one. */
    final List<String> log = new ArrayList<>();
    final Task task = new Task(4242, 4242, 1, "stress-ng-vm", 1000, 0);
    final Slowpath310 slowpath;
    private final BitSet held = new BitSet();

    /** A rig whose failure reporter is a mock (returning false). */
    SlowpathTestRig(Memory memory, int maxLoops) {
        this(memory, maxLoops, false);
    }

    /**
     * A rig drained to {@code memory}.
     *
     * @param realWarn use a real {@link WarnAllocFailed} writing to {@link #log} instead of a mock reporter
     */
    SlowpathTestRig(Memory memory, int maxLoops, boolean realWarn) {
        machine = Machine.boot(List.of(
            new ZoneSpec(0, ZoneType.DMA, 1, 4095, 3998, 3977),
            new ZoneSpec(0, ZoneType.DMA32, 4096, 126944, 126944, 121485)), MachineSettings.defaults(1));
        allocator = new BuddyAllocator(machine);
        drain(memory);
        when(mm.costs()).thenReturn(COSTS);
        when(mm.machine()).thenReturn(machine);
        when(mm.now()).thenAnswer(inv -> clock.now());
        when(compaction.tryToCompactPages(any(), any())).thenReturn(CompactOutcome.of(CompactResult.COMPACT_SKIPPED));
        when(oom.outOfMemory(any(), any())).thenReturn(OomOutcome.none());
        failures = realWarn ? new WarnAllocFailed(machine, clock, log::add) : mock(AllocFailureReporter.class);
        slowpath = new Slowpath310(mm, () -> task, clock, kswapd, reclaim, compaction, oom, waker, failures, maxLoops);
        allocator.setSlowPath(slowpath);
    }

    /** Makes kswapd's wakeup_kswapd say "schedule me" for every zone. */
    SlowpathTestRig kswapdWantsToRun() {
        when(kswapd.wakeup(any(), any(), anyInt(), anyInt())).thenReturn(true);
        return this;
    }

    private void drain(Memory memory) {
        takeAll(Gfp.GFP_KERNEL);
        if (memory == Memory.EMPTY) {
            takeAll(Gfp.GFP_KERNEL | Gfp.__GFP_MEMALLOC);
            allocator.drainAllPages();
            takeAll(Gfp.GFP_KERNEL | Gfp.__GFP_MEMALLOC);
            for (Zone z : machine.populatedZoneList()) {
                if (z.freePages() != 0 || z.pcpCount(0) != 0) {
                    throw new IllegalStateException("could not empty " + z + ": free " + z.freePages() + ", pcp "
                        + z.pcpCount(0));
                }
            }
        } else if (dma32().freePages() > dma32().minWatermark()) {
            throw new IllegalStateException("DMA32 still above min: " + dma32().freePages());
        }
    }

    private void takeAll(int gfp) {
        for (;;) {
            long pfn = allocator.allocPagesOnSlot(0, gfp, 0);
            if (pfn < 0) {
                return;
            }
            held.set((int) pfn);
        }
    }

    /** Runs the allocation under test on CPU 0 and returns the pfn (or -1). */
    long alloc(int gfp, int order) {
        return allocator.allocPagesOnSlot(0, gfp, order);
    }

    /** The trace of the last slow-path entry. */
    DecisionTrace trace() {
        return slowpath.lastTrace();
    }

    /**
     * Hands back at least {@code atLeast} pages of ZONE_DMA32 straight to the buddy lists (through the shared CPU slot,
     * which has no per-CPU list, so NR_FREE_PAGES rises at once), in whole aligned groups of 1024 pages so that they
     * merge into order-10 blocks.
     *
     * @return the number of pages freed
     */
    int release(long atLeast) {
        Zone z = dma32();
        long first = (z.startPfn() + GROUP - 1) & ~(long) (GROUP - 1);
        int freed = 0;
        for (long base = first; base + GROUP <= z.spec().endPfn() && freed < atLeast; base += GROUP) {
            if (held.get((int) base, (int) base + GROUP).cardinality() != GROUP) {
                continue;
            }
            for (int pfn = (int) base; pfn < base + GROUP; pfn++) {
                allocator.freePagesOnSlot(machine.sharedSlot(), pfn, 0, false);
            }
            held.clear((int) base, (int) base + GROUP);
            freed += GROUP;
        }
        if (freed < atLeast) {
            throw new IllegalStateException("only " + freed + " pages could be released, wanted " + atLeast);
        }
        return freed;
    }

    /** Frees enough of ZONE_DMA32 to put it above its high watermark. */
    int releaseAboveHigh() {
        return release(dma32().highWatermark() + 1);
    }

    /** Frees {@code n} held DMA32 pages onto CPU 0's per-CPU list: they stay out of NR_FREE_PAGES until drained. */
    void parkOnPcp(int n) {
        Zone z = dma32();
        int parked = 0;
        for (int pfn = held.nextSetBit((int) z.startPfn()); parked < n; pfn = held.nextSetBit(pfn + 1)) {
            allocator.freePagesOnSlot(0, pfn, 0, false);
            held.clear(pfn);
            parked++;
        }
    }

    Zone dma() {
        return machine.nodes().get(0).zone(ZoneType.DMA.index());
    }

    Zone dma32() {
        return machine.nodes().get(0).zone(ZoneType.DMA32.index());
    }

    Node node0() {
        return machine.nodes().get(0);
    }

    /** The zonelist the slow path hands to its policies for {@code gfp}: the walked zones up to gfp_zone(gfp). */
    List<Zone> zonelistUpTo(int gfp) {
        var zl = node0().zonelist(Gfp.zonelistIndex(gfp));
        int high = Gfp.gfpZone(gfp).index();
        List<Zone> out = new ArrayList<>();
        for (int i = 0; i < zl.size(); i++) {
            if (zl.get(i).index() <= high) {
                out.add(zl.get(i));
            }
        }
        return out;
    }
}
