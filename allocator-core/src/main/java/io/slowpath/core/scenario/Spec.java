package io.slowpath.core.scenario;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.slowpath.api.Gfp;
import io.slowpath.api.Suggestions;
import io.slowpath.core.config.SlowpathConfigException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads one object of a scenario file strictly: every key asked for is remembered, and {@link #finish()} rejects any
 * other key with the nearest known one and its file:line. Errors name the full path (e.g.
 * {@code scenario.groups[0].phases[1].size}), what is wrong and where the value came from.
 */
final class Spec {
    private final Config c;
    private final String path;
    private final String origin;
    private final Set<String> known = new LinkedHashSet<>();

    Spec(Config c, String path, String origin) {
        this.c = c;
        this.path = path;
        this.origin = origin;
    }

    String path() {
        return path;
    }

    private String full(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** A required key is missing: an error about a misspelt key near it if there is one, else "missing". */
    private SlowpathConfigException missing(String key) {
        for (String actual : new TreeSet<>(c.root().keySet())) {
            if (!known.contains(actual) && Suggestions.editDistance(actual, key) <= Math.max(2, key.length() / 3)) {
                return new SlowpathConfigException("unknown key " + full(actual) + " ("
                    + c.getValue(actual).origin().description() + "); did you mean " + full(key) + "?");
            }
        }
        return bad(key, "missing (required)");
    }

    SlowpathConfigException bad(String key, String problem) {
        String where = c.hasPathOrNull(key) ? c.getValue(key).origin().description() : origin;
        return new SlowpathConfigException(full(key) + ": " + problem + " (" + where + ")");
    }

    SlowpathConfigException badHere(String problem) {
        return new SlowpathConfigException(path + ": " + problem + " (" + origin + ")");
    }

    boolean has(String key) {
        return given(key, false);
    }

    /** Marks {@code key} as read; whether the scenario gives it. A {@code required} key that is missing is an error. */
    private boolean given(String key, boolean required) {
        known.add(key);
        if (c.hasPath(key)) {
            return true;
        }
        if (required) {
            throw missing(key);
        }
        return false;
    }

    String string(String key, String dflt) {
        if (!given(key, dflt == null)) {
            return dflt;
        }
        ConfigValue v = c.getValue(key);
        if (v.valueType() == ConfigValueType.OBJECT || v.valueType() == ConfigValueType.LIST) {
            throw bad(key, "expected a string, got " + v.render());
        }
        return c.getString(key).trim();
    }

    /** A name usable as a comm and in a trace line: letters, digits and {@code _.:/-}, 1..15 characters. */
    String name(String key, String dflt) {
        String s = string(key, dflt);
        if (!s.matches("[A-Za-z0-9_.:/-]{1,15}")) {
            throw bad(key, "'" + s + "' is not a task name (1..15 letters, digits or _.:/-)");
        }
        return s;
    }

    long durationNs(String key, Long dfltNs) {
        if (!given(key, dfltNs == null)) {
            return dfltNs;
        }
        ConfigValue v = c.getValue(key);
        if (v.valueType() == ConfigValueType.NUMBER && ((Number) v.unwrapped()).longValue() != 0) {
            throw bad(key, "expected a duration with a unit (ns, us, ms, s, m, h), got " + v.render());
        }
        try {
            Duration d = c.getDuration(key);
            if (d.isNegative()) {
                throw bad(key, "must not be negative, got " + v.render());
            }
            return d.toNanos();
        } catch (ConfigException.BadValue | ConfigException.WrongType e) {
            throw bad(key, "expected a duration with a unit (ns, us, ms, s, m, h), got " + v.render());
        }
    }

    Size size(String key, Size dflt) {
        if (!given(key, dflt == null)) {
            return dflt;
        }
        ConfigValue v = c.getValue(key);
        String text = String.valueOf(v.unwrapped()).trim();
        if (v.valueType() == ConfigValueType.STRING && text.endsWith("%")) {
            try {
                double p = Double.parseDouble(text.substring(0, text.length() - 1).trim());
                if (!(p > 0) || p > 100_000) {
                    throw bad(key, "a percentage of memory must be above 0, got " + text);
                }
                return Size.ofPercent(p);
            } catch (NumberFormatException e) {
                throw bad(key, "expected a size such as 512M, 2G or 150% (of memory), got " + v.render());
            }
        }
        try {
            long b = c.getBytes(key);
            if (b <= 0) {
                throw bad(key, "must be positive, got " + v.render());
            }
            return Size.ofBytes(b);
        } catch (ConfigException.BadValue | ConfigException.WrongType e) {
            throw bad(key, "expected a size such as 512M, 2G or 150% (of memory), got " + v.render());
        }
    }

    long longValue(String key, long dflt, long min, long max) {
        if (!given(key, false)) {
            return dflt;
        }
        ConfigValue v = c.getValue(key);
        long n;
        try {
            n = c.getLong(key);
        } catch (ConfigException.WrongType e) {
            throw bad(key, "expected a whole number, got " + v.render());
        }
        if (v.valueType() == ConfigValueType.NUMBER && !(v.unwrapped() instanceof Integer || v.unwrapped() instanceof Long)) {
            throw bad(key, "expected a whole number, got " + v.render());
        }
        if (n < min || n > max) {
            throw bad(key, "must be in " + min + ".." + max + ", got " + n);
        }
        return n;
    }

    int intValue(String key, int dflt, int min, int max) {
        return (int) longValue(key, dflt, min, max);
    }

    double doubleValue(String key, double dflt, double min, double max) {
        if (!given(key, false)) {
            return dflt;
        }
        double d;
        try {
            d = c.getDouble(key);
        } catch (ConfigException.WrongType e) {
            throw bad(key, "expected a number, got " + c.getValue(key).render());
        }
        if (!(d >= min && d <= max)) {
            throw bad(key, "must be in " + min + ".." + max + ", got " + d);
        }
        return d;
    }

    boolean bool(String key, boolean dflt) {
        if (!given(key, false)) {
            return dflt;
        }
        try {
            return c.getBoolean(key);
        } catch (ConfigException.WrongType e) {
            throw bad(key, "expected true or false, got " + c.getValue(key).render());
        }
    }

    String choice(String key, String dflt, String... allowed) {
        String s = string(key, dflt).toLowerCase(Locale.ROOT);
        for (String a : allowed) {
            if (a.equals(s)) {
                return s;
            }
        }
        throw bad(key, "'" + s + "' is not one of " + String.join(", ", allowed));
    }

    int gfp(String key, String dflt) {
        String s = string(key, dflt);
        try {
            return Gfp.parse(s);
        } catch (IllegalArgumentException e) {
            throw bad(key, "'" + s + "' is not a gfp mask: " + e.getMessage());
        }
    }

    List<Integer> intList(String key, List<Integer> dflt, int min, int max) {
        if (!given(key, false)) {
            return dflt;
        }
        List<Integer> out;
        try {
            out = c.getIntList(key);
        } catch (ConfigException.WrongType e) {
            throw bad(key, "expected a list of whole numbers, got " + c.getValue(key).render());
        }
        if (out.isEmpty()) {
            throw bad(key, "must not be empty");
        }
        for (int n : out) {
            if (n < min || n > max) {
                throw bad(key, "every value must be in " + min + ".." + max + ", got " + n);
            }
        }
        return List.copyOf(out);
    }

    /** The objects of a list, each as its own Spec ({@code path[i]}). */
    List<Spec> objects(String key) {
        given(key, true);
        List<? extends Config> list;
        try {
            list = c.getConfigList(key);
        } catch (ConfigException.WrongType e) {
            throw bad(key, "expected a list of objects { ... }, got " + c.getValue(key).render());
        }
        List<Spec> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Config item = list.get(i);
            out.add(new Spec(item, full(key) + "[" + i + "]", item.origin().description()));
        }
        return out;
    }

    /** A nested object as its own Spec, or an empty one when absent. */
    Spec object(String key) {
        if (!given(key, false)) {
            return new Spec(ConfigFactory.empty(), full(key), origin);
        }
        try {
            Config sub = c.getConfig(key);
            return new Spec(sub, full(key), sub.origin().description());
        } catch (ConfigException.WrongType e) {
            throw bad(key, "expected an object { ... }, got " + c.getValue(key).render());
        }
    }

    /** Rejects every key that was not asked for. */
    void finish() {
        List<String> errors = new ArrayList<>();
        for (String key : new TreeSet<>(c.root().keySet())) {
            if (!known.contains(key)) {
                String near = nearest(key);
                errors.add("unknown key " + full(key) + " (" + c.getValue(key).origin().description() + ")"
                    + (near == null ? "; known keys: " + String.join(", ", known) : "; did you mean " + full(near) + "?"));
            }
        }
        if (!errors.isEmpty()) {
            throw new SlowpathConfigException(String.join("\n", errors));
        }
    }

    private String nearest(String key) {
        return Suggestions.nearest(known, key, Math.max(2, key.length() / 3));
    }
}
