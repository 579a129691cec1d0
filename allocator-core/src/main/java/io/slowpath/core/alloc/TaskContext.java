package io.slowpath.core.alloc;

import io.slowpath.core.mm.Task;

/** Who is allocating now: the slow path reads {@code current}'s flags and runs on its CPU slot. */
public interface TaskContext {
    /** {@code current}. */
    Task current();
}
