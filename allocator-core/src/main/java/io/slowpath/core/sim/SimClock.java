package io.slowpath.core.sim;

/**
 * Simulated time in nanoseconds. The actor running now has its own cursor, which {@link #spend} moves forward; the
 * event loop sets it when an actor starts a step and reads it when the step ends.
 */
public final class SimClock {
    private long now;

    /** The running actor's time. */
    public long now() {
        return now;
    }

    /** Moves the running actor's time forward. */
    public void spend(long ns) {
        if (ns < 0) {
            throw new IllegalArgumentException("cannot spend negative time: " + ns);
        }
        now += ns;
    }

    /** Sets the time (the event loop, at the start of a step). */
    public void setNow(long ns) {
        now = ns;
    }
}
