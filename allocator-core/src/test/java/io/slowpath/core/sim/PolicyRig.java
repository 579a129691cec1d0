package io.slowpath.core.sim;

import io.slowpath.api.NodeView;
import io.slowpath.api.ZoneType;
import io.slowpath.api.ZoneView;
import io.slowpath.api.compaction.CompactOutcome;
import io.slowpath.api.compaction.CompactRequest;
import io.slowpath.api.compaction.CompactResult;
import io.slowpath.api.compaction.CompactionPolicy;
import io.slowpath.api.mm.MmServices;
import io.slowpath.api.oom.OomPolicy;
import io.slowpath.api.oom.OomRequest;
import io.slowpath.api.oom.OomOutcome;
import io.slowpath.api.reclaim.KswapdPolicy;
import io.slowpath.api.reclaim.ReclaimPolicy;
import io.slowpath.core.mm.MmConfig;
import io.slowpath.core.mm.MmModel;
import io.slowpath.core.zone.Machine;
import io.slowpath.core.zone.MachineSettings;
import io.slowpath.core.zone.Zone;
import io.slowpath.core.zone.ZoneSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * A real simulated kernel for the toy policies: one node, one 64 MiB ZONE_DMA32 (16384 pages), one CPU, THP off,
 * the chosen reclaim, compaction and OOM policies (kswapd off unless given), and its memory-management model.
 */
final class PolicyRig {
    static final ZoneSpec DMA32 = new ZoneSpec(0, ZoneType.DMA32, 4096, 16384, 16384, 16384);

    final SimulatedKernel kernel;
    final MmModel mm;
    final MmServices services;
    final Zone zone;

    PolicyRig(ReclaimPolicy reclaim, CompactionPolicy compaction, OomPolicy oom, long swapPages) {
        kernel = SimulatedKernel.builder(Machine.boot(List.of(DMA32), MachineSettings.defaults(1)))
            .policies(offKswapd(), reclaim, compaction, oom)
            .mmConfig(MmConfig.defaults().withSwapPages(swapPages))
            .build();
        mm = kernel.mm();
        services = kernel.services();
        zone = kernel.machine().populatedZoneList().get(0);
    }

    /** Free pages with the per-CPU lists drained. */
    long free() {
        kernel.allocator().drainAllPages();
        return zone.freePages();
    }

    /** Free blocks of order 9 or more. */
    long hugeFreeBlocks() {
        kernel.allocator().drainAllPages();
        return zone.freeArea().nrFree(9) + zone.freeArea().nrFree(10);
    }

    static KswapdPolicy offKswapd() {
        return io.slowpath.core.inject.OffPolicies.kswapd();
    }

    static CompactionPolicy offCompaction() {
        return io.slowpath.core.inject.OffPolicies.compaction();
    }

    /** An OOM policy that kills nobody and records its calls. */
    static final class RecordingOom implements OomPolicy {
        final List<OomRequest> calls = new ArrayList<>();

        @Override
        public OomOutcome outOfMemory(MmServices s, OomRequest request) {
            calls.add(request);
            return OomOutcome.none();
        }
    }
}
