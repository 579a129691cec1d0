package io.slowpath.bench;

import io.slowpath.api.ZoneType;
import io.slowpath.api.mm.MmServices;
import io.slowpath.api.reclaim.ReclaimPolicy;
import io.slowpath.api.reclaim.ReclaimRequest;
import io.slowpath.core.inject.OffPolicies;
import io.slowpath.core.mm.MmModel;
import io.slowpath.core.mm.Task;
import io.slowpath.core.mm.VmaKind;
import io.slowpath.core.sim.SimulatedKernel;
import io.slowpath.core.zone.Machine;
import io.slowpath.core.zone.MachineSettings;
import io.slowpath.core.zone.Zone;
import io.slowpath.core.zone.ZoneSpec;
import io.slowpath.policy.compaction.stock310.Stock310Compaction;
import java.util.List;

/**
 * A simulated kernel with one NORMAL zone of a given size for the compaction benchmarks: the stock 3.10 compaction,
 * an LRU-keeping reclaim policy that frees nothing, kswapd and OOM off, and one task. {@link #fragment} fills the
 * zone with anonymous pages and unmaps every other one in its lower three quarters: free holes, no free buddies.
 */
final class FragmentedZone {
    final SimulatedKernel kernel;
    final MmModel mm;
    final Zone zone;
    final Stock310Compaction policy = new Stock310Compaction();
    final Task task;

    FragmentedZone(long mib) {
        long pages = mib * 256;
        Machine m = Machine.boot(List.of(new ZoneSpec(0, ZoneType.NORMAL, BenchMachines.START_PFN, pages, pages,
            pages)), MachineSettings.defaults(1));
        kernel = SimulatedKernel.builder(m)
            .policies(OffPolicies.kswapd(), new LruKeeper(), policy, OffPolicies.oom())
            .build();
        mm = kernel.mm();
        zone = m.populatedZoneList().get(0);
        task = mm.spawn(1000, "bench", 1000, 0);
    }

    /** Fills the zone to its low watermark with small anonymous pages, then unmaps every other page of the lower 3/4. */
    FragmentedZone fragment() {
        long[] vpageOfPfn = new long[(int) (zone.startPfn() + zone.spannedPages())];
        long vma = -1;
        int touched = 0;
        long stop = zone.lowWatermark() + 64;
        while (true) {
            if (touched % 4096 == 0) {
                kernel.allocator().drainAllPages();
                if (zone.freePages() <= stop + 4096) {
                    break;
                }
            }
            if (touched % 256 == 0) {
                vma = mm.mmap(task, 256, VmaKind.ANON); // too small for a huge page
            }
            long v = vma + touched % 256;
            mm.touch(task, v, true);
            vpageOfPfn[(int) mm.pfnAt(task, v)] = v + 1;
            touched++;
        }
        long end = zone.startPfn() + zone.spannedPages() * 3 / 4;
        for (long p = zone.startPfn(); p < end; p += 2) {
            if (vpageOfPfn[(int) p] > 0) {
                mm.munmap(task, vpageOfPfn[(int) p] - 1, 1);
            }
        }
        kernel.allocator().drainAllPages();
        return this;
    }

    /** Keeps every user page on an LRU list so compaction can isolate it; reclaims nothing. */
    static final class LruKeeper implements ReclaimPolicy {
        @Override
        public long tryToFreePages(MmServices mm, ReclaimRequest request) {
            return 0;
        }

        @Override
        public void pageAdded(MmServices mm, long pfn) {
            mm.pageOps().addToLru(pfn);
        }

        @Override
        public void pageRemoved(MmServices mm, long pfn) {
            mm.pageOps().deleteFromLru(pfn);
        }
    }
}
