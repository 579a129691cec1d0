package io.slowpath.core.alloc;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The kernel functions the simulated path is in right now, by name: what {@code dump_stack()} would show of the
 * caller's stack. The code that models a function pushes its name on entry and pops it on exit (the page-fault entry,
 * the allocation site, {@code __alloc_pages_nodemask}, {@code __alloc_pages_slowpath}, {@code out_of_memory}, ...).
 * Single-threaded, as the simulated kernel's event loop is.
 */
public final class CallStack {
    private final Deque<String> frames = new ArrayDeque<>();

    /** Enters {@code function}. */
    public void push(String function) {
        frames.push(function);
    }

    /**
     * Leaves the innermost function.
     *
     * @throws IllegalStateException when the stack is empty (unbalanced push and pop)
     */
    public void pop() {
        if (frames.isEmpty()) {
            throw new IllegalStateException("call stack underflow");
        }
        frames.pop();
    }

    /** The functions, innermost first. */
    public List<String> innermostFirst() {
        return new ArrayList<>(frames);
    }
}
