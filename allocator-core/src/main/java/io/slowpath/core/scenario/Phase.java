package io.slowpath.core.scenario;

/** One phase of one task's behaviour, run a step at a time by its {@link ScenarioActor}. */
interface Phase {
    /** Returned by {@link #step} when the phase is over. */
    long DONE = -1;

    /**
     * Runs one step: operations through {@link TaskRun#ops()}.
     *
     * @return the think time in simulated ns before the next step, or {@link #DONE}
     */
    long step(TaskRun run);
}
