package io.slowpath.cli.report;

/** The keys of {@link VariantReport#summary()}: headline numbers of one run, all longs. */
public final class SummaryKeys {
    /** Simulated time the run covered, in ns. */
    public static final String SIMULATED_NS = "simulated_ns";
    /** Simulated page operations (allocations, frees, faults). */
    public static final String PAGE_OPS = "page_ops";
    /** OOM kills. */
    public static final String OOM_KILLS = "oom_kills";
    /** Page allocation failures (what warn_alloc_failed reports). */
    public static final String ALLOC_FAILURES = "alloc_failures";
    /** Time tasks stalled in the slow path, in ns (what PSI's memory stall counts). */
    public static final String STALL_NS = "stall_ns";
    /** THP faults that got a huge page. */
    public static final String THP_FAULT_ALLOC = "thp_fault_alloc";
    /** THP faults that fell back to small pages. */
    public static final String THP_FAULT_FALLBACK = "thp_fault_fallback";

    private SummaryKeys() {
    }
}
