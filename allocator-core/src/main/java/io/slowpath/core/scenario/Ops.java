package io.slowpath.core.scenario;

import io.slowpath.api.Gfp;
import io.slowpath.core.mm.Fault;
import io.slowpath.core.mm.MmModel;
import io.slowpath.core.mm.PageCacheResult;
import io.slowpath.core.mm.Task;
import io.slowpath.core.mm.VmaKind;
import io.slowpath.core.sim.SimulatedKernel;
import java.util.HashMap;
import java.util.Map;

/**
 * Every operation a workload performs on the simulated kernel, each recorded as one trace line
 * ({@link TraceFormat}) when a trace is being written. Behaviours and the trace replay both act only through here,
 * so a replay performs exactly the calls the recorded run made.
 */
final class Ops {
    private final SimulatedKernel kernel;
    private final MmModel mm;
    private final TraceSink trace;
    /** The simulated time the running task's step started: every line of one step carries it. */
    long stepTime;
    private long nextHandle = 1;
    /** Kernel allocations by handle: {pfn, order, slab ? 1 : 0}. */
    private final Map<Long, long[]> held = new HashMap<>();

    Ops(SimulatedKernel kernel, MmModel mm, TraceSink trace) {
        this.kernel = kernel;
        this.mm = mm;
        this.trace = trace;
    }

    SimulatedKernel kernel() {
        return kernel;
    }

    MmModel mm() {
        return mm;
    }

    /** Creates a process with its kernel stack and an empty address space; false when the stack allocation failed. */
    boolean spawn(Task t) {
        if (trace != null) {
            trace.begin(stepTime, t.pid(), TraceFormat.SPAWN).append(' ').append(t.name()).append(' ').append(t.uid())
                .append(' ').append(t.oomScoreAdj()).append(' ').append(t.cpu());
            trace.end();
        }
        return mm.spawn(t);
    }

    /** fork() of {@code parent} as {@code childPid}; null when it failed with -ENOMEM. */
    Task fork(Task parent, int childPid) {
        if (trace != null) {
            trace.begin(stepTime, parent.pid(), TraceFormat.FORK).append(' ').append(childPid);
            trace.end();
        }
        return mm.fork(parent, childPid);
    }

    void exit(Task t) {
        if (trace != null) {
            trace.begin(stepTime, t.pid(), TraceFormat.EXIT);
            trace.end();
        }
        mm.exit(t);
    }

    long mmapAnon(Task t, long pages) {
        long start = mm.mmap(t, pages, VmaKind.ANON);
        if (trace != null) {
            trace.begin(stepTime, t.pid(), TraceFormat.MMAP).append(" anon ").append(pages).append(' ').append(start);
            trace.end();
        }
        return start;
    }

    int createFile(Task t, long pages) {
        int id = mm.createFile(pages);
        if (trace != null) {
            trace.begin(stepTime, t.pid(), TraceFormat.FILE).append(' ').append(id).append(' ').append(pages);
            trace.end();
        }
        return id;
    }

    long mmapFile(Task t, int file, long pgoff, long pages) {
        long start = mm.mmapFile(t, file, pgoff, pages);
        if (trace != null) {
            trace.begin(stepTime, t.pid(), TraceFormat.MMAP).append(" file ").append(file).append(' ').append(pgoff)
                .append(' ').append(pages).append(' ').append(start);
            trace.end();
        }
        return start;
    }

    void munmap(Task t, long start, long pages) {
        if (trace != null) {
            trace.begin(stepTime, t.pid(), TraceFormat.MUNMAP).append(' ').append(start).append(' ').append(pages);
            trace.end();
        }
        mm.munmap(t, start, pages);
    }

    Fault touch(Task t, long vpage, boolean write) {
        if (trace != null) {
            trace.begin(stepTime, t.pid(), TraceFormat.TOUCH).append(' ').append(vpage).append(write ? " w" : " r");
            trace.end();
        }
        return mm.touch(t, vpage, write);
    }

