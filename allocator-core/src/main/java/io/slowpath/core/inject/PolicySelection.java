package io.slowpath.core.inject;

import com.google.inject.Provider;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueType;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Picks the configured policy of one kind ({@code slowpath.policies.<kind>}) from those bound by name, and checks
 * that every settings section under {@code slowpath.policy.<kind>} belongs to a known policy.
 */
final class PolicySelection {
    private PolicySelection() {
    }

    /**
     * Creates the selected policy.
     *
     * @param where a sentence saying where policies were looked for, the hint of an unknown name
     * @throws io.slowpath.core.config.SlowpathConfigException for an unknown name, listing the known ones
     */
    static <T> T select(Config c, PolicyKind kind, Map<String, ? extends Provider<? extends T>> available,
                        String where) {
        String path = kind.selectionPath();
        Set<String> known = new TreeSet<>(available.keySet());
        if (!c.hasPath(path) || c.getValue(path).valueType() == ConfigValueType.OBJECT
            || c.getValue(path).valueType() == ConfigValueType.LIST) {
            throw ConfigErrors.bad(c, path, "expected the name of a " + kind.configName() + " policy; known: "
                + String.join(", ", known));
        }
        checkSections(c, kind, known);
        String name = c.getString(path).trim();
        Provider<? extends T> p = available.get(name);
        if (p == null) {
            throw ConfigErrors.bad(c, path, "unknown " + kind.configName() + " policy '" + name + "'; known "
                + kind.configName() + " policies: " + (known.isEmpty() ? "none" : String.join(", ", known))
                + ". " + (name.equals("stock-3.10") ? "The stock-3.10 " + kind.configName() + " policy is in module "
                + kind.stockModule() + " (io.slowpath:" + kind.stockModule() + "): add it to the class path, or choose"
                + " another policy. " : "") + where);
        }
        return p.get();
    }

    private static void checkSections(Config c, PolicyKind kind, Set<String> known) {
        String root = kind.settingsRoot();
        if (!c.hasPath(root)) {
            return;
        }
        if (c.getValue(root).valueType() != ConfigValueType.OBJECT) {
            throw ConfigErrors.bad(c, root, "must be an object with one section per policy name");
        }
        for (String name : new TreeSet<>(c.getObject(root).keySet())) {
            if (!known.contains(name)) {
                String dotted = known.stream().filter(k -> k.startsWith(name + ".")).findFirst().orElse(null);
                throw ConfigErrors.bad(c, kind.settingsPath(name), "settings for an unknown " + kind.configName()
                    + " policy '" + name + "'; known " + kind.configName() + " policies: " + String.join(", ", known)
                    + (dotted == null ? "" : " (a name with dots is quoted in its settings path: "
                    + kind.settingsPath(dotted) + ")"));
            }
        }
    }
}
