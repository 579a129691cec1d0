package io.slowpath.cli.compare;

import io.slowpath.core.config.SlowpathConfigException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The variants of a comparison from the command line: {@code --policies SET[,SET...]} gives one variant per set,
 * each {@code --variant key=v1,v2,...} one per value; given together (or several {@code --variant}s), every
 * combination runs, policy sets outermost, in the order given.
 */
public final class Variants {
    private Variants() {
    }

    /**
     * The variants to run.
     *
     * @param sets the named policy sets
     * @param policies the {@code --policies} elements (empty: none given)
     * @param variants the {@code --variant key=v1,v2} options (empty: none given)
     * @throws SlowpathConfigException naming the bad set or variant
     */
    public static List<VariantSpec> of(PolicySets sets, List<String> policies, List<String> variants) {
        List<VariantSpec> out = new ArrayList<>();
        for (String p : policies) {
            out.add(sets.resolve(p));
        }
        for (String v : variants) {
            List<VariantSpec> values = parse(v);
            if (out.isEmpty()) {
                out.addAll(values);
                continue;
            }
            List<VariantSpec> product = new ArrayList<>();
            for (VariantSpec a : out) {
                for (VariantSpec b : values) {
                    product.add(a.and(b));
                }
            }
            out = product;
        }
        Set<String> labels = new HashSet<>();
        for (VariantSpec v : out) {
            if (!labels.add(v.label())) {
                throw new SlowpathConfigException("variant '" + v.label() + "' is given twice");
            }
        }
        return out;
    }

    /**
     * One {@code --variant key=v1,v2,...}: a variant per value, labelled {@code key=value}. Commas inside brackets or
     * quotes belong to the value (e.g. {@code vm.lowmem_reserve_ratio=[256,256,32],[32,32,32]}).
     */
    static List<VariantSpec> parse(String option) {
        int eq = option.indexOf('=');
        String key = eq < 0 ? "" : option.substring(0, eq).trim();
        if (eq <= 0 || key.isEmpty() || key.contains(",")) {
            throw new SlowpathConfigException("--variant '" + option + "': expected key=value1,value2,... "
                + "e.g. --variant vm.swappiness=0,60,100");
        }
        List<String> values = splitValues(option.substring(eq + 1));
        List<VariantSpec> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String value : values) {
            if (value.isEmpty()) {
                throw new SlowpathConfigException("--variant '" + option + "': an empty value");
            }
            if (!seen.add(value)) {
                throw new SlowpathConfigException("--variant '" + option + "': value '" + value + "' is given twice");
            }
            String setting = key + "=" + value;
            out.add(new VariantSpec(setting, List.of(setting)));
        }
        return out;
    }

    private static List<String> splitValues(String s) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == '[' || c == '{')) {
                depth++;
            } else if (!quoted && (c == ']' || c == '}')) {
                depth--;
            } else if (!quoted && depth == 0 && c == ',') {
                out.add(cur.toString().trim());
                cur.setLength(0);
                continue;
            }
            cur.append(c);
        }
        out.add(cur.toString().trim());
        return out;
    }
}