    PageCacheResult read(Task t, int file, long offset) {
        if (trace != null) {
            trace.begin(stepTime, t.pid(), TraceFormat.READ).append(' ').append(file).append(' ').append(offset);
            trace.end();
        }
        return mm.readFile(t, file, offset);
    }

    PageCacheResult write(Task t, int file, long offset) {
        if (trace != null) {
            trace.begin(stepTime, t.pid(), TraceFormat.WRITE).append(' ').append(file).append(' ').append(offset);
            trace.end();
        }
        return mm.writeFile(t, file, offset);
    }

    /**
     * {@code count} {@link #read}s (or {@link #write}s) of the pages from {@code offset} on, stopping after the first
     * that fails with ENOMEM or leaves {@code t} with a fatal signal pending.
     *
     * @return the number of pages done before that stop: {@code count} when nothing stopped the run
     */
    int stream(Task t, int file, long offset, int count, boolean write) {
        if (trace == null) {
            return mm.streamFile(t, file, offset, count, write);
        }
        // Recording: one trace line a page, written before the page is done, as read() and write() write them.
        for (int i = 0; i < count; i++) {
            PageCacheResult r = write ? write(t, file, offset + i) : read(t, file, offset + i);
            if (r == PageCacheResult.ENOMEM || t.fatalSignalPending()) {
                return i;
            }
        }
        return count;
    }

    /** A slab block; returns its handle, or -1 when the allocation failed. */
    long slabAlloc(Task t, int gfp, int order) {
        return slabAlloc(t, nextHandle, gfp, order);
    }

    long slabAlloc(Task t, long handle, int gfp, int order) {
        take(handle);
        if (trace != null) {
            trace.begin(stepTime, t.pid(), TraceFormat.SLAB_ALLOC).append(' ').append(handle).append(' ')
                .append(Gfp.toHex(gfp)).append(' ').append(order);
            trace.end();
        }
        long pfn = mm.allocSlab(t, gfp, order);
        if (pfn < 0) {
            return -1;
        }
        held.put(handle, new long[] {pfn, order, 1});
        return handle;
    }

    /** A kernel page allocation ({@code alloc_pages}, e.g. a network receive buffer); its handle or -1. */
    long alloc(Task t, int gfp, int order) {
        return alloc(t, nextHandle, gfp, order);
    }

    long alloc(Task t, long handle, int gfp, int order) {
        take(handle);
        if (trace != null) {
            trace.begin(stepTime, t.pid(), TraceFormat.ALLOC).append(' ').append(handle).append(' ')
                .append(Gfp.toHex(gfp)).append(' ').append(order);
            trace.end();
        }
        long pfn = kernel.allocPages(t, gfp, order);
        if (pfn < 0) {
            return -1;
        }
        held.put(handle, new long[] {pfn, order, 0});
        return handle;
    }

    private void take(long handle) {
        if (handle < nextHandle && held.containsKey(handle)) {
            throw new IllegalArgumentException("handle " + handle + " is still allocated");
        }
        nextHandle = Math.max(nextHandle, handle + 1);
    }

    /** Whether {@code handle} names a block allocated and not yet freed. */
    boolean holds(long handle) {
        return held.containsKey(handle);
    }

    /** Frees the block of {@code handle} (a slab block with {@code slab-free}, a page block with {@code free}). */
    void free(Task t, long handle) {
        long[] h = held.remove(handle);
        if (h == null) {
            throw new IllegalArgumentException("handle " + handle + " is not allocated");
        }
        boolean slab = h[2] == 1;
        if (trace != null) {
            trace.begin(stepTime, t.pid(), slab ? TraceFormat.SLAB_FREE : TraceFormat.FREE).append(' ').append(handle);
            trace.end();
        }
        if (slab) {
            mm.freeSlab(t, h[0]);
        } else {
            kernel.freePages(t, h[0], (int) h[1]);
        }
    }

    /** Whether {@code handle} is a slab block. */
    boolean isSlab(long handle) {
        long[] h = held.get(handle);
        return h != null && h[2] == 1;
    }
}
