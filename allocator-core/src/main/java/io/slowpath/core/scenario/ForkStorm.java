package io.slowpath.core.scenario;

import io.slowpath.core.mm.Fault;
import io.slowpath.core.mm.Task;
import java.util.List;

/**
 * {@code fork-storm}: a parent that writes {@code size} of anonymous memory, then forks {@code children} children,
 * one every {@code interval} (a pre-forking server under load, a shell loop). Each child writes
 * {@code child-touch} of the inherited memory (copy-on-write copies), lives {@code child-lifetime} and exits.
 * A fork that fails with -ENOMEM is skipped.
 */
final class ForkStorm extends CommonPhaseSpec {
    private final Size size;
    private final long children;
    private final long intervalNs;
    private final long lifetimeNs;
    private final Size childTouch;

    ForkStorm(Spec s) {
        super(Common.read(s, "fork-storm", 64, 0));
        this.size = s.size("size", Size.ofPercent(5));
        this.children = s.longValue("children", 50, 1, 10_000_000);
        this.intervalNs = s.durationNs("interval", 20_000_000L);
        this.lifetimeNs = s.durationNs("child-lifetime", 100_000_000L);
        this.childTouch = s.size("child-touch", Size.ofPercent(1));
    }

    @Override
    public Phase create(TaskRun run) {
        long pages = size.pages(run.machinePages());
        long touch = Math.min(pages, childTouch.pages(run.machinePages()));
        return new Phase() {
            private long start = -1;
            private long filled;
            private long forked;

            @Override
            public long step(TaskRun r) {
                Task t = r.task();
                Ops ops = r.ops();
                if (start < 0) {
                    start = ops.mmapAnon(t, pages);
                }
                if (filled < pages) {
                    for (int n = 0; n < common.batch() && filled < pages; n++) {
                        Fault f = ops.touch(t, start + filled, true);
                        if (f == Fault.OOM || t.fatalSignalPending()) {
                            return r.backoff(common.retryNs());
                        }
                        filled++;
                    }
                    return common.thinkNs();
                }
                if (forked >= children) {
                    return DONE;
                }
                forked++;
                World w = r.world();
                Task child = ops.fork(t, w.allocPid());
                if (child != null) {
                    PhaseSpec life = new ChildLife(start, touch, lifetimeNs, common);
                    // Started right after the fork, within the parent's step: the replay does the same.
                    new ScenarioActor(w, child, List.of(life), true, false, 0).start(r.now());
                }
                return intervalNs;
            }
        };
    }

    /** A forked child: writes {@code touch} pages from {@code start}, then lives out {@code lifetimeNs}. */
    private record ChildLife(long start, long touch, long lifetimeNs, Common common) implements PhaseSpec {
        @Override
        public String type() {
            return "fork-storm child";
        }

        @Override
        public long durationNs() {
            return lifetimeNs;
        }

        @Override
        public Phase create(TaskRun run) {
            return new Phase() {
                private long done;

                @Override
                public long step(TaskRun r) {
                    if (done >= touch) {
                        return lifetimeNs;
                    }
                    for (int n = 0; n < common.batch() && done < touch; n++) {
                        Fault f = r.ops().touch(r.task(), start + done, true);
                        if (f == Fault.OOM || r.task().fatalSignalPending()) {
                            return r.backoff(common.retryNs());
                        }
                        done++;
                    }
                    return common.thinkNs();
                }
            };
        }
    }
}
