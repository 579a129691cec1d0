package io.slowpath.core.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.slowpath.api.Gfp;
import io.slowpath.api.mm.MmServices;
import io.slowpath.api.reclaim.Shrinker;
import io.slowpath.core.inject.OffPolicies;
import io.slowpath.core.mm.Task;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a reclaim policy may change of a zone through {@link MmServices}, and how the allocator resets it. */
class ZoneReclaimStateTest {
    @Test
    void pagesScannedAndAllUnreclaimableAreResetWhenPagesReturnToTheBuddyLists() {
        PolicyRig rig = new PolicyRig(OffPolicies.reclaim(), PolicyRig.offCompaction(), new PolicyRig.RecordingOom(), 0);
        MmServices s = rig.services;
        Task t = rig.mm.spawn(1000, "t", 1000, 0);
        long pfn = rig.kernel.allocPages(t, Gfp.GFP_KERNEL, 0);
        s.addPagesScanned(rig.zone, 96);
        s.addPagesScanned(rig.zone, 4);
        s.setAllUnreclaimable(rig.zone, true);
        assertEquals(100, rig.zone.pagesScanned());
        assertTrue(rig.zone.allUnreclaimable());
        rig.kernel.freePages(t, pfn, 0); // lands on the per-CPU list: no reset yet
        assertEquals(100, rig.zone.pagesScanned(), "an order-0 free to a per-CPU list does not reset it");
        rig.kernel.allocator().drainAllPages(); // free_pcppages_bulk
        assertEquals(0, rig.zone.pagesScanned());
        assertFalse(rig.zone.allUnreclaimable());
        s.setAllUnreclaimable(rig.zone, true);
        s.setAllUnreclaimable(rig.zone, false);
        assertFalse(rig.zone.allUnreclaimable());
        assertThrows(IllegalArgumentException.class, () -> s.addPagesScanned(rig.zone, -1));
    }

    @Test
    void shrinkersAreListedInRegistrationOrder() {
        PolicyRig rig = new PolicyRig(OffPolicies.reclaim(), PolicyRig.offCompaction(), new PolicyRig.RecordingOom(), 0);
        Shrinker a = (mm, gfp, n) -> 0;
        Shrinker b = (mm, gfp, n) -> 0;
        int before = rig.services.shrinkers().size();
        rig.kernel.registerShrinker(a);
        rig.kernel.registerShrinker(b);
        List<? extends Shrinker> all = rig.services.shrinkers();
        assertEquals(before + 2, all.size());
        assertEquals(a, all.get(before));
        assertEquals(b, all.get(before + 1));
        assertThrows(UnsupportedOperationException.class, () -> all.remove(0));
    }

    @Test
    void compactionConfiguredIsTheCompactionPolicysAnswer() {
        PolicyRig off = new PolicyRig(OffPolicies.reclaim(), PolicyRig.offCompaction(), new PolicyRig.RecordingOom(), 0);
        assertFalse(off.services.compactionConfigured(), "off: a kernel without CONFIG_COMPACTION");
        PolicyRig proactive = new PolicyRig(OffPolicies.reclaim(), new ProactiveCompactionPolicy(1_000_000_000L),
            new PolicyRig.RecordingOom(), 0);
        assertTrue(proactive.services.compactionConfigured(), "any other policy says yes unless it says otherwise");
    }
}
