package io.slowpath.cli.oom;

import io.slowpath.core.json.Json;
import io.slowpath.policy.oom.report.ParsedReport;
import io.slowpath.policy.oom.report.ReplayResult;
import io.slowpath.policy.oom.report.ReportProblem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Renders an OOM replay ({@link ReplayResult} with its {@link ZoneWatermarks}) as text or as one JSON object. */
public final class ReplayReport {
    /** Task rows shown in the text form (all of them are in the JSON form). */
    static final int TOP_TASKS = 5;

    private ReplayReport() {
    }

    /** The text form: what the kernel did, what the policy would do, why they differ, the watermarks. */
    public static String text(String file, ReplayResult r, ZoneWatermarks wm) {
        ParsedReport p = r.report();
        StringBuilder out = new StringBuilder(2048);
        out.append("==> ").append(file).append(" <==\n");
        out.append("report:     ").append(p.isMemcg() ? "memory cgroup OOM" : "global OOM");
        if (p.kernelRelease() != null) {
            out.append(", kernel ").append(p.kernelRelease());
        }
        if (p.invokedBy() != null) {
            out.append(", ").append(p.invokedBy()).append(" invoked it with gfp_mask=0x")
                .append(Integer.toHexString(p.gfpMask())).append(" order=").append(p.order());
        }
        out.append(", ").append(p.tasks().size()).append(" tasks\n");
        out.append("kernel:     ").append(decision(r.kernel())).append('\n');
        out.append(String.format(Locale.ROOT, "%-11s %s%n", r.policy() + ":", decision(r.replay())));
        out.append("match:      ").append(r.match() ? "yes (same task, same score)" : "no").append('\n');
        out.append("totalpages: ").append(r.totalpages()).append(" (").append(r.totalpagesSource()).append(")\n");
        for (String why : r.explanations()) {
            out.append("  - ").append(why).append('\n');
        }
        List<ReplayResult.TaskScore> top = new ArrayList<>(r.tasks());
        top.sort(Comparator.comparingLong(ReplayResult.TaskScore::points).reversed());
        if (!top.isEmpty()) {
            out.append(String.format(Locale.ROOT, "top tasks by oom_badness (%d of %d):%n",
                Math.min(TOP_TASKS, top.size()), top.size()));
            out.append(String.format(Locale.ROOT, "  %8s %6s %6s %10s %5s  %s%n", "pid", "uid", "adj", "points",
                "score", "name"));
            for (ReplayResult.TaskScore t : top.subList(0, Math.min(TOP_TASKS, top.size()))) {
                out.append(String.format(Locale.ROOT, "  %8d %6d %6d %10d %5d  %s%n", t.pid(), t.uid(), t.adj(),
                    t.points(), t.score(), t.name()));
            }
        }
        if (wm != null) {
            out.append("watermarks (pages): printed min/low/high | 3.10 default | THP-raised\n");
            for (ZoneWatermarks.Zone z : wm.zones()) {
                out.append(String.format(Locale.ROOT, "  Node %d %-7s managed %9d: %s | %s | %s%n", z.node(),
                    z.name(), z.managed(), triple(z.printed()), triple(z.computed()), triple(z.thp())));
            }
            out.append("min_free_kbytes: ").append(wm.verdict()).append('\n');
        }
        for (ReportProblem pr : p.problems()) {
            out.append("not read: ").append(pr).append('\n');
        }
        return out.toString();
    }

    private static String decision(ReplayResult.Decision d) {
        if (d.action() == null) {
            return "no decision";
        }
        if (d.pid() < 0) {
            return d.action().name();
        }
        String s = "kill " + d.pid() + " (" + d.name() + ") score " + d.score();
        if (d.killedPid() >= 0 && d.killedPid() != d.pid()) {
            s += ", SIGKILL to " + d.killedPid() + " (" + d.killedName() + ")";
        }
        return s;
    }

    private static String triple(long[] v) {
        return v[0] + "/" + v[1] + "/" + v[2];
    }

