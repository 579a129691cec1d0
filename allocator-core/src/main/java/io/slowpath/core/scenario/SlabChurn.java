package io.slowpath.core.scenario;

import java.util.ArrayDeque;

/**
 * {@code slab}: kernel-side allocations made on the task's behalf (dentries, inodes, socket buffers): slab blocks of
 * {@code order} with {@code gfp} (with {@code __GFP_RECLAIMABLE} they count as NR_SLAB_RECLAIMABLE), {@code rate}
 * allocations per simulated second, {@code live} of them held at a time (the oldest is freed to make room; 0 keeps
 * every block: a kernel-memory leak), {@code count} in all (0: until its phase or the run ends).
 */
final class SlabChurn extends CommonPhaseSpec {
    private final int gfp;
    private final int order;
    private final long rate;
    private final long live;
    private final long count;

    SlabChurn(Spec s) {
        super(Common.read(s, "slab", 1, 0));
        this.gfp = s.gfp("gfp", "GFP_KERNEL");
        this.order = s.intValue("order", 0, 0, 10);
        this.rate = s.longValue("rate", 1000, 1, 1_000_000_000);
        this.live = s.longValue("live", 1000, 0, Long.MAX_VALUE);
        this.count = s.longValue("count", 0, 0, Long.MAX_VALUE);
    }

    @Override
    public Phase create(TaskRun run) {
        long think = Math.max(1, common.batch() * 1_000_000_000L / rate);
        ArrayDeque<Long> held = new ArrayDeque<>();
        return new Phase() {
            private long done;

            @Override
            public long step(TaskRun r) {
                for (int n = 0; n < common.batch(); n++) {
                    if (count > 0 && done >= count) {
                        return DONE;
                    }
                    if (live > 0 && held.size() >= live) {
                        r.ops().free(r.task(), held.removeFirst());
                    }
                    long h = r.ops().slabAlloc(r.task(), gfp, order);
                    done++;
                    if (h < 0) {
                        return r.backoff(common.retryNs());
                    }
                    held.addLast(h);
                }
                return think;
            }
        };
    }
}
