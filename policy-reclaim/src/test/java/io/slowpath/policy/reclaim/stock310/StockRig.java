package io.slowpath.policy.reclaim.stock310;

import io.slowpath.api.VmEvent;
import io.slowpath.api.ZoneType;
import io.slowpath.api.mm.MmServices;
import io.slowpath.api.oom.OomOutcome;
import io.slowpath.api.oom.OomPolicy;
import io.slowpath.api.oom.OomRequest;
import io.slowpath.api.reclaim.KswapdPolicy;
import io.slowpath.core.inject.OffPolicies;
import io.slowpath.core.mm.MmConfig;
import io.slowpath.core.mm.MmModel;
import io.slowpath.core.sim.SimulatedKernel;
import io.slowpath.core.zone.Machine;
import io.slowpath.core.zone.MachineSettings;
import io.slowpath.core.zone.Zone;
import io.slowpath.core.zone.ZoneSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * A real simulated kernel with the stock 3.10 reclaim policy: one node with one ZONE_DMA32 of the given size, one
 * CPU, THP off, compaction off, a recording OOM policy (or the one given), kswapd stock or off.
 */
final class StockRig {
    final SimulatedKernel kernel;
    final MmModel mm;
    final MmServices services;
    final Zone zone;
    final StockReclaim310 reclaim;
    final KswapdPolicy kswapd;
    final OomPolicy oom;

    private StockRig(Builder b) {
        this.reclaim = new StockReclaim310(b.settings);
        this.kswapd = b.kswapd ? new StockKswapd310(reclaim) : OffPolicies.kswapd();
        this.oom = b.oom != null ? b.oom : new RecordingOom();
        ZoneSpec spec = new ZoneSpec(0, ZoneType.DMA32, 4096, b.pages, b.pages, b.pages);
        kernel = SimulatedKernel.builder(Machine.boot(List.of(spec), MachineSettings.defaults(1).withThp(b.thp)))
            .policies(kswapd, reclaim, b.compaction != null ? b.compaction : OffPolicies.compaction(), oom)
            .mmConfig(MmConfig.defaults().withSwapPages(b.swapPages))
            .maxSlowpathLoops(b.maxLoops)
            .build();
        mm = kernel.mm();
        services = kernel.services();
        zone = kernel.machine().populatedZoneList().get(0);
    }

    static Builder builder() {
        return new Builder();
    }

    /** The rig's options. */
    static final class Builder {
        long pages = 16_384;
        long swapPages;
        boolean kswapd;
        boolean thp;
        OomPolicy oom;
        io.slowpath.api.compaction.CompactionPolicy compaction;
        int maxLoops = 10_000;
        /** Compaction is off in the rig unless given: a kernel without CONFIG_COMPACTION. */
        StockReclaimSettings settings = StockReclaimSettings.defaults().withCompaction(false);
        boolean settingsGiven;

        Builder pages(long n) {
            pages = n;
            return this;
        }

        Builder swap(long n) {
            swapPages = n;
            return this;
        }

        /** Transparent huge pages on ({@code /sys/kernel/mm/transparent_hugepage/enabled = always}). */
        Builder thp() {
            thp = true;
            return this;
        }

        Builder kswapd() {
            kswapd = true;
            return this;
        }

        Builder oom(OomPolicy p) {
            oom = p;
            return this;
        }

        /** A compaction policy (with the {@code compaction} knob on, as CONFIG_COMPACTION). */
        Builder compaction(io.slowpath.api.compaction.CompactionPolicy p) {
            compaction = p;
            if (!settingsGiven) {
                settings = settings.withCompaction(true);
            }
            return this;
        }

        Builder maxLoops(int n) {
            maxLoops = n;
            return this;
        }

        Builder settings(StockReclaimSettings s) {
            settings = s;
            settingsGiven = true;
            return this;
        }

        StockRig build() {
            return new StockRig(this);
        }
    }

    /** The reclaim machinery of the rig's kernel. */
    Vmscan vmscan() {
        return reclaim.vmscan(services);
    }

    Lru lru() {
        return vmscan().lru();
    }

    Lruvec lruvec() {
        return lru().lruvec(zone);
    }

    /** Free pages with the per-CPU lists drained. */
    long free() {
        kernel.allocator().drainAllPages();
        return zone.freePages();
    }

    long event(VmEvent e) {
        return kernel.machine().event(e);
    }

    long event(String procName) {
        return kernel.machine().event(VmEvent.ofProcName(procName));
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
