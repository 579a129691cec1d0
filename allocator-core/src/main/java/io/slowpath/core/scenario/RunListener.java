package io.slowpath.core.scenario;

import io.slowpath.api.trace.DecisionTrace;

/**
 * Receives what a {@link ScenarioRunner} run does while it runs. Every method is a no-op by default; all are called
 * on the thread that runs the simulation.
 */
public interface RunListener {
    /** A listener that ignores everything. */
    RunListener NONE = new RunListener() {
    };

    /**
     * Simulated time done so far, called after every sample interval.
     *
     * @param simulatedNs simulated ns done
     * @param totalNs     the scenario's simulated duration
     */
    default void progress(long simulatedNs, long totalNs) {
    }

    /**
     * One kernel log line as it is printed (an OOM report or {@code page allocation failure} warning line, ...),
     * with the kernel's {@code "[%5lu.%06lu] "} time stamp in simulated time.
     */
    default void kernelLog(String line) {
    }

    /** The decision trace of every {@code __alloc_pages_slowpath} entry, as it returns. */
    default void decisionTrace(DecisionTrace trace) {
    }
}
