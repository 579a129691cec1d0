package io.slowpath.core.scenario;

/**
 * The settings every working phase shares: {@code duration} (0: until the work is done), {@code batch} (operations
 * per step), {@code think} (simulated time between steps) and {@code retry} (the wait after an operation failed
 * for lack of memory before the task tries it again).
 */
record Common(String type, long durationNs, int batch, long thinkNs, long retryNs) {
    static Common read(Spec s, String type, int batch, long thinkNs) {
        return new Common(type, s.durationNs("duration", 0L), s.intValue("batch", batch, 1, 1 << 20),
            s.durationNs("think", thinkNs), s.durationNs("retry", 1_000_000L));
    }
}
