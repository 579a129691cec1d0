package io.slowpath.policy.reclaim.stock310;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.slowpath.api.Gfp;
import io.slowpath.api.VmEvent;
import io.slowpath.api.ZoneStatItem;
import io.slowpath.api.reclaim.ReclaimRequest;
import io.slowpath.core.mm.SlabCache;
import io.slowpath.core.mm.Task;
import java.util.List;
import org.junit.jupiter.api.Test;

/** shrink_slab worked by hand (spec part 2, section 10) over a real reclaimable slab cache. */
class ShrinkSlabTest {
    @Test
    void slabIsAgedInProportionToTheLruScanWithTheRemainderDeferred() {
        StockRig rig = StockRig.builder().build();
        Task t = rig.mm.spawn(1000, "t", 1000, 0);
        SlabCache dentry = rig.mm.createSlabCache("dentry", 21, 2, 0, true);
        assertEquals(10_000, dentry.alloc(t, 10_000));
        dentry.release(10_000);
        assertEquals(477, dentry.pages(), "ceil(10000 / 21)");
        Vmscan vs = rig.vmscan();

        ScanControl sc = new ScanControl(Gfp.GFP_KERNEL, false, 0, 32, true);
        sc.nrScanned = 1000;
        // delta = 4 * 1000 / 2 = 2000, * 10000 / (9999 + 1) = 2000 < 10000 / 4: capped at 5000, so 2000.
        // 15 batches of 128 = 1920 objects; 80 deferred.
        assertEquals(1920, vs.shrinkSlab(sc, 9_999));
        assertEquals(1920, rig.event(VmEvent.SLABS_SCANNED));
        assertEquals(8080, dentry.unused());
        assertEquals(385, dentry.pages(), "ceil(8080 / 21)");
        assertEquals(477 - 385, sc.nrReclaimed, "the slab pages given back count as reclaimed");

        ScanControl sc2 = new ScanControl(Gfp.GFP_KERNEL, false, 0, 32, true);
        // nr_scanned 0 counts as 32: delta = 64 * 8080 / 10000 = 51; with the 80 deferred: 131, one batch.
        assertEquals(128, vs.shrinkSlab(sc2, 9_999));
        assertEquals(2048, rig.event(VmEvent.SLABS_SCANNED));
        assertEquals(7952, dentry.unused());

        ScanControl nofs = new ScanControl(Gfp.GFP_NOFS, false, 0, 32, true);
        nofs.nrScanned = 1000;
        assertEquals(0, vs.shrinkSlab(nofs, 9_999), "a filesystem shrinker refuses without __GFP_FS");
        assertEquals(2048, rig.event(VmEvent.SLABS_SCANNED));
        assertEquals(List.of(), rig.mm.audit());
    }

    @Test
    void directReclaimMakesProgressFromSlabAlone() {
        StockRig rig = StockRig.builder().build();
        Task t = rig.mm.spawn(1000, "t", 1000, 0);
        SlabCache inode = rig.mm.createSlabCache("inode_cache", 7, 2, 0, true);
        inode.alloc(t, 7 * 2000);
        inode.release(7 * 2000);
        long slab = rig.zone.stat(ZoneStatItem.NR_SLAB_RECLAIMABLE);
        long progress = rig.reclaim.tryToFreePages(rig.services, new ReclaimRequest(List.of(rig.zone), 0,
            Gfp.GFP_KERNEL, rig.zone.type().index()));
        long freed = slab - rig.zone.stat(ZoneStatItem.NR_SLAB_RECLAIMABLE);
        assertTrue(freed >= 32, "slab pages freed: " + freed);
        assertEquals(freed, progress, "progress is the slab pages reclaimed");
        assertEquals(1, rig.event(VmEvent.ALLOCSTALL));
        assertEquals(0, rig.event("pgsteal_direct_dma32"), "no LRU page was freed");
    }
}
