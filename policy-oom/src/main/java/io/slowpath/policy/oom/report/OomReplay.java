package io.slowpath.policy.oom.report;

import io.slowpath.api.Gfp;
import io.slowpath.api.mm.TaskView;
import io.slowpath.api.oom.OomOutcome;
import io.slowpath.api.oom.OomPolicy;
import io.slowpath.api.oom.OomRequest;
import io.slowpath.policy.oom.stock310.OomBadness;
import io.slowpath.policy.oom.stock310.RootBonus;
import io.slowpath.policy.oom.stock310.Stock310OomPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replays a report: asks an OOM policy which task it would kill on the report's machine with the report's tasks
 * ({@link ReplayServices}), and compares with what the kernel did.
 *
 * <p>totalpages: for a global OOM {@code totalram_pages + total_swap_pages}, with {@code totalram_pages = pages RAM -
 * pages reserved} (measured on real 3.10 kernels; the sum of the zones' {@code managed:} when those lines are missing)
 * and {@code Total swap / 4} (0 without swap lines). For a memcg OOM, the memcg limit, or {@code min(limit + total
 * swap, memory+swap limit)}: with a memory+swap limit that is taken as the limit (assuming enough swap); with none, the
 * report does not print the total swap, and totalpages is inferred from the kernel's printed score when the limit
 * alone does not reproduce it.
 *
 * <p>The report has no capabilities: uid 0 stands for {@code CAP_SYS_ADMIN}. The kernel's victim is scored under
 * both 3.10 root-bonus forms and without the bonus, and the replay says which reproduces the printed score.
 */
public final class OomReplay {
    private static final Pattern KILL = Pattern.compile(": Kill process (\\d+) \\((.*)\\) score (\\d+) or sacrifice");
    /** The three ways a uid-0 task can be scored. */
    private static final String[] FORMS = {"3.10.y", "3.10.0", "none"};

    private OomReplay() {
    }

    /**
     * Replays {@code report} with {@code policy}.
     *
     * @param report     the parsed report
     * @param policy     the OOM policy to ask
     * @param policyName its name, for the result
     * @param scoring    the root-bonus form of the per-task points in the result (the stock policy's own)
     * @return the result
     */
    public static ReplayResult replay(ParsedReport report, OomPolicy policy, String policyName, RootBonus scoring) {
        List<String> why = new ArrayList<>();
        ReplayMachine machine = new ReplayMachine(report);
        if (!machine.skippedZones().isEmpty()) {
            why.add("zones Slowpath does not model were left out of the machine: "
                + String.join(", ", machine.skippedZones()) + " (their pages still count in pages RAM)");
        }
        Totalpages tp = totalpages(report);
        ReplayResult.Decision kernel = kernelDecision(report);
        TaskView victimRow = kernelVictimRow(report, kernel);

        List<ReplayResult.RootBonusCheck> checks = new ArrayList<>();
        if (victimRow != null && kernel.score() >= 0) {
            checks = rootBonusChecks(victimRow, tp.total, kernel.score());
            boolean any = checks.stream().anyMatch(ReplayResult.RootBonusCheck::matches);
            if (!any && tp.swapUnknown) {
                Totalpages inferred = infer(victimRow, tp, kernel.score(), scoring);
                if (inferred != null) {
                    why.add(tp.source + " gives the kernel's victim score "
                        + OomBadness.score(points(victimRow, tp.total, formOf(scoring)), tp.total) + ", not "
                        + kernel.score() + ": the report does not print the total swap, so totalpages was inferred"
                        + " from the printed score: " + inferred.total + " pages, i.e. " + inferred.swap
                        + " pages (" + gib(inferred.swap) + ") of swap beside the limit");
                    tp = inferred;
                    checks = rootBonusChecks(victimRow, tp.total, kernel.score());
                } else {
                    why.add("memcg limit known but the total swap is not printed, and no totalpages reproduces the"
                        + " printed score " + kernel.score() + ": the replay uses the limit alone");
                }
            }
            String matching = String.join(", ", checks.stream().filter(ReplayResult.RootBonusCheck::matches)
                .map(ReplayResult.RootBonusCheck::form).toList());
            if (victimRow.uid() != 0) {
                if (matching.isEmpty()) {
                    why.add("the kernel's victim (uid " + victimRow.uid() + ", no root bonus) scores "
                        + checks.get(0).score() + " here, the kernel printed " + kernel.score());
                }
            } else if (matching.isEmpty()) {
                why.add("the kernel's victim is a uid-0 task; no root-bonus form reproduces its printed score "
                    + kernel.score() + " (3.10.y " + checks.get(0).score() + ", 3.10.0 " + checks.get(1).score()
                    + ", none " + checks.get(2).score() + ")");
            } else {
                why.add("root bonus: the printed score " + kernel.score() + " of the uid-0 victim matches " + describe(
                    matching));
                if (!checks.get(indexOf(formOf(scoring))).matches() && !matching.equals("none")) {
                    why.add("replay the stock policy in that form with --set 'policy.oom.\"stock-3.10\".root-bonus="
                        + matching.split(", ")[0] + "'");
                }
            }
        }

        if (victimRow != null && victimRow.uid() == 0 && report.task(kernel.pid()) != null) {
            for (RootBonus form : RootBonus.values()) {
                Stock310OomPolicy.Selection s = Stock310OomPolicy.selectBadProcess(report.tasks(), tp.total, true,
                    form);
                if (s.task() != null && s.task().pid() != kernel.pid()) {
                    why.add("with the " + form.configName() + " root bonus select_bad_process would choose "
                        + s.task().pid() + " (" + s.task().name() + "), not the kernel's " + kernel.pid()
                        + ": the kernel did not use that form");
                }
            }
        }
        ReplayServices services = new ReplayServices(report, machine, tp.total - tp.swap, tp.swap);
        ReplayResult.Decision replay;
        if (!report.hasTaskTable() || report.tasks().isEmpty()) {
            why.add("the report has no task table: there is nothing to choose from");
            replay = new ReplayResult.Decision(null, -1, null, -1, -1, null);
        } else {
            replay = run(report, policy, services, tp.total, why);
        }

        boolean match = kernel.pid() >= 0 && kernel.pid() == replay.pid()
            && (kernel.score() == replay.score() || kernel.score() < 0);
        if (kernel.action() == OomOutcome.Action.KILLED && kernel.score() < 0) {
            why.add("the report prints no 'Kill process ... score' line (kernels from 4.19 on): only the victim is"
                + " compared, not the score");
        }
        explainDifference(report, kernel, replay, why, policyName);

        List<ReplayResult.TaskScore> scores = new ArrayList<>();
        for (ReportTask t : report.tasks()) {
            long p = OomBadness.badness(t, report.tasks(), tp.total, scoring);
            scores.add(new ReplayResult.TaskScore(t.pid(), t.name(), t.uid(), t.oomScoreAdj(), p,
                OomBadness.score(p, tp.total)));
        }
        return new ReplayResult(report, policyName, kernel, replay, match, tp.total, tp.source, scores, checks, why);
    }

    /** totalpages, its swap part, how it was found, and whether the swap part is unknown. */
    private record Totalpages(long total, long swap, String source, boolean swapUnknown) {
    }

    private static Totalpages totalpages(ParsedReport r) {
        MemcgInfo memcg = r.memcg();
        if (memcg != null && memcg.limitKb() > 0 && r.pagesRam() < 0) {
            long limit = memcg.limitKb() / 4;
            if (memcg.memswLimitKb() > 0 && !MemcgInfo.unlimited(memcg.memswLimitKb())) {
                long memsw = memcg.memswLimitKb() / 4;
                if (memsw >= limit) {
                    return new Totalpages(memsw, memsw - limit, "memcg: min(limit " + limit
                        + " + total swap, memory+swap limit " + memsw + ") = " + memsw
                        + " pages (assuming at least " + (memsw - limit) + " pages of swap)", false);
                }
            }
            return new Totalpages(Math.max(1, limit), 0, "memcg limit " + limit + " pages", true);
        }
        long ram;
        String source;
        if (r.pagesRam() >= 0 && r.pagesReserved() >= 0) {
            ram = r.pagesRam() - r.pagesReserved();
            source = "pages RAM - pages reserved = " + ram;
        } else {
            ram = 0;
            for (ReportZone z : r.zones()) {
                ram += Math.max(0, z.pages("managed"));
            }
            source = "sum of the zones' managed = " + ram;
        }
        long swap = Math.max(0, r.totalSwapKb()) / 4;
        source += r.totalSwapKb() >= 0 ? " + Total swap " + swap : " (no swap lines: no swap)";
        return new Totalpages(Math.max(1, ram + swap), swap, source, false);
    }

    /** The smallest totalpages >= the limit for which the victim's score is the printed one. */
    private static Totalpages infer(TaskView victim, Totalpages known, long printed, RootBonus scoring) {
        List<String> order = new ArrayList<>(List.of(formOf(scoring)));
        for (String f : FORMS) {
            if (!order.contains(f)) {
                order.add(f);
            }
        }
        for (String form : order) {
            long limit = known.total;
            for (long k = limit / 1000; k <= (1L << 32) / 1000; k++) {
                long p = points(victim, k * 1000, form);
                if (p <= 0) {
                    continue;
                }
                long lo = Math.max(Math.max(limit, k * 1000), printed == 0 ? 0 : p * 1000 / (printed + 1) + 1);
                long hi = Math.min(k * 1000 + 999, printed == 0 ? Long.MAX_VALUE : p * 1000 / printed);
                if (printed == 0) {
                    lo = Math.max(lo, p * 1000 + 1);
                }
                if (lo <= hi && OomBadness.score(p, lo) == printed) {
                    return new Totalpages(lo, lo - limit, "inferred from the kernel's score: memcg limit " + limit
                        + " + " + (lo - limit) + " pages of swap", true);
                }
                if (p * 1000 / Math.max(1, k * 1000) < printed) {
                    break; // the score only falls as totalpages grows
                }
            }
        }
        return null;
    }

    private static ReplayResult.Decision kernelDecision(ParsedReport r) {
        KillLine kill = r.kill();
        KilledLine killed = r.killed();
        if (kill == null && killed == null) {
            return new ReplayResult.Decision(r.panic() != null ? OomOutcome.Action.PANIC : null, -1, null, -1, -1,
                null);
        }
        // 4.19 and later print no "Kill process ... score" line: the killed task is the selected one, score unknown
        return new ReplayResult.Decision(OomOutcome.Action.KILLED, kill == null ? killed.pid() : kill.pid(),
            kill == null ? killed.name() : kill.name(), kill == null ? -1 : kill.score(),
            killed == null ? -1 : killed.pid(), killed == null ? null : killed.name());
    }

    /** The table row of the kernel's selected task, or of the killed process when the selected one is a thread. */
    private static TaskView kernelVictimRow(ParsedReport r, ReplayResult.Decision kernel) {
        ReportTask row = kernel.pid() >= 0 ? r.task(kernel.pid()) : null;
        if (row == null && kernel.killedPid() >= 0 && kernel.pid() >= 0) {
            row = r.task(kernel.killedPid());
        }
        return row;
    }

    private static List<ReplayResult.RootBonusCheck> rootBonusChecks(TaskView row, long total, long printed) {
        List<ReplayResult.RootBonusCheck> out = new ArrayList<>();
        for (String form : FORMS) {
            long p = points(row, total, form);
            long s = OomBadness.score(p, total);
            out.add(new ReplayResult.RootBonusCheck(form, p, s, s == printed));
        }
        return out;
    }

    private static long points(TaskView t, long total, String form) {
        boolean root = t.uid() == 0 && !form.equals("none");
        RootBonus bonus = form.equals("3.10.0") ? RootBonus.RELEASE : RootBonus.STABLE;
        return OomBadness.points(root, t.oomScoreAdj(), t.anonRss() + t.fileRss(), t.nrPtes(), t.swapEntries(), total,
            bonus);
    }

    private static int indexOf(String form) {
        for (int k = 0; k < FORMS.length; k++) {
            if (FORMS[k].equals(form)) {
                return k;
            }
        }
        throw new IllegalArgumentException(form);
    }

    private static String formOf(RootBonus b) {
        return b.configName();
    }

    private static String describe(String matching) {
        List<String> parts = new ArrayList<>();
        for (String f : matching.split(", ")) {
            parts.add(switch (f) {
                case "3.10.y" -> "the 3.10.y form (3% of its own points, 3.10 stable and el7)";
                case "3.10.0" -> "the 3.10.0 form (oom_score_adj - 30, 3.10.0 as released and earlier)";
                default -> "no bonus (uid 0 without CAP_SYS_ADMIN, as in a container)";
            });
        }
        return String.join(" and ", parts);
    }

    private static ReplayResult.Decision run(ParsedReport report, OomPolicy policy, ReplayServices services,
                                             long total, List<String> why) {
        int gfp = Math.max(0, report.gfpMask());
        boolean sysrq = report.frames().stream().anyMatch(f -> f.endsWith("moom_callback")
            || f.endsWith("sysrq_handle_moom"));
        if (sysrq) {
            why.add("SysRq-F (manual OOM): replayed with force_kill");
        }
        OomOutcome out;
        try {
            out = policy.outOfMemory(services, new OomRequest(List.of(), gfp, Math.max(0, report.order()),
                Gfp.gfpZone(gfp).index(), sysrq));
        } catch (UnsupportedOperationException e) {
            why.add("the policy could not be replayed: " + e.getMessage());
            return new ReplayResult.Decision(null, -1, null, -1, -1, null);
        }
        int pid = -1;
        String name = null;
        long score = -1;
        for (String line : services.logLines()) {
            Matcher m = KILL.matcher(line);
            if (m.find()) {
                pid = Integer.parseInt(m.group(1));
                name = m.group(2);
                score = Long.parseLong(m.group(3));
            }
        }
        int killedPid = services.killed().isEmpty() ? -1 : services.killed().get(0);
        String killedName = null;
        for (ReportTask t : report.tasks()) {
            if (t.pid() == killedPid) {
                killedName = t.name();
            }
        }
        if (pid < 0 && killedPid >= 0) {
            pid = killedPid;
            name = killedName;
            score = OomBadness.score(out.points(), total);
        }
        return new ReplayResult.Decision(out.action(), pid, name, score, killedPid, killedName);
    }

    private static void explainDifference(ParsedReport r, ReplayResult.Decision kernel, ReplayResult.Decision replay,
                                          List<String> why, String policy) {
        if (kernel.action() == OomOutcome.Action.PANIC) {
            why.add("the kernel killed nobody: it panicked (" + r.panic() + ")"
                + (replay.pid() >= 0 ? "; " + policy + " with vm.panic_on_oom = 0 would kill " + replay.pid() + " ("
                + replay.name() + ") with score " + replay.score() : ""));
            return;
        }
        if (kernel.action() == null) {
            why.add("the report shows no kill (no 'Kill process' or 'Killed process' line)");
            return;
        }
        if (kernel.pid() >= 0 && r.task(kernel.pid()) == null && r.hasTaskTable()) {
            ReportTask killedRow = r.task(kernel.killedPid());
            why.add("the kernel selected " + kernel.pid() + " (" + kernel.name() + "), which has no row in the task"
                + " table: the table lists one row per process, so " + kernel.pid() + " is a thread"
                + (killedRow != null ? " of process " + killedRow.pid() + " (" + killedRow.name() + "), which was"
                + " killed; threads of a process score the same" : ""));
        }
        if (kernel.killedPid() >= 0 && kernel.pid() >= 0 && kernel.killedPid() != kernel.pid()
            && r.task(kernel.pid()) != null) {
            why.add("sacrifice child: the kernel selected " + kernel.pid() + " (" + kernel.name() + ") but killed "
                + kernel.killedPid() + " (" + kernel.killedName() + "), one of its children; the report has no parent"
                + " links, so a replay cannot choose the child");
        }
        if (replay.pid() >= 0 && kernel.pid() >= 0 && replay.pid() != kernel.pid()
            && r.task(kernel.pid()) != null) {
            why.add(String.format(Locale.ROOT, "%s selects %d (%s) with score %d where the kernel selected %d (%s)"
                + " with score %d", policy, replay.pid(), replay.name(), replay.score(), kernel.pid(), kernel.name(),
                kernel.score()));
        } else if (replay.pid() == kernel.pid() && replay.score() != kernel.score() && kernel.score() >= 0) {
            why.add(String.format(Locale.ROOT, "same task, but %s scores it %d where the kernel printed %d", policy,
                replay.score(), kernel.score()));
        }
        if (replay.action() != null && replay.action() != OomOutcome.Action.KILLED) {
            why.add(policy + " did not kill: " + replay.action());
        }
    }

    private static String gib(long pages) {
        return String.format(Locale.ROOT, "%.1f GiB", pages * 4096.0 / (1L << 30));
    }
}
