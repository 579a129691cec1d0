package io.slowpath.api.trace;

import java.util.List;

/**
 * What one slow-path entry decided, step by step, in the vocabulary of the kernel's {@code __alloc_pages_slowpath}.
 *
 * @param gfp    the slow path's gfp mask
 * @param order  the order
 * @param steps  the steps in the order they ran
 * @param result the pfn handed out, or -1
 * @param exit   the step that ended the call (e.g. {@code GOT_PG after S14}, {@code NOPAGE after S8})
 */
public record DecisionTrace(int gfp, int order, List<TraceStep> steps, long result, String exit) {
    public DecisionTrace {
        steps = List.copyOf(steps);
    }

    /** Whether the allocation succeeded. */
    public boolean succeeded() {
        return result >= 0;
    }

    /** The step names in order, e.g. {@code [S3, S4, S6, S8, S19]}. */
    public List<String> stepNames() {
        return steps.stream().map(TraceStep::step).toList();
    }

    /** Total simulated time spent in the slow path. */
    public long spentNs() {
        return steps.stream().mapToLong(TraceStep::spentNs).sum();
    }

    /** The trace as lines: one per step, {@code S6 get_page_from_freelist: fail ...}. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("__alloc_pages_slowpath(gfp_mask=0x%x, order=%d)%n", gfp, order));
        for (TraceStep s : steps) {
            sb.append(String.format("  %-4s %-32s %s  [+%d ns]%n", s.step(), s.function(), s.outcome(), s.spentNs()));
        }
        sb.append("  => ").append(exit).append(result >= 0 ? " (pfn " + result + ")" : "").append('\n');
        return sb.toString();
    }
}
