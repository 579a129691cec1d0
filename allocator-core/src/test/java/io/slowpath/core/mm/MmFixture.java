package io.slowpath.core.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.slowpath.api.NodeView;
import io.slowpath.api.VmEvent;
import io.slowpath.api.ZoneStatItem;
import io.slowpath.api.ZoneType;
import io.slowpath.api.ZoneView;
import io.slowpath.api.compaction.CompactOutcome;
import io.slowpath.api.compaction.CompactRequest;
import io.slowpath.api.compaction.CompactResult;
import io.slowpath.api.compaction.CompactionPolicy;
import io.slowpath.api.mm.MmServices;
import io.slowpath.api.oom.OomOutcome;
import io.slowpath.api.oom.OomPolicy;
import io.slowpath.api.reclaim.KswapdPolicy;
import io.slowpath.api.reclaim.ReclaimPolicy;
import io.slowpath.api.reclaim.ReclaimRequest;
import io.slowpath.core.sim.SimulatedKernel;
import io.slowpath.core.zone.Machine;
import io.slowpath.core.zone.MachineSettings;
import io.slowpath.core.zone.Zone;
import io.slowpath.core.zone.ZoneSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * A real simulated kernel (one node, one 256 MiB ZONE_DMA32 of 65536 pages, one CPU) with policies that do nothing
 * (kswapd never wakes, reclaim and compaction make no progress, the OOM killer kills nobody), an {@link MmModel} over
 * it, and a reclaim policy that records its hooks. {@link #check()} asserts every invariant the model promises.
 */
final class MmFixture {
    static final ZoneSpec DMA32 = new ZoneSpec(0, ZoneType.DMA32, 4096, 65536, 65536, 65536);

    /** The hook calls the model made, in order, as "added 1234", "removed 1234", "accessed 1234". */
    final List<String> hooks = new ArrayList<>();
    final SimulatedKernel kernel;
    final MmModel mm;
    final Zone zone;

    MmFixture() {
        this(MachineSettings.defaults(1), MmConfig.defaults(), 10_000);
    }

    MmFixture(MachineSettings settings, MmConfig config, int maxSlowpathLoops) {
        kernel = SimulatedKernel.builder(Machine.boot(List.of(DMA32), settings))
            .policies(offKswapd(), offReclaim(), offCompaction(), offOom())
            .maxSlowpathLoops(maxSlowpathLoops)
            .build();
        mm = new MmModel(kernel, recordingHooks(), config);
        zone = kernel.machine().populatedZoneList().get(0);
    }

    static MmFixture withSwap(long pages) {
        return new MmFixture(MachineSettings.defaults(1), MmConfig.defaults().withSwapPages(pages), 10_000);
    }

    static MmFixture withThp() {
        return new MmFixture(MachineSettings.defaults(1).withThp(true), MmConfig.defaults(), 10_000);
    }

    /** Asserts the model's audit finds nothing and that, per-CPU lists drained, free + held pages = managed. */
    void check() {
        assertEquals(List.of(), mm.audit(), "model audit");
        kernel.allocator().drainAllPages();
        assertEquals(zone.managedPages(), zone.freePages() + mm.pagesInUse(),
            "free pages + pages the model holds = managed pages");
    }

    long free() {
        kernel.allocator().drainAllPages();
        return zone.freePages();
    }

    long stat(ZoneStatItem item) {
        return zone.stat(item);
    }

    long event(VmEvent e) {
        return kernel.machine().event(e);
    }

    private ReclaimPolicy recordingHooks() {
        return new ReclaimPolicy() {
            @Override
            public long tryToFreePages(MmServices services, ReclaimRequest request) {
                return 0;
            }

            @Override
            public void pageAdded(MmServices services, long pfn) {
                hooks.add("added " + pfn);
            }

            @Override
            public void pageSplit(MmServices services, long headPfn) {
                hooks.add("split " + headPfn);
            }

            @Override
            public void pageRemoved(MmServices services, long pfn) {
                hooks.add("removed " + pfn);
            }

            @Override
            public void pageAccessed(MmServices services, long pfn) {
                hooks.add("accessed " + pfn);
            }
        };
    }

    List<Integer> mapperPids(long pfn) {
        return mm.mapperPids(pfn);
    }

    long hookCount(String prefix) {
        return hooks.stream().filter(h -> h.startsWith(prefix + " ")).count();
    }

    static KswapdPolicy offKswapd() {
        return io.slowpath.core.inject.OffPolicies.kswapd();
    }

    static ReclaimPolicy offReclaim() {
        return io.slowpath.core.inject.OffPolicies.reclaim();
    }

    static CompactionPolicy offCompaction() {
        return io.slowpath.core.inject.OffPolicies.compaction();
    }

    static OomPolicy offOom() {
        return (services, request) -> OomOutcome.none();
    }
}
