package io.slowpath.cli.compare;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.slowpath.core.config.SlowpathConfigException;
import io.slowpath.core.inject.PolicyKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Named policy sets for {@code compare --policies}: a set picks a policy for some of the four kinds (kswapd, reclaim,
 * compaction, oom) and becomes {@code policies.<kind>=<name>} settings. Sets are defined in the configuration under
 * {@code slowpath.policy-sets} (the cli module's reference.conf has {@code stock}, {@code off} and variations of
 * stock), or written inline as {@code kind=name[+kind=name...]}, e.g. {@code compaction=off+oom=stock-3.10}.
 */
public final class PolicySets {
    /** Where named sets live in the configuration. */
    public static final String PATH = "slowpath.policy-sets";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private final Map<String, VariantSpec> named;

    private PolicySets(Map<String, VariantSpec> named) {
        this.named = named;
    }

    /**
     * Reads the named sets of a configuration.
     *
     * @throws SlowpathConfigException naming the set and where it is defined when a set is malformed
     */
    public static PolicySets from(Config config) {
        Map<String, VariantSpec> named = new TreeMap<>();
        if (config.hasPath(PATH)) {
            for (Map.Entry<String, ConfigValue> e : config.getObject(PATH).entrySet()) {
                String set = e.getKey();
                ConfigValue v = e.getValue();
                String where = " (" + v.origin().description() + ")";
                if (v.valueType() != ConfigValueType.OBJECT) {
                    throw new SlowpathConfigException(PATH + "." + set + where + ": expected an object "
                        + "{ kind = policy-name, ... }, got " + v.valueType().name().toLowerCase(Locale.ROOT));
                }
                Map<String, String> picks = new LinkedHashMap<>();
                for (Map.Entry<String, ConfigValue> p : config.getConfig(PATH).getObject(quote(set)).entrySet()) {
                    if (p.getValue().valueType() != ConfigValueType.STRING) {
                        throw new SlowpathConfigException(PATH + "." + set + "." + p.getKey() + " ("
                            + p.getValue().origin().description() + "): expected a policy name");
                    }
                    picks.put(p.getKey(), (String) p.getValue().unwrapped());
                }
                named.put(set, spec(set, picks, "policy set '" + set + "'" + where));
            }
        }
        return new PolicySets(named);
    }

    /** The names of the defined sets, sorted. */
    public List<String> names() {
        return List.copyOf(named.keySet());
    }

    /**
     * The variant of one {@code --policies} element: a set name, or an inline {@code kind=name[+kind=name...]}.
     *
     * @throws SlowpathConfigException for an unknown set, an unknown kind or a malformed inline set
     */
    public VariantSpec resolve(String set) {
        String s = set.trim();
        if (s.isEmpty()) {
            throw new SlowpathConfigException("--policies: an empty policy set name (known sets: "
                + String.join(", ", names()) + ")");
        }
        if (s.indexOf('=') < 0) {
            VariantSpec v = named.get(s);
            if (v == null) {
                throw new SlowpathConfigException("--policies: unknown policy set '" + s + "'; known sets: "
                    + String.join(", ", names()) + " (defined under " + PATH + "), or write one inline as "
                    + "kind=name[+kind=name...], e.g. compaction=off+oom=off");
            }
            return v;
        }
        Map<String, String> picks = new LinkedHashMap<>();
        for (String part : s.split("\\+", -1)) {
            int eq = part.indexOf('=');
            if (eq <= 0 || eq == part.length() - 1) {
                throw new SlowpathConfigException("--policies '" + s + "': '" + part + "' is not kind=name "
                    + "(kinds: " + kinds() + ")");
            }
            String kind = part.substring(0, eq).trim();
            if (picks.put(kind, part.substring(eq + 1).trim()) != null) {
                throw new SlowpathConfigException("--policies '" + s + "': policy kind '" + kind + "' given twice");
            }
        }
        return spec(s, picks, "--policies '" + s + "'");
    }

    private static VariantSpec spec(String label, Map<String, String> picks, String where) {
        if (picks.isEmpty()) {
            throw new SlowpathConfigException(where + ": picks no policy (kinds: " + kinds() + ")");
        }
        List<String> settings = new ArrayList<>();
        for (PolicyKind kind : PolicyKind.values()) {
            String name = picks.get(kind.configName());
            if (name != null) {
                if (!NAME.matcher(name).matches()) {
                    throw new SlowpathConfigException(where + ": '" + name + "' is not a policy name");
                }
                settings.add("policies." + kind.configName() + "=\"" + name + "\"");
            }
        }
        for (String kind : picks.keySet()) {
            if (Arrays.stream(PolicyKind.values()).noneMatch(k -> k.configName().equals(kind))) {
                throw new SlowpathConfigException(where + ": unknown policy kind '" + kind + "' (kinds: "
                    + kinds() + ")");
            }
        }
        return new VariantSpec(label, settings);
    }

    private static String kinds() {
        return String.join(", ", Arrays.stream(PolicyKind.values()).map(PolicyKind::configName).toList());
    }

    private static String quote(String key) {
        return com.typesafe.config.ConfigUtil.quoteString(key);
    }
}
