package io.slowpath.cli.oom;

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
        Json j = new Json(pretty);
        write(j, file, r, wm);
        return j.toString();
    }

    /** Several results as one JSON array. */
    public static String jsonArray(List<String> files, List<ReplayResult> results, List<ZoneWatermarks> wms,
                                   boolean pretty) {
        Json j = new Json(pretty);
        j.beginArray();
        for (int i = 0; i < results.size(); i++) {
            write(j, files.get(i), results.get(i), wms.get(i));
        }
        j.endArray();
        return j.toString();
    }

    private static void write(Json j, String file, ReplayResult r, ZoneWatermarks wm) {
        ParsedReport p = r.report();
        j.beginObject();
        j.field("file", file);
        j.key("kernel").beginObject();
        j.field("release", p.kernelRelease());
        j.field("oom", p.isMemcg() ? "memcg" : "global");
        j.fieldOrNull("gfp_mask", p.gfpMask());
        j.fieldOrNull("order", p.order());
        j.field("action", r.kernel().action() == null ? null : r.kernel().action().name());
        j.field("panic", p.panic());
        decision(j, r.kernel());
        j.endObject();
        j.key("replay").beginObject();
        j.field("policy", r.policy());
        j.field("action", r.replay().action() == null ? null : r.replay().action().name());
        decision(j, r.replay());
        j.endObject();
        j.field("match", r.match());
        j.field("totalpages", r.totalpages());
        j.field("totalpagesSource", r.totalpagesSource());
        j.key("rootBonus").beginArray();
        for (ReplayResult.RootBonusCheck c : r.rootBonus()) {
            j.beginObject().field("form", c.form()).field("points", c.points()).field("score", c.score())
                .field("matches", c.matches()).endObject();
        }
        j.endArray();
        j.strings("explanations", r.explanations());
        j.key("tasks").beginArray();
        for (ReplayResult.TaskScore t : r.tasks()) {
            j.beginObject().field("pid", t.pid()).field("name", t.name()).field("uid", t.uid())
                .field("oom_score_adj", t.adj()).field("points", t.points()).field("score", t.score()).endObject();
        }
        j.endArray();
        j.key("zones").beginArray();
        if (wm != null) {
            for (ZoneWatermarks.Zone z : wm.zones()) {
                j.beginObject().field("node", z.node()).field("name", z.name()).field("managed", z.managed());
                triple(j, "printed", z.printed());
                triple(j, "computed", z.computed());
                triple(j, "computedThp", z.thp());
                j.endObject();
            }
        }
        j.endArray();
        j.key("minFreeKbytes");
        if (wm == null) {
            j.string(null);
        } else {
            j.beginObject();
            j.key("inferred").beginArray();
            for (long kb : wm.inferredKbytes()) {
                j.number(kb);
            }
            j.endArray();
            j.field("closest", wm.closestKbytes()).field("closestErrorPages", wm.closestErrorPages());
            j.field("default", wm.defaultKbytes()).field("defaultThp", wm.thpKbytes());
            j.field("verdict", wm.verdict());
            j.endObject();
        }
        j.key("problems").beginArray();
        for (ReportProblem pr : p.problems()) {
            j.beginObject().field("line", pr.line()).field("why", pr.why()).field("text", pr.text()).endObject();
        }
        j.endArray();
        j.endObject();
    }

    private static void decision(Json j, ReplayResult.Decision d) {
        j.key("victim");
        if (d.pid() < 0) {
            j.string(null);
        } else {
            j.beginObject().field("pid", d.pid()).field("name", d.name()).fieldOrNull("score", d.score()).endObject();
        }
        j.key("killed");
        if (d.killedPid() < 0) {
            j.string(null);
        } else {
            j.beginObject().field("pid", d.killedPid()).field("name", d.killedName()).endObject();
        }
    }

    private static void triple(Json j, String key, long[] v) {
        j.key(key).beginObject().field("min", v[0]).field("low", v[1]).field("high", v[2]).endObject();
    }
}
