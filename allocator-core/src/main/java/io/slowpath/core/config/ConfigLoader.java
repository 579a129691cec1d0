package io.slowpath.core.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.slowpath.api.Suggestions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Loads a Slowpath configuration: the {@code reference.conf} of every module on the class path, under a user file,
 * under {@code --set key=value} overrides. Keys under {@code slowpath} that no reference.conf defines are rejected
 * with the nearest known key, so a typo never falls back silently to a default.
 */
public final class ConfigLoader {
    private static final String ROOT = "slowpath";

    private ConfigLoader() {
    }

    /** The reference configuration alone. */
    public static Config defaults() {
        return load(null, List.of());
    }

    /**
     * Loads and validates a configuration.
     *
     * @param file a HOCON file, or null
     * @param sets overrides as {@code key=value}; a key without the {@code slowpath.} prefix gets it
     * @throws SlowpathConfigException naming the file, key or override that is wrong
     */
    public static Config load(Path file, List<String> sets) {
        ConfigFactory.invalidateCaches();
        Config reference = ConfigFactory.defaultReference(ConfigLoader.class.getClassLoader());
        Config merged = ConfigFactory.empty();
        for (String set : sets) {
            merged = parseSet(set).withFallback(merged);
        }
        if (file != null) {
            if (!Files.isRegularFile(file)) {
                throw new SlowpathConfigException("config file " + file + " does not exist or is not a file");
            }
            try {
                merged = merged.withFallback(ConfigFactory.parseFile(file.toFile(),
                    ConfigParseOptions.defaults().setAllowMissing(false)));
            } catch (ConfigException e) {
                throw new SlowpathConfigException("config file " + file + ": " + e.getMessage(), e);
            }
        }
        checkKnownKeys(merged, reference);
        try {
            Config resolved = merged.withFallback(reference).resolve();
            resolved.checkValid(reference, ROOT);
            return resolved;
        } catch (ConfigException e) {
            throw new SlowpathConfigException(e.getMessage(), e);
        }
    }

    /**
     * Validates a configuration built in code (e.g. by research code) the same way: {@code sets} over {@code user}
     * over the reference, with unknown keys under {@code slowpath} rejected.
     */
    public static Config validate(Config user, List<String> sets) {
        Config reference = ConfigFactory.defaultReference(ConfigLoader.class.getClassLoader());
        Config merged = user;
        for (String set : sets) {
            merged = parseSet(set).withFallback(merged);
        }
        checkKnownKeys(merged, reference);
        try {
            Config resolved = merged.withFallback(reference).resolve();
            resolved.checkValid(reference, ROOT);
            return resolved;
        } catch (ConfigException e) {
            throw new SlowpathConfigException(e.getMessage(), e);
        }
    }

    /** Parses one {@code key=value} override. */
    static Config parseSet(String set) {
        int eq = set.indexOf('=');
        if (eq <= 0) {
            throw new SlowpathConfigException("--set '" + set + "': expected key=value, e.g. machine.memory=16G");
        }
        String key = set.substring(0, eq).trim();
        String value = set.substring(eq + 1).trim();
        if (!key.equals(ROOT) && !key.startsWith(ROOT + ".")) {
            key = ROOT + "." + key;
        }
        try {
            return ConfigFactory.parseString(quoteKey(key) + " = " + value,
                ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setOriginDescription("--set " + set));
        } catch (ConfigException e) {
            throw new SlowpathConfigException("--set '" + set + "': " + e.getMessage(), e);
        }
    }

    /**
     * Quotes path elements that HOCON would otherwise split, keeping dots as separators; a key that already quotes
     * an element (e.g. {@code policy.oom."stock-3.10".root-bonus}) is taken as the HOCON path it is.
     */
    private static String quoteKey(String key) {
        if (key.contains("\"")) {
            try {
                return ConfigUtil.joinPath(ConfigUtil.splitPath(key));
            } catch (ConfigException e) {
                throw new SlowpathConfigException("--set key '" + key + "': " + e.getMessage(), e);
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String part : key.split("\\.", -1)) {
            if (sb.length() > 0) {
                sb.append('.');
            }
            if (part.matches("[A-Za-z0-9_-]+")) {
                sb.append(part);
            } else {
                sb.append('"').append(part.replace("\"", "\\\"")).append('"');
            }
        }
        return sb.toString();
    }

    private static void checkKnownKeys(Config user, Config reference) {
        if (!user.hasPath(ROOT)) {
            return;
        }
        List<String> errors = new ArrayList<>();
        for (Map.Entry<String, ConfigValue> e : user.getConfig(ROOT).entrySet()) {
            String path = ROOT + "." + e.getKey();
            if (!reference.hasPathOrNull(path) && !underOpenSection(path, reference)) {
                errors.add("unknown key " + path + " (" + e.getValue().origin().description() + ")"
                    + suggestion(path, reference));
            }
        }
        if (!errors.isEmpty()) {
            throw new SlowpathConfigException(String.join("\n", errors));
        }
    }

    /**
     * A section declared as an empty object in reference.conf accepts any keys (e.g. a policy's own settings), and so
     * does the section of a policy under {@code slowpath.policy.<kind>} that no reference.conf declares.
     */
    private static boolean underOpenSection(String path, Config reference) {
        List<String> elements = ConfigUtil.splitPath(path);
        for (int n = elements.size() - 1; n > 0; n--) {
            String parent = ConfigUtil.joinPath(elements.subList(0, n));
            if (reference.hasPath(parent)) {
                ConfigValue v = reference.getValue(parent);
                if (v.valueType() == ConfigValueType.OBJECT && n == 3 && elements.get(0).equals(ROOT)
                    && elements.get(1).equals("policy")) {
                    // slowpath.policy.<kind>: a policy module's reference.conf may declare its own section there;
                    // the section of a policy no reference.conf declares stays open (its policy checks its keys).
                    return true;
                }
                return v.valueType() == ConfigValueType.OBJECT && reference.getConfig(parent).isEmpty();
            }
        }
        return false;
    }

    private static String suggestion(String path, Config reference) {
        TreeSet<String> known = new TreeSet<>();
        for (Map.Entry<String, ConfigValue> e : reference.getConfig(ROOT).entrySet()) {
            known.add(ROOT + "." + e.getKey());
        }
        String best = Suggestions.nearest(known, path, Math.max(3, path.length() / 4));
        return best != null ? "; did you mean " + best + "?" : "";
    }
}
