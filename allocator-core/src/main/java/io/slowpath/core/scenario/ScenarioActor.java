package io.slowpath.core.scenario;

import io.slowpath.api.mm.TaskView;
import io.slowpath.core.mm.Task;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One task of a scenario as an actor of the event loop (as {@link io.slowpath.core.sim.TaskActor} runs a task): a
 * step at a time, as {@code current} on its own simulated CPU, through its phases in order. Its first step spawns
 * the task (unless it was forked); after the last phase the task exits if its group says so. A task with a fatal
 * signal pending (an OOM victim), exiting or gone takes no more steps.
 *
 * <p>Two steps of one task never start at the same simulated time (a step that took no time and asked for no think
 * time is followed one ns later), so a recorded trace can tell steps apart by time; the replay
 * ({@link TraceReplay}) schedules the next step at the same point of the run and at the same time.
 */
final class ScenarioActor {
    private final World world;
    private final Task task;
    private final List<PhaseSpec> phases;
    private final boolean exitWhenDone;
    private final boolean spawn;
    private final TaskRun run;
    private int phaseIndex = -1;
    private Phase phase;
    private long phaseEnd;
    private final Runnable step = this::runStep;

    ScenarioActor(World world, Task task, List<PhaseSpec> phases, boolean exitWhenDone, boolean spawn, int index) {
        this.world = world;
        this.task = task;
        this.phases = phases;
        this.exitWhenDone = exitWhenDone;
        this.spawn = spawn;
        // The same stream as TaskActor's: it depends on the seed and the pid only.
        this.run = new TaskRun(task, world, new SplittableRandom(world.seed() * 0x9E3779B97F4A7C15L + task.pid()),
            index);
    }

    /** Schedules the first step at {@code at}. */
    void start(long at) {
        world.kernel().loop().schedule(at, step);
    }

    private boolean gone() {
        return task.fatalSignalPending() || task.hasFlag(TaskView.PF_EXITING) || !world.mm().hasAddressSpace(task);
    }

    private void runStep() {
        var kernel = world.kernel();
        long stepStart = kernel.clock().now();
        world.ops().stepTime = stepStart;
        if (phaseIndex < 0) {
            if (spawn && !kernel.callAs(task, () -> world.ops().spawn(task))) {
                return;
            }
            nextPhase();
        }
        long think;
        Task saved = kernel.switchCurrent(task);
        try {
            think = stepPhases();
        } finally {
            kernel.restoreCurrent(saved);
        }
        if (think == Phase.DONE) {
            return;
        }
        long next = kernel.clock().now() + think;
        if (phase != null && phaseEnd > 0) {
            next = Math.min(next, Math.max(phaseEnd, kernel.clock().now()));
        }
        kernel.loop().schedule(Math.max(next, stepStart + 1), step);
    }

    /** Steps the current phase, moving on to the next one when it is over; DONE when the task is done. */
    private long stepPhases() {
        while (true) {
            if (gone()) {
                return Phase.DONE;
            }
            if (phase == null) {
                if (exitWhenDone) {
                    world.ops().exit(task);
                }
                return Phase.DONE;
            }
            if (phaseEnd > 0 && run.now() >= phaseEnd) {
                nextPhase();
                continue;
            }
            long think = phase.step(run);
            if (think != Phase.DONE) {
                if (think < 0) {
                    throw new IllegalStateException("phase " + phases.get(phaseIndex).type() + " of " + task
                        + " returned a negative think time " + think);
                }
                return think;
            }
            nextPhase();
        }
    }

    private void nextPhase() {
        phaseIndex++;
        if (phaseIndex >= phases.size()) {
            phase = null;
            return;
        }
        PhaseSpec spec = phases.get(phaseIndex);
        phase = spec.create(run);
        phaseEnd = spec.durationNs() > 0 ? run.now() + spec.durationNs() : 0;
    }
}
