package io.slowpath.api.trace;

/**
 * One step of a slow-path decision trace.
 *
 * @param step     the step of the 3.10 flowchart, e.g. {@code S6}
 * @param function the kernel function the step models, e.g. {@code get_page_from_freelist}
 * @param outcome  what happened, e.g. {@code fail (ALLOC_WMARK_MIN)} or {@code page 123456 from Normal}
 * @param startNs  simulated time when the step began
 * @param spentNs  simulated time the step took
 */
public record TraceStep(String step, String function, String outcome, long startNs, long spentNs) {
}
