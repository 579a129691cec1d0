package io.slowpath.core.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.slowpath.api.Gfp;
import io.slowpath.api.ZoneStatItem;
import io.slowpath.api.ZoneType;
import io.slowpath.core.inject.OffPolicies;
import io.slowpath.core.sim.SimulatedKernel;
import io.slowpath.core.zone.Machine;
import io.slowpath.core.zone.MachineSettings;
import io.slowpath.core.zone.Zone;
import io.slowpath.core.zone.ZoneSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A reclaimable slab cache: its pages, its shrinker callback, and the shrinker list. */
class SlabCacheTest {
    @Test
    void objectsFillSlabPagesAndTheShrinkerFreesUnusedOnesWithTheirPages() {
        ZoneSpec spec = new ZoneSpec(0, ZoneType.DMA32, 4096, 8192, 8192, 8192);
        SimulatedKernel k = SimulatedKernel.builder(Machine.boot(List.of(spec), MachineSettings.defaults(1)))
            .policies(OffPolicies.kswapd(), OffPolicies.reclaim(), OffPolicies.compaction(), OffPolicies.oom())
            .build();
        MmModel mm = k.mm();
        Zone z = k.machine().populatedZoneList().get(0);
        Task t = mm.spawn(1000, "t", 1000, 0);
        SlabCache dentry = mm.createSlabCache("dentry", 21, 2, 1024, true);
        assertEquals(List.of(dentry), k.services().shrinkers());
        assertEquals(1000, dentry.alloc(t, 1000));
        assertEquals(48, dentry.pages(), "ceil(1000 / 21) slab pages");
        assertEquals(48, z.stat(ZoneStatItem.NR_SLAB_RECLAIMABLE));
        assertEquals(0, dentry.shrink(k.services(), Gfp.GFP_KERNEL, 0), "nothing unused: nothing to free");
        dentry.release(600);
        assertEquals(600, dentry.shrink(k.services(), Gfp.GFP_KERNEL, 0));
        assertEquals(-1, dentry.shrink(k.services(), Gfp.GFP_NOFS, 100), "a filesystem cache needs __GFP_FS");
        assertEquals(500, dentry.shrink(k.services(), Gfp.GFP_KERNEL, 100));
        assertEquals(43, dentry.pages(), "900 objects: ceil(900 / 21) = 43 pages");
        assertEquals(43, z.stat(ZoneStatItem.NR_SLAB_RECLAIMABLE));
        assertEquals(0, dentry.shrink(k.services(), Gfp.GFP_KERNEL, 10_000));
        assertEquals(20, dentry.pages(), "400 in use: 20 pages");
        assertThrows(IllegalArgumentException.class, () -> dentry.release(401));
        assertEquals(List.of(), mm.audit());
        assertTrue(dentry.toString().contains("dentry"));
    }
}
