package io.slowpath.core.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.slowpath.api.Gfp;
import io.slowpath.api.NodeView;
import io.slowpath.api.ZoneView;
import io.slowpath.api.compaction.CompactionPolicy;
import io.slowpath.api.mm.MmServices;
import io.slowpath.api.reclaim.KswapdPolicy;
import io.slowpath.core.inject.OffPolicies;
import io.slowpath.core.mm.Task;
import io.slowpath.core.zone.Machine;
import io.slowpath.core.zone.MachineSettings;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

/** kswapd_try_to_sleep calls reset_isolation_suitable(pgdat) each time kswapd goes to sleep, never while it runs on. */
class KswapdSleepResetTest {
    @Test
    void theCompactionPolicyHearsKswapdGoingToSleep() {
        KswapdPolicy kswapd = mock(KswapdPolicy.class);
        when(kswapd.wakeup(any(), any(ZoneView.class), anyInt(), anyInt())).thenReturn(true);
        when(kswapd.run(any(), any(NodeView.class))).thenReturn(1_000L, KswapdPolicy.SLEEP);
        CompactionPolicy compaction = mock(CompactionPolicy.class);
        SimulatedKernel k = SimulatedKernel.builder(Machine.boot(List.of(PolicyRig.DMA32), MachineSettings.defaults(1)))
            .policies(kswapd, OffPolicies.reclaim(), compaction, OffPolicies.oom())
            .build();
        Task t = new Task(1000, 1000, 1, "app", 0, 0);
        k.addTask(t);
        long pfn;
        do {
            pfn = k.allocPages(t, Gfp.GFP_KERNEL, 0);
        } while (pfn >= 0 && !k.kswapdRunning(0));
        assertTrue(k.kswapdRunning(0), "an allocation below the low watermark woke kswapd");
        k.runUntil(k.clock().now() + 500);
        verify(compaction, never()).resetIsolationSuitable(any(MmServices.class), any(NodeView.class));
        k.runUntil(k.clock().now() + 10_000);
        InOrder order = inOrder(kswapd, compaction);
        order.verify(kswapd, times(2)).run(any(), any(NodeView.class));
        order.verify(compaction).resetIsolationSuitable(any(MmServices.class), any(NodeView.class));
    }
}
