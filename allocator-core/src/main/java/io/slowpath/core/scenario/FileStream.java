package io.slowpath.core.scenario;

import io.slowpath.core.mm.PageCacheResult;
import io.slowpath.core.mm.Task;

/**
 * {@code file-stream}: a task reading ({@code mode = read}) or writing ({@code mode = write}) a file of
 * {@code size} from start to end through the page cache, {@code passes} times (0: until its phase or the run
 * ends): a backup, a log writer, a streaming reader larger than memory. A page-cache allocation that fails is
 * retried after {@code retry}.
 */
final class FileStream extends CommonPhaseSpec {
    private final Size size;
    private final boolean write;
    private final long passes;

    FileStream(Spec s) {
        super(Common.read(s, "file-stream", 16, 0));
        this.size = s.size("size", null);
        this.write = s.choice("mode", "read", "read", "write").equals("write");
        this.passes = s.longValue("passes", 1, 0, Long.MAX_VALUE);
    }

    @Override
    public Phase create(TaskRun run) {
        long pages = size.pages(run.machinePages());
        return new Phase() {
            private int file = -1;
            private long offset;
            private long pass;

            @Override
            public long step(TaskRun r) {
                Task t = r.task();
                Ops ops = r.ops();
                if (file < 0) {
                    file = ops.createFile(t, pages);
                }
                int n = 0;
                while (n < common.batch()) {
                    if (passes > 0 && pass >= passes) {
                        return DONE;
                    }
                    int count = (int) Math.min(common.batch() - n, Math.max(1, pages - offset));
                    int done = ops.stream(t, file, offset, count, write);
                    offset += done;
                    if (done < count) {
                        // ENOMEM, or a fatal signal after the page was done: retry from that page, as one read at a
                        // time would.
                        return r.backoff(common.retryNs());
                    }
                    n += count;
                    if (offset == pages) {
                        offset = 0;
                        pass++;
                    }
                }
                return passes > 0 && pass >= passes ? DONE : common.thinkNs();
            }
        };
    }
}
