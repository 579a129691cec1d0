package io.slowpath.api.oom;

/**
 * What the OOM killer did.
 *
 * @param action    what happened
 * @param victimPid the pid killed, or 0
 * @param points    the victim's badness points ({@code oom_badness}), or 0
 */
public record OomOutcome(Action action, int victimPid, long points) {
    /** The possible results of one {@code out_of_memory} call. */
    public enum Action {
        /** A victim was sent SIGKILL and marked {@code TIF_MEMDIE}. */
        KILLED,
        /** The caller itself was exiting or had a fatal signal: it got {@code TIF_MEMDIE}, nobody was killed. */
        CURRENT_MEMDIE,
        /** The scan found a victim still dying and gave up (no kill). */
        ABORTED,
        /** No victim and nothing to do (a policy may decline to kill). */
        NONE,
        /** The kernel panicked ({@code panic_on_oom}, or no killable process). */
        PANIC
    }

    /** Nobody killed. */
    public static OomOutcome none() {
        return new OomOutcome(Action.NONE, 0, 0);
    }

    /** A kill of {@code pid} with {@code points}. */
    public static OomOutcome killed(int pid, long points) {
        return new OomOutcome(Action.KILLED, pid, points);
    }
}
