package io.slowpath.core.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.slowpath.api.ZoneStatItem;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The audit the other tests rely on does notice each kind of inconsistency. */
class MmAuditTest {
    private final MmFixture f = MmFixture.withSwap(10);
    private final Task t = f.mm.spawn(1000, "worker", 1000, 0);
    private long start;

    private void populate() {
        start = f.mm.mmap(t, 4, VmaKind.ANON);
        for (int i = 0; i < 4; i++) {
            f.mm.touch(t, start + i, true);
        }
        assertEquals(List.of(), f.mm.audit());
    }

    private void assertReported(String fragment) {
        List<String> errors = f.mm.audit();
        assertTrue(errors.stream().anyMatch(e -> e.contains(fragment)), "expected '" + fragment + "' in " + errors);
    }

    @Test
    void aWrongRssCounterIsReported() {
        populate();
        t.anonRss++;
        assertReported("MM_ANONPAGES/MM_FILEPAGES/MM_SWAPENTS are 5/0/0 but its entries give 4/0/0");
    }

    @Test
    void aWrongZoneCounterIsReported() {
        populate();
        f.zone.modStat(0, ZoneStatItem.NR_ANON_PAGES, 1);
        assertReported("nr_anon_pages is 5 but the model holds 4");
    }

    @Test
    void aWrongMapcountIsReported() {
        populate();
        f.mm.pages().addMapcount(f.mm.pfnAt(t, start), 1);
        assertReported("mapcount 2 but 1 entries map it");
    }

    @Test
    void aBrokenReverseMapIsReported() {
        populate();
        long pfn = f.mm.pfnAt(t, start);
        f.mm.pages().set(pfn, PageFlags.KIND_ANON, PageFlags.PG_SWAPBACKED, f.mm.anonVmaOf(t), (int) start + 1, 1);
        assertReported("which does not lead back here");
    }

    @Test
    void aWrongSwapCountIsReported() {
        populate();
        f.mm.swapOut(f.mm.pfnAt(t, start));
        f.mm.swap().dup(f.mm.swapSlotAt(t, start));
        assertReported("has count 2 but 1 entries hold it");
    }
}
