package io.slowpath.core.scenario;

import java.util.List;
import java.util.Map;

/**
 * What one {@link ScenarioRunner} run did. The same scenario, settings and seed give an equal result, bit for bit.
 *
 * @param scenario         the scenario's name
 * @param label            the caller's label of this run (e.g. a policy set)
 * @param seed             the seed
 * @param simulatedNs      simulated time run
 * @param vmstatDelta      every /proc/vmstat name, in the kernel's order, to its change over the run
 * @param series           counters over time ({@link TimeSeries#COLUMNS})
 * @param oomKills         the OOM kills, in order
 * @param allocFailures    the failed allocations {@code warn_alloc_failed} would report, in order
 * @param stallNs          slow-path stall time of all tasks ({@code MmServices.memstallNs})
 * @param latency          gfp class name (e.g. {@code GFP_HIGHUSER_MOVABLE}, {@code GFP_ATOMIC},
 *                         {@code GFP_TRANSHUGE}, {@code GFP_KERNEL}) to its allocation latency, sorted by name
 * @param thpFaultAlloc    {@code thp_fault_alloc} over the run
 * @param thpFaultFallback {@code thp_fault_fallback} over the run
 * @param kernelLog        every kernel log line, in order, with the {@code "[%5lu.%06lu] "} stamp
 * @param pageOps          simulated page operations: pages allocated ({@code pgalloc_*}), freed ({@code pgfree})
 *                         and faults ({@code pgfault}) over the run
 */
public record RunResult(
    String scenario, String label, long seed, long simulatedNs,
    Map<String, Long> vmstatDelta,
    TimeSeries series,
    List<OomKill> oomKills,
    List<AllocFailure> allocFailures,
    long stallNs,
    Map<String, LatencySummary> latency,
    long thpFaultAlloc, long thpFaultFallback,
    List<String> kernelLog,
    long pageOps) {

    /** Copies the collections (keeping the maps' order) and makes them unmodifiable. */
    public RunResult {
        vmstatDelta = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(vmstatDelta));
        oomKills = List.copyOf(oomKills);
        allocFailures = List.copyOf(allocFailures);
        latency = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(latency));
        kernelLog = List.copyOf(kernelLog);
    }

    /** The THP fault success rate in percent ({@code thp_fault_alloc} of all THP faults), or -1 without THP faults. */
    public double thpSuccessPercent() {
        long all = thpFaultAlloc + thpFaultFallback;
        return all == 0 ? -1 : 100.0 * thpFaultAlloc / all;
    }
}
