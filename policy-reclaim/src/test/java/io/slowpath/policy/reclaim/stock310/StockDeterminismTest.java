package io.slowpath.policy.reclaim.stock310;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.slowpath.api.VmEvent;
import io.slowpath.api.ZoneStatItem;
import io.slowpath.core.mm.Task;
import io.slowpath.core.mm.VmaKind;
import io.slowpath.core.sim.TaskActor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Same workload and seed, same counters: the stock policies add no nondeterminism. */
class StockDeterminismTest {
    private static long[] run(long seed) {
        StockRig rig = StockRig.builder().pages(8192).swap(8192).kswapd().build();
        Task anon = rig.mm.spawn(1000, "anon", 1000, 0);
        Task reader = rig.mm.spawn(1001, "reader", 1000, 0);
        long pages = 12_000;
        long start = rig.mm.mmap(anon, pages, VmaKind.ANON);
        int file = rig.mm.createFile(20_000);
        TaskActor.start(rig.kernel, anon, (k, t, r) -> {
            for (int i = 0; i < 32; i++) {
                rig.mm.touch(t, start + r.nextLong(pages), r.nextInt(4) == 0);
            }
            return 50_000;
        }, seed, 0);
        TaskActor.start(rig.kernel, reader, (k, t, r) -> {
            for (int i = 0; i < 16; i++) {
                rig.mm.readFile(t, file, r.nextInt(20_000));
            }
            return 100_000;
        }, seed, 0);
        rig.kernel.runUntil(10_000_000_000L);
        assertTrue(List.of().equals(rig.mm.audit()));
        VmEvent[] events = VmEvent.all();
        ZoneStatItem[] items = ZoneStatItem.all();
        long[] out = new long[events.length + items.length + 2];
        for (int i = 0; i < events.length; i++) {
            out[i] = rig.event(events[i]);
        }
        for (int i = 0; i < items.length; i++) {
            out[events.length + i] = rig.zone.stat(items[i]);
        }
        out[out.length - 2] = rig.kernel.clock().now();
        out[out.length - 1] = rig.kernel.memstallNs();
        assertTrue(rig.event(VmEvent.PSWPOUT) > 0 && rig.event(VmEvent.PSWPIN) > 0, "swap was used both ways: " + java.util.Arrays.toString(out));
        assertTrue(rig.event("pgsteal_kswapd_dma32") > 0 && rig.event(VmEvent.PGACTIVATE) > 0);
        return out;
    }

    @Test
    void twoRunsWithTheSameSeedGiveTheSameCounters() {
        assertArrayEquals(run(7), run(7));
    }
}
