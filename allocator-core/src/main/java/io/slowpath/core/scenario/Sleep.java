package io.slowpath.core.scenario;

/** {@code sleep}: the task does nothing for {@code duration} (it keeps its memory). */
final class Sleep implements PhaseSpec {
    private final long durationNs;

    Sleep(Spec s) {
        this.durationNs = s.durationNs("duration", null);
        if (durationNs <= 0) {
            throw s.bad("duration", "a sleep needs a positive duration");
        }
    }

    @Override
    public String type() {
        return "sleep";
    }

    @Override
    public long durationNs() {
        return durationNs;
    }

    @Override
    public Phase create(TaskRun run) {
        // The actor caps the think time at the phase's end.
        return r -> durationNs;
    }
}
