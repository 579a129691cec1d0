package io.slowpath.core.sim;

import java.util.PriorityQueue;

/**
 * A deterministic discrete-event loop: actions run in order of simulated time, ties broken by the order they were
 * scheduled, so the same inputs always run in the same order.
 */
public final class EventLoop {
    private record Event(long time, long seq, Runnable action) implements Comparable<Event> {
        @Override
        public int compareTo(Event o) {
            int c = Long.compare(time, o.time);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final SimClock clock;
    private final PriorityQueue<Event> queue = new PriorityQueue<>();
    private long seq;

    /** A loop over {@code clock}. */
    public EventLoop(SimClock clock) {
        this.clock = clock;
    }

    /** The clock. */
    public SimClock clock() {
        return clock;
    }

    /** Schedules {@code action} at simulated time {@code time} (not before now). */
    public void schedule(long time, Runnable action) {
        queue.add(new Event(Math.max(time, 0), seq++, action));
    }

    /** Runs events until none is left or the next is after {@code until}; returns the events run. */
    public long runUntil(long until) {
        long n = 0;
        while (!queue.isEmpty() && queue.peek().time() <= until) {
            Event e = queue.poll();
            // Each actor runs on its own simulated CPU: a step starts at its own scheduled time.
            clock.setNow(e.time());
            e.action().run();
            n++;
        }
        return n;
    }

    /** Whether no event is pending. */
    public boolean isEmpty() {
        return queue.isEmpty();
    }

    /** The time of the next event, or Long.MAX_VALUE. */
    public long nextTime() {
        return queue.isEmpty() ? Long.MAX_VALUE : queue.peek().time();
    }
}
