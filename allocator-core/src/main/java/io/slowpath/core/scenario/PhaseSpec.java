package io.slowpath.core.scenario;

/**
 * A parsed phase of a task group: its type, its simulated duration (0: until its work is done) and a factory of
 * the per-task {@link Phase}.
 */
interface PhaseSpec {
    /** The phase type as written in the scenario file (e.g. {@code anon-hog}). */
    String type();

    /** The phase's simulated duration, or 0 when it ends with its work. */
    long durationNs();

    /** A new phase for one task (sizes in percent are resolved against the machine here). */
    Phase create(TaskRun run);
}
