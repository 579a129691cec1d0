package io.slowpath.cli.report;

import io.slowpath.core.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * compare.json: the scenario, the seed and one object per variant (label, settings, summary numbers, OOM kills,
 * allocation latency per GFP class, /proc/vmstat deltas), keys in a fixed order so the same run gives the same bytes.
 */
public final class CompareJson {
    private CompareJson() {
    }

    /** The comparison as JSON text. */
    public static String render(ReportData data) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("scenario", data.scenario());
        root.put("description", data.description());
        root.put("seed", data.seed());
        List<Object> variants = new ArrayList<>();
        for (VariantReport v : data.variants()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("label", v.label());
            o.put("settings", v.settings());
            o.put("summary", v.summary());
            List<Object> kills = new ArrayList<>();
            for (OomMark m : v.oomKills()) {
                Map<String, Object> k = new LinkedHashMap<>();
                k.put("time_ns", m.timeNs());
                k.put("pid", m.pid());
                k.put("name", m.name());
                k.put("score", m.score());
                kills.add(k);
            }
            o.put("oom_victims", kills);
            o.put("latency", v.latency());
            o.put("vmstat", v.vmstat());
            variants.add(o);
        }
        root.put("variants", variants);
        return Json.write(root);
    }
}