    /** The JSON form: one object, keys in a fixed order. */
    public static String json(String file, ReplayResult r, ZoneWatermarks wm, boolean pretty) {
        Json j = Json.writer(pretty);
        write(j, file, r, wm);
        return j.toString();
    }

    /** Several results as one JSON array. */
    public static String jsonArray(List<String> files, List<ReplayResult> results, List<ZoneWatermarks> wms,
                                   boolean pretty) {
        Json j = Json.writer(pretty);
        j.array(null);
        for (int i = 0; i < results.size(); i++) {
            write(j, files.get(i), results.get(i), wms.get(i));
        }
        j.endArray();
        return j.toString();
    }

    private static void write(Json j, String file, ReplayResult r, ZoneWatermarks wm) {
        ParsedReport p = r.report();
        j.object(null);
        j.put("file", file);
        j.object("kernel");
        j.put("release", p.kernelRelease());
        j.put("oom", p.isMemcg() ? "memcg" : "global");
        putOrNull(j, "gfp_mask", p.gfpMask());
        putOrNull(j, "order", p.order());
        j.put("action", r.kernel().action() == null ? null : r.kernel().action().name());
        j.put("panic", p.panic());
        decision(j, r.kernel());
        j.end();
        j.object("replay");
        j.put("policy", r.policy());
        j.put("action", r.replay().action() == null ? null : r.replay().action().name());
        decision(j, r.replay());
        j.end();
        j.put("match", r.match());
        j.put("totalpages", r.totalpages());
        j.put("totalpagesSource", r.totalpagesSource());
        j.array("rootBonus");
        for (ReplayResult.RootBonusCheck c : r.rootBonus()) {
            j.object(null).put("form", c.form()).put("points", c.points()).put("score", c.score())
                .put("matches", c.matches()).end();
        }
        j.endArray();
        j.array("explanations");
        for (String e : r.explanations()) {
            j.value(e);
        }
        j.endArray();
        j.array("tasks");
        for (ReplayResult.TaskScore t : r.tasks()) {
            j.object(null).put("pid", t.pid()).put("name", t.name()).put("uid", t.uid())
                .put("oom_score_adj", t.adj()).put("points", t.points()).put("score", t.score()).end();
        }
        j.endArray();
        j.array("zones");
        if (wm != null) {
            for (ZoneWatermarks.Zone z : wm.zones()) {
                j.object(null).put("node", z.node()).put("name", z.name()).put("managed", z.managed());
                triple(j, "printed", z.printed());
                triple(j, "computed", z.computed());
                triple(j, "computedThp", z.thp());
                j.end();
            }
        }
        j.endArray();
        if (wm == null) {
            j.put("minFreeKbytes", (String) null);
        } else {
            j.object("minFreeKbytes");
            j.array("inferred");
            for (long kb : wm.inferredKbytes()) {
                j.value(kb);
            }
            j.endArray();
            j.put("closest", wm.closestKbytes()).put("closestErrorPages", wm.closestErrorPages());
            j.put("default", wm.defaultKbytes()).put("defaultThp", wm.thpKbytes());
            j.put("verdict", wm.verdict());
            j.end();
        }
        j.array("problems");
        for (ReportProblem pr : p.problems()) {
            j.object(null).put("line", pr.line()).put("why", pr.why()).put("text", pr.text()).end();
        }
        j.endArray();
        j.end();
    }

    /** A member that is null when the report did not give it (a negative value). */
    private static void putOrNull(Json j, String key, long v) {
        if (v < 0) {
            j.put(key, (String) null);
        } else {
            j.put(key, v);
        }
    }

    private static void decision(Json j, ReplayResult.Decision d) {
        if (d.pid() < 0) {
            j.put("victim", (String) null);
        } else {
            j.object("victim").put("pid", d.pid()).put("name", d.name());
            putOrNull(j, "score", d.score());
            j.end();
        }
        if (d.killedPid() < 0) {
            j.put("killed", (String) null);
        } else {
            j.object("killed").put("pid", d.killedPid()).put("name", d.killedName()).end();
        }
    }

    private static void triple(Json j, String key, long[] v) {
        j.object(key).put("min", v[0]).put("low", v[1]).put("high", v[2]).end();
    }
}
