package io.slowpath.core.scenario;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code atomic-burst}: bursts of kernel allocations that cannot sleep, as network receive makes them: every
 * {@code interval} the task allocates {@code burst} bytes in blocks of the {@code orders} in turn (default 0..3)
 * with {@code gfp} (default GFP_ATOMIC), holds them for {@code hold} and frees them. An allocation that fails is
 * not retried (the packet is dropped); without {@code __GFP_NOWARN} it prints {@code page allocation failure}.
 * {@code bursts} limits the number of bursts (0: until its phase or the run ends).
 */
final class AtomicBurst implements PhaseSpec {
    private final long durationNs;
    private final int gfp;
    private final List<Integer> orders;
    private final Size burst;
    private final long intervalNs;
    private final long holdNs;
    private final long bursts;

    AtomicBurst(Spec s) {
        this.durationNs = s.durationNs("duration", 0L);
        this.gfp = s.gfp("gfp", "GFP_ATOMIC");
        this.orders = s.intList("orders", List.of(0, 1, 2, 3), 0, 10);
        this.burst = s.size("burst", Size.ofPercent(2));
        this.intervalNs = s.durationNs("interval", 100_000_000L);
        this.holdNs = s.durationNs("hold", 10_000_000L);
        this.bursts = s.longValue("bursts", 0, 0, Long.MAX_VALUE);
        if (holdNs > intervalNs) {
            throw s.bad("hold", "must not be longer than interval (" + intervalNs + " ns)");
        }
    }

    @Override
    public String type() {
        return "atomic-burst";
    }

    @Override
    public long durationNs() {
        return durationNs;
    }

    @Override
    public Phase create(TaskRun run) {
        long burstPages = burst.pages(run.machinePages());
        List<Long> held = new ArrayList<>();
        return new Phase() {
            private long done;
            private boolean holding;

            @Override
            public long step(TaskRun r) {
                if (holding) {
                    for (long h : held) {
                        r.ops().free(r.task(), h);
                    }
                    held.clear();
                    holding = false;
                    return intervalNs - holdNs;
                }
                if (bursts > 0 && done >= bursts) {
                    return DONE;
                }
                long pages = 0;
                for (int i = 0; pages < burstPages; i++) {
                    int order = orders.get(i % orders.size());
                    long h = r.ops().alloc(r.task(), gfp, order);
                    if (h >= 0) {
                        held.add(h);
                    }
                    pages += 1L << order;
                }
                done++;
                holding = true;
                return holdNs;
            }
        };
    }
}
