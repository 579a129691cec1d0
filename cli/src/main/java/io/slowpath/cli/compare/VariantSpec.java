package io.slowpath.cli.compare;

import java.util.List;

/**
 * One variant of a comparison: its label and the {@code key=value} settings (as {@code --set} takes them) that the
 * run applies on top of the scenario.
 *
 * @param label the variant's name in the table, legends and compare.json
 * @param settings the settings, applied in order (later ones win)
 */
public record VariantSpec(String label, List<String> settings) {
    /** Copies the settings. */
    public VariantSpec {
        settings = List.copyOf(settings);
    }

    /** This variant followed by another: the labels joined with a space, the settings concatenated. */
    VariantSpec and(VariantSpec other) {
        List<String> s = new java.util.ArrayList<>(settings);
        s.addAll(other.settings);
        return new VariantSpec(label + " " + other.label, s);
    }
}
