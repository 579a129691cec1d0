package io.slowpath.core.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.slowpath.api.VmEvent;
import io.slowpath.api.ZoneStatItem;
import io.slowpath.core.mm.Fault;
import io.slowpath.core.mm.Task;
import io.slowpath.core.mm.VmaKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Two reclaim policies the kernel does not have, each driving a real kernel and memory-management model through the
 * SPI only: FIFO and a toy multi-generational LRU.
 */
class ToyReclaimPolicyTest {
    private static final long SWAP = 32_768;

    @Test
    void fifoReclaimKeepsAnAnonymousHogGoingAndSwapsTheOldestPagesFirst() {
        FifoReclaimPolicy fifo = new FifoReclaimPolicy();
        PolicyRig.RecordingOom oom = new PolicyRig.RecordingOom();
        PolicyRig rig = new PolicyRig(fifo, PolicyRig.offCompaction(), oom, SWAP);
        Task hog = rig.mm.spawn(1000, "hog", 1000, 0);
        long n = 24_000;
        long start = rig.mm.mmap(hog, n, VmaKind.ANON);
        for (long i = 0; i < n; i++) {
            assertEquals(Fault.MINOR, rig.mm.touch(hog, start + i, true), "write fault at page " + i);
        }
        long out = rig.kernel.machine().event(VmEvent.PSWPOUT);
        assertTrue(out >= n - PolicyRig.DMA32.managedPages(), "more than the zone holds was swapped: " + out);
        assertEquals(List.of(), oom.calls, "reclaim always made progress: no OOM kill attempted");
        assertEquals(out, fifo.reclaimed.size());
        assertEquals(out, hog.swapEntries());
        assertEquals(n - out, hog.anonRss());
        for (long i = 0; i < n; i++) {
            boolean swapped = rig.mm.swapSlotAt(hog, start + i) >= 0;
            assertEquals(i < out, swapped, "the oldest " + out + " pages, and only they, are in swap: page " + i);
        }
        assertEquals(SWAP - out, rig.services.pages().swapFreePages());
        assertEquals(fifo.size(), rig.zone.stat(ZoneStatItem.NR_ACTIVE_ANON), "addToLru counted each listed page");
        assertEquals(0, rig.zone.stat(ZoneStatItem.NR_ISOLATED_ANON), "every isolated page was freed or put back");
        assertTrue(rig.kernel.memstallNs(1000) >= out * rig.kernel.services().costs().swapOutIoNs(),
            "the hog stalled for at least the swap-out I/O it waited for");
        assertEquals(List.of(), rig.mm.audit());
    }

    @Test
    void generationsProtectAHotSetThatFifoSwapsOut() {
        PolicyRig fifoRig = new PolicyRig(new FifoReclaimPolicy(), PolicyRig.offCompaction(),
            new PolicyRig.RecordingOom(), SWAP);
        Result fifo = hotColdWorkload(fifoRig);
        assertTrue(fifo.swappedOut > 0);
        assertTrue(fifo.majorFaults > 0, "FIFO evicts the hot pages (oldest) and faults them back in");

        GenerationalReclaimPolicy gens = new GenerationalReclaimPolicy(1_000_000_000L, 1024);
        PolicyRig rig = new PolicyRig(gens, PolicyRig.offCompaction(), new PolicyRig.RecordingOom(), SWAP);
        gens.start(rig.services);
        Result lru = hotColdWorkload(rig);
        assertTrue(lru.swappedOut > 0, "the cold stream was swapped out");
        assertEquals(0, lru.majorFaults, "no hot page was ever evicted");
        assertEquals(0, lru.hotSwapped);
        assertTrue(gens.agingPasses > 10 && gens.promoted >= HOT, "aging ran and promoted the hot set");
        assertEquals(List.of(), rig.mm.audit());
    }

    private static final int HOT = 512;

    private record Result(long swappedOut, long majorFaults, long hotSwapped) {
    }

    /** 512 hot pages read again after every 256 new cold pages, 2 ms of think time each round. */
    private static Result hotColdWorkload(PolicyRig rig) {
        Task t = rig.mm.spawn(1000, "hotcold", 1000, 0);
        int cold = 24_000;
        long start = rig.mm.mmap(t, HOT + cold, VmaKind.ANON);
        for (int i = 0; i < HOT; i++) {
            assertEquals(Fault.MINOR, rig.mm.touch(t, start + i, true));
        }
        for (int c = 0; c < cold; c++) {
            assertEquals(Fault.MINOR, rig.mm.touch(t, start + HOT + c, true));
            if (c % 256 == 255) {
                for (int i = 0; i < HOT; i++) {
                    Fault f = rig.mm.touch(t, start + i, false);
                    assertTrue(f == Fault.NONE || f == Fault.MAJOR, "hot read: " + f);
                }
                rig.kernel.clock().spend(2_000_000);
                rig.kernel.runPending();
            }
        }
        long hotSwapped = 0;
        for (int i = 0; i < HOT; i++) {
            if (rig.mm.swapSlotAt(t, start + i) >= 0) {
                hotSwapped++;
            }
        }
        return new Result(rig.kernel.machine().event(VmEvent.PSWPOUT), rig.kernel.machine().event(VmEvent.PGMAJFAULT),
            hotSwapped);
    }

    @Test
    void theToyPoliciesUseOnlyTheApi() throws Exception {
        for (String name : List.of("FifoReclaimPolicy", "GenerationalReclaimPolicy", "ProactiveCompactionPolicy",
            "PsiOomPolicy")) {
            Path src = Path.of("src/test/java/io/slowpath/core/sim/" + name + ".java");
            Assumptions.assumeTrue(Files.exists(src), src + " absent: skipping");
            List<String> imports = Files.readAllLines(src).stream()
                .filter(l -> l.startsWith("import io.slowpath.")).toList();
            assertTrue(imports.stream().allMatch(l -> l.startsWith("import io.slowpath.api.")),
                name + " imports only io.slowpath.api: " + imports);
        }
    }
}
