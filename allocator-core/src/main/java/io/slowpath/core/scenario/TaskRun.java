package io.slowpath.core.scenario;

import io.slowpath.core.mm.Task;
import java.util.SplittableRandom;

/** What a {@link Phase} of one task works with: the task, the operations, its random stream and the world. */
final class TaskRun {
    private final Task task;
    private final World world;
    private final SplittableRandom random;
    private final int index;
    private int failures;
    private long lastFailureNs;
    private long lastWaitNs;

    TaskRun(Task task, World world, SplittableRandom random, int index) {
        this.task = task;
        this.world = world;
        this.random = random;
        this.index = index;
    }

    Task task() {
        return task;
    }

    Ops ops() {
        return world.ops();
    }

    World world() {
        return world;
    }

    SplittableRandom random() {
        return random;
    }

    /** The task's index within its group (0-based). */
    int index() {
        return index;
    }

    /** The machine's managed pages (what sizes in percent are of). */
    long machinePages() {
        return world.machinePages();
    }

    /**
     * The wait before retrying an operation that failed for lack of memory: {@code baseNs}, doubled for each further
     * failure that comes soon after the previous one (within four times its wait), up to 1024 times, so a task the
     * kernel can neither serve nor kill does not spin; a failure after a quiet spell waits {@code baseNs} again.
     */
    long backoff(long baseNs) {
        long now = now();
        if (failures > 0 && now - lastFailureNs > 4 * lastWaitNs + baseNs) {
            failures = 0;
        }
        long wait = baseNs << Math.min(failures, 10);
        failures++;
        lastFailureNs = now;
        lastWaitNs = wait;
        return wait;
    }

    long now() {
        return world.kernel().clock().now();
    }
}
