package io.slowpath.core.sim;

import io.slowpath.core.mm.Task;
import java.util.SplittableRandom;

/**
 * A task as an actor of the event loop: it runs one step of its behaviour at a time, as {@code current} on its own
 * simulated CPU, and schedules its next step after the simulated time the step took plus the think time the
 * behaviour asks for. A task with a fatal signal pending (an OOM victim) stops taking steps; its exit is the kernel's.
 */
public final class TaskActor {
    /** What a task does, one step at a time. */
    @FunctionalInterface
    public interface Behaviour {
        /** Returned by {@link #step} when the task has nothing more to do. */
        long DONE = -1;

        /**
         * Runs one step (faults, reads, allocations through the kernel).
         *
         * @param random the task's own random stream, seeded from the simulation seed
         * @return the think time in simulated ns before the next step, or {@link #DONE}
         */
        long step(SimulatedKernel kernel, Task task, SplittableRandom random);
    }

    private final SimulatedKernel kernel;
    private final Task task;
    private final Behaviour behaviour;
    private final SplittableRandom random;
    private long steps;
    private boolean finished;

    private TaskActor(SimulatedKernel kernel, Task task, Behaviour behaviour, long seed) {
        this.kernel = kernel;
        this.task = task;
        this.behaviour = behaviour;
        // Each task's stream depends on the seed and its pid only, so adding a task does not change the others'.
        this.random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + task.pid());
    }

    /** Starts {@code task} at simulated time {@code at}. */
    public static TaskActor start(SimulatedKernel kernel, Task task, Behaviour behaviour, long seed, long at) {
        TaskActor a = new TaskActor(kernel, task, behaviour, seed);
        kernel.loop().schedule(at, a::runStep);
        return a;
    }

    private void runStep() {
        if (task.fatalSignalPending() || task.hasFlag(io.slowpath.api.mm.TaskView.PF_EXITING)) {
            finished = true;
            return;
        }
        long think = kernel.callAs(task, () -> behaviour.step(kernel, task, random));
        steps++;
        if (think == Behaviour.DONE) {
            finished = true;
            return;
        }
        if (think < 0) {
            throw new IllegalStateException("behaviour of " + task + " returned a negative think time " + think);
        }
        kernel.loop().schedule(kernel.clock().now() + think, this::runStep);
    }

    /** Steps run so far. */
    public long steps() {
        return steps;
    }

    /** Whether the task stopped (done, killed or exiting). */
    public boolean finished() {
        return finished;
    }
}
