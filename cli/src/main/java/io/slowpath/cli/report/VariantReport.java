package io.slowpath.cli.report;

import io.slowpath.core.scenario.TimeSeries;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One variant's run as the report sees it. Every map keeps its insertion order, which is the order of every output.
 *
 * @param label the variant's name in the table and legends
 * @param settings the {@code key=value} settings that make this variant (applied over the scenario)
 * @param summary headline numbers, e.g. {@code simulated_ns}, {@code page_ops}, {@code oom_kills}, {@code stall_ns}
 *     (see {@link SummaryKeys})
 * @param vmstat /proc/vmstat deltas over the run, in the kernel's order
 * @param latency allocation latency per GFP class: class name to {@code count, p50_ns, p90_ns, p99_ns, p999_ns,
 *     max_ns}
 * @param oomKills the OOM kills, in simulated time order
 * @param series counters sampled over simulated time
 */
public record VariantReport(String label, List<String> settings, Map<String, Long> summary, Map<String, Long> vmstat,
    Map<String, Map<String, Long>> latency, List<OomMark> oomKills, TimeSeries series) {
    /** Defensive, order-keeping copies. */
    public VariantReport {
        settings = List.copyOf(settings);
        summary = Collections.unmodifiableMap(new LinkedHashMap<>(summary));
        vmstat = Collections.unmodifiableMap(new LinkedHashMap<>(vmstat));
        Map<String, Map<String, Long>> lat = new LinkedHashMap<>();
        latency.forEach((k, v) -> lat.put(k, Collections.unmodifiableMap(new LinkedHashMap<>(v))));
        latency = Collections.unmodifiableMap(lat);
        oomKills = List.copyOf(oomKills);
    }

    /** A summary number, 0 when absent. */
    public long summaryValue(String key) {
        return summary.getOrDefault(key, 0L);
    }

    /**
     * A /proc/vmstat delta by name. A per-zone family name such as {@code pgscan_kswapd} (which 3.10 prints per zone
     * as {@code pgscan_kswapd_dma}, {@code _dma32}, {@code _normal}, {@code _movable}) is the sum over its zones.
     */
    public long vmstatValue(String name) {
        Long v = vmstat.get(name);
        if (v != null) {
            return v;
        }
        long sum = 0;
        for (String zone : ZONE_SUFFIXES) {
            sum += vmstat.getOrDefault(name + "_" + zone, 0L);
        }
        return sum;
    }

    private static final List<String> ZONE_SUFFIXES = List.of("dma", "dma32", "normal", "movable");
}
