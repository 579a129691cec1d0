package io.slowpath.policy.compaction.stock310;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.slowpath.api.Gfp;
import io.slowpath.api.MigrateType;
import io.slowpath.api.VmEvent;
import io.slowpath.api.ZoneStatItem;
import io.slowpath.api.compaction.CompactOutcome;
import io.slowpath.api.compaction.CompactRequest;
import io.slowpath.api.compaction.CompactResult;
import io.slowpath.api.compaction.CompactionOps;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A zone fragmented on purpose (see {@link CompactionRig#fragment}): sync compaction builds an order-9 block out of
 * the nearly empty RESERVE and UNMOVABLE pageblocks; async compaction, which only scans MOVABLE pageblocks, spends its targets on
 * full MOVABLE blocks and builds none, leaving skip bits on the blocks it passed over, as 3.10 does.
 */
class FragmentedZoneTest {
    private static CompactOutcome compact(CompactionRig r, boolean sync) {
        CompactRequest req = new CompactRequest(List.of(r.zone), 9, Gfp.GFP_TRANSHUGE, Gfp.gfpZone(Gfp.GFP_TRANSHUGE)
            .index(), MigrateType.MOVABLE.index(), sync);
        return r.kernel.callAs(r.task, () -> r.policy.tryToCompactPages(r.kernel.services(), req));
    }

    private static long event(CompactionRig r, VmEvent e) {
        return r.kernel.machine().event(e);
    }

    @Test
    void syncCompactionBuildsAnOrder9Block() {
        CompactionRig r = new CompactionRig();
        r.fragment();
        assertArrayEquals(new int[] {0, 3, 4, 5, 6}, r.holey);
        assertEquals(0, r.hugeFreeBlocks(), "fragmented: no free block of order 9 or 10");
        long free = r.free();
        assertEquals(CompactResult.COMPACT_CONTINUE, r.policy.compactionSuitable(r.kernel.services(), r.zone, 9));

        CompactOutcome out = compact(r, true);

        assertFalse(out.contended());
        assertTrue(out.result().compareTo(CompactResult.COMPACT_PARTIAL) >= 0, out.toString());
        assertEquals(0, anonPages(r, 0), "the RESERVE pageblock was emptied");
        assertEquals(0, anonPages(r, 3), "and the first UNMOVABLE one");
        assertTrue(r.hugeFreeBlocks() >= 2, "two free order-9 blocks: enough for zone_watermark_ok at order 9");
        assertTrue(r.kernel.allocPages(r.task, Gfp.GFP_TRANSHUGE, 9) >= 0, "an order-9 allocation succeeds");
        assertEquals(free - 512, r.free(), "migration neither freed nor leaked pages");
        assertEquals(1, event(r, VmEvent.COMPACT_STALL));
        long migrated = event(r, VmEvent.PGMIGRATE_SUCCESS);
        assertTrue(migrated >= 128 + 126 + 480 + 128 && migrated <= 1000, "pgmigrate_success " + migrated);
        assertEquals(0, event(r, VmEvent.PGMIGRATE_FAIL));
        assertTrue(event(r, VmEvent.COMPACT_MIGRATE_SCANNED) >= 512);
        assertTrue(event(r, VmEvent.COMPACT_FREE_SCANNED) > 0);
        assertTrue(event(r, VmEvent.COMPACT_ISOLATED) >= 2 * migrated, "sources and targets count");
        assertEquals(0, r.zone.stat(ZoneStatItem.NR_ISOLATED_ANON), "nothing left isolated");
        assertEquals(List.of(), r.mm.audit());
    }

    @Test
    void asyncCompactionOnlyScansMovablePageblocksAndBuildsNothingHere() {
        CompactionRig r = new CompactionRig();
        r.fragment();
        CompactionOps ops = r.kernel.services().compactionOps();

        CompactOutcome out = compact(r, false);

        assertEquals(CompactResult.COMPACT_COMPLETE, out.result(), "the scanners met");
        assertEquals(0, r.hugeFreeBlocks(), "no order-9 block: the nearly empty blocks are not MOVABLE");
        assertEquals(1000, event(r, VmEvent.PGMIGRATE_SUCCESS), "it used every target on MOVABLE blocks in use");
        for (int b : r.holey) {
            assertTrue(ops.pageblockSkip(r.block(b)), "async passed over pageblock " + b + " and marked it");
            assertEquals(128, anonPages(r, b), "pageblock " + b + " untouched");
        }
        assertTrue(r.policy.blockskipFlush(r.zone), "a direct compaction ran to COMPLETE: kswapd may flush");

        // The same zone, now sync: the skip bits left by async hide the nearly empty blocks ...
        compact(r, true);
        for (int b : r.holey) {
            assertEquals(128, anonPages(r, b), "skip hints keep sync out of pageblock " + b);
        }
        // ... until kswapd goes to sleep and resets them (reset_isolation_suitable), or compaction restarts.
        r.policy.resetIsolationSuitable(r.kernel.services(), r.kernel.machine().nodes().get(0));
        for (int b = 0; b < 32; b++) {
            assertFalse(ops.pageblockSkip(r.block(b)), "pageblock " + b + " skip bit cleared");
        }
        assertEquals(r.zone.startPfn(), r.policy.cachedMigratePfn(r.zone));
        assertEquals(r.zone.startPfn() + r.zone.spannedPages(), r.policy.cachedFreePfn(r.zone));
        assertFalse(r.policy.blockskipFlush(r.zone));
        compact(r, true);
        assertEquals(0, anonPages(r, 0), "after the reset sync compaction empties the RESERVE block");
        assertEquals(List.of(), r.mm.audit());
    }

    private static int anonPages(CompactionRig r, int block) {
        int n = 0;
        for (long p = r.block(block); p < r.block(block) + CompactionRig.BLOCK; p++) {
            if (r.mm.pages().isAnon(p)) {
                n++;
            }
        }
        return n;
    }

    @Test
    void migratedPagesKeepTheirOwnersMappingsAndCacheSlots() {
        CompactionRig r = new CompactionRig();
        // Page-cache pages among the anonymous ones: read a file before filling the zone, mapped by a second task.
        int file = r.mm.createFile(256);
        for (long off = 0; off < 256; off++) {
            r.mm.readFile(r.task, file, off);
        }
        long[] cachedBefore = new long[256];
        for (int off = 0; off < 256; off++) {
            cachedBefore[off] = r.mm.pageCachePfn(file, off);
        }
        r.fragment();
        long[] before = new long[r.touched];
        for (int i = 0; i < r.touched; i++) {
            before[i] = r.mm.pfnAt(r.task, r.vpages[i]);
        }
        long rss = r.task.anonRss();

        compact(r, true);

        long moved = 0;
        for (int i = 0; i < r.touched; i++) {
            long v = r.vpages[i];
            long pfn = r.mm.pfnAt(r.task, v);
            if (before[i] < 0) {
                assertEquals(-1, pfn, "an unmapped page stays unmapped");
                continue;
            }
            assertTrue(pfn >= 0, "vpage " + v + " is still present");
            assertEquals(List.of(1000), r.mm.mapperPids(pfn), "the owning task still maps vpage " + v);
            assertEquals(v, r.mm.pages().index(pfn), "the page keeps its index");
            moved += pfn != before[i] ? 1 : 0;
        }
        long cacheMoved = 0;
        for (int off = 0; off < 256; off++) {
            long pfn = r.mm.pageCachePfn(file, off);
            assertTrue(pfn >= 0, "the page cache still finds offset " + off);
            assertTrue(r.mm.pages().isFile(pfn));
            cacheMoved += pfn != cachedBefore[off] ? 1 : 0;
        }
        assertEquals(event(r, VmEvent.PGMIGRATE_SUCCESS), moved + cacheMoved, "each migration moved one page");
        assertTrue(moved > 0);
        assertEquals(rss, r.task.anonRss());
        assertEquals(List.of(), r.mm.audit(), "the mm audit recomputes every counter and mapping");
    }
}
