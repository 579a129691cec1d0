package io.slowpath.core.alloc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The kernel functions the simulated path is in right now, by name: what {@code dump_stack()} would show of the
 * caller's stack. The code that models a function pushes its name on entry and pops it on exit (the page-fault entry,
 * the allocation site, {@code __alloc_pages_nodemask}, {@code __alloc_pages_slowpath}, {@code out_of_memory}, ...).
 * Single-threaded, as the simulated kernel's event loop is.
 */
public final class CallStack {
    /** Outermost first; a plain array because every fault and allocation pushes and pops several frames. */
    private String[] frames = new String[16];
    private int depth;

    /** Enters {@code function}. */
    public void push(String function) {
        Objects.requireNonNull(function, "function");
        if (depth == frames.length) {
            frames = Arrays.copyOf(frames, depth * 2);
        }
        frames[depth++] = function;
    }

    /**
     * Leaves the innermost function.
     *
     * @throws IllegalStateException when the stack is empty (unbalanced push and pop)
     */
    public void pop() {
        if (depth == 0) {
            throw new IllegalStateException("call stack underflow");
        }
        frames[--depth] = null;
    }

    /** The functions, innermost first. */
    public List<String> innermostFirst() {
        List<String> out = new ArrayList<>(depth);
        for (int i = depth - 1; i >= 0; i--) {
            out.add(frames[i]);
        }
        return out;
    }
}
