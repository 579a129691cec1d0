package io.slowpath.cli.report;

import java.util.List;

/**
 * What a comparison report shows: one workload (a scenario) run with one seed under several variants.
 *
 * @param scenario the scenario's name
 * @param description one line saying what the scenario does (may be empty)
 * @param seed the seed every variant ran with
 * @param variants the runs, in the order the user asked for them
 */
public record ReportData(String scenario, String description, long seed, List<VariantReport> variants) {
    /** Copies the list; refuses an empty comparison. */
    public ReportData {
        variants = List.copyOf(variants);
        if (variants.isEmpty()) {
            throw new IllegalArgumentException("a comparison needs at least one variant");
        }
        description = description == null ? "" : description;
    }

    /** The variant labels, in order. */
    public List<String> labels() {
        return variants.stream().map(VariantReport::label).toList();
    }
}
