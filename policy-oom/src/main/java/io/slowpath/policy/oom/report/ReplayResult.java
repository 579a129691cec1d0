package io.slowpath.policy.oom.report;

import io.slowpath.api.oom.OomOutcome;
import java.util.List;

/**
 * What {@link OomReplay} found for one report: the kernel's decision, the replayed policy's, whether they agree, the
 * totalpages used and where it came from, every task's points and score, which 3.10 root-bonus form reproduces the
 * kernel's score, and the explanations of any difference.
 *
 * @param report           the parsed report
 * @param policy           the replayed policy's name
 * @param kernel           what the kernel did
 * @param replay           what the policy did
 * @param match            whether the selected pid and the score agree
 * @param totalpages       the totalpages of the replay
 * @param totalpagesSource how it was determined
 * @param tasks            every task row with its points and score (stock-3.10 {@code oom_badness})
 * @param rootBonus        the kernel's victim's score under each root-bonus form (empty without a victim row)
 * @param explanations     why the two differ, or what could not be checked; empty when there is nothing to say
 */
public record ReplayResult(ParsedReport report, String policy, Decision kernel, Decision replay, boolean match,
                           long totalpages, String totalpagesSource, List<TaskScore> tasks,
                           List<RootBonusCheck> rootBonus, List<String> explanations) {
    public ReplayResult {
        tasks = List.copyOf(tasks);
        rootBonus = List.copyOf(rootBonus);
        explanations = List.copyOf(explanations);
    }

    /**
     * One side's decision.
     *
     * @param action     KILLED, PANIC, ... ({@link OomOutcome.Action}), or null when the report shows no decision
     * @param pid        the selected task ({@code Kill process N}), or -1
     * @param name       its name, or null
     * @param score      its printed 0..1000 score, or -1
     * @param killedPid  the task that got SIGKILL ({@code Killed process N}: a child or the thread group), or -1
     * @param killedName its name, or null
     */
    public record Decision(OomOutcome.Action action, int pid, String name, long score, int killedPid,
                           String killedName) {
    }

    /**
     * A task row with its badness.
     *
     * @param pid    pid
     * @param name   comm
     * @param uid    uid
     * @param adj    oom_score_adj
     * @param points {@code oom_badness} points (pages)
     * @param score  {@code points * 1000 / totalpages}
     */
    public record TaskScore(int pid, String name, int uid, int adj, long points, long score) {
    }

    /**
     * The kernel's victim scored under one root-bonus form.
     *
     * @param form    {@code 3.10.y}, {@code 3.10.0} or {@code none} (uid 0 without CAP_SYS_ADMIN)
     * @param points  its points
     * @param score   its score
     * @param matches whether that is the printed score
     */
    public record RootBonusCheck(String form, long points, long score, boolean matches) {
    }
}
