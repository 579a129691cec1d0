package io.slowpath.core.scenario;

import io.slowpath.core.mm.Fault;
import io.slowpath.core.mm.Task;
import java.util.SplittableRandom;

/**
 * {@code working-set}: a task accessing a mapping of {@code size} (anonymous, or a shared file mapping with
 * {@code backing = file}) with an access pattern: {@code uniform}, {@code zipf} (exponent {@code zipf-exponent})
 * or {@code hot-cold} ({@code hot-probability} of the accesses go to the first {@code hot-fraction} of the pages);
 * {@code write-ratio} of them are writes. It runs {@code accesses} accesses (0: until its phase or the run ends).
 */
final class WorkingSet extends CommonPhaseSpec {
    private final Size size;
    private final boolean file;
    private final Pattern pattern;
    private final double zipfExponent;
    private final double hotFraction;
    private final double hotProbability;
    private final double writeRatio;
    private final long accesses;

    WorkingSet(Spec s) {
        super(Common.read(s, "working-set", 16, 1_000_000));
        this.size = s.size("size", null);
        this.file = s.choice("backing", "anon", "anon", "file").equals("file");
        this.pattern = switch (s.choice("pattern", "uniform", "uniform", "zipf", "hot-cold")) {
            case "zipf" -> Pattern.ZIPF;
            case "hot-cold" -> Pattern.HOT_COLD;
            default -> Pattern.UNIFORM;
        };
        this.zipfExponent = s.doubleValue("zipf-exponent", 1.0, 0.01, 10);
        this.hotFraction = s.doubleValue("hot-fraction", 0.1, 0.0001, 1);
        this.hotProbability = s.doubleValue("hot-probability", 0.9, 0, 1);
        this.writeRatio = s.doubleValue("write-ratio", 0.3, 0, 1);
        this.accesses = s.longValue("accesses", 0, 0, Long.MAX_VALUE);
    }

    /** The access patterns, resolved once from the setting's name (a pick runs on every access). */
    private enum Pattern { UNIFORM, ZIPF, HOT_COLD }

    @Override
    public Phase create(TaskRun run) {
        long pages = size.pages(run.machinePages());
        return new State(pages, pattern == Pattern.ZIPF ? new Zipf(pages, zipfExponent) : null);
    }

    private final class State implements Phase {
        private final long pages;
        private final Zipf zipf;
        private final long hot;
        private long start = -1;
        private long done;

        State(long pages, Zipf zipf) {
            this.pages = pages;
            this.zipf = zipf;
            this.hot = Math.max(1, (long) (pages * hotFraction));
        }

        private long pick(SplittableRandom r) {
            return switch (pattern) {
                case ZIPF -> zipf.sample(r) - 1;
                case HOT_COLD -> r.nextDouble() < hotProbability || hot == pages ? r.nextLong(hot)
                    : hot + r.nextLong(pages - hot);
                case UNIFORM -> r.nextLong(pages);
            };
        }

        @Override
        public long step(TaskRun run) {
            Task t = run.task();
            Ops ops = run.ops();
            if (start < 0) {
                start = file ? ops.mmapFile(t, ops.createFile(t, pages), 0, pages) : ops.mmapAnon(t, pages);
            }
            SplittableRandom r = run.random();
            for (int n = 0; n < common.batch(); n++) {
                if (accesses > 0 && done >= accesses) {
                    return DONE;
                }
                long page = pick(r);
                boolean write = r.nextDouble() < writeRatio;
                Fault f = ops.touch(t, start + page, write);
                if (f == Fault.OOM || t.fatalSignalPending()) {
                    return run.backoff(common.retryNs());
                }
                done++;
            }
            return common.thinkNs();
        }
    }
}
