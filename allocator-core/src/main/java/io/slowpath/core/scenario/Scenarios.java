package io.slowpath.core.scenario;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import io.slowpath.api.Suggestions;
import io.slowpath.core.config.ConfigLoader;
import io.slowpath.core.config.SlowpathConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads scenarios: the built-in ones by name (resources {@code io/slowpath/scenarios/<name>.conf}), HOCON scenario
 * files, and recorded traces (a file whose first line is {@code slowpath-trace 1}, see {@link TraceFormat}).
 *
 * <p>A scenario file has a leading comment saying what it shows, an optional {@code slowpath { ... }} section of
 * configuration overrides (validated like {@code --config}) and a {@code scenario { ... }} section:
 * <pre>
 * # seed-oom: an anonymous fault that ends in the OOM killer.
 * slowpath { machine.memory = 1G }
 * scenario {
 *   duration = 60s                  # simulated time at most
 *   sample-interval = 100ms         # time-series resolution (default duration/1000)
 *   groups = [
 *     { name = hog, count = 1, start = 0s, uid = 1000, oom_score_adj = 0, exit = false,
 *       phases = [ { type = anon-hog, size = 150%, batch = 16, think = 0 } ] }
 *   ]
 * }
 * </pre>
 * Every key is checked: an unknown key is an error naming its file:line and the nearest known key; a value of the
 * wrong type or out of range is an error naming the key, the problem and the file:line.
 */
public final class Scenarios {
    private static final String RESOURCES = "io/slowpath/scenarios/";
    private static final List<String> BUILT_IN = List.of("atomic-burst", "mixed-server", "pagecache-pressure",
        "seed-oom", "slow-leak", "thp-fragmentation");

    /** The most samples a run's time series may have. */
    static final long MAX_SAMPLES = 1_000_000;

    private Scenarios() {
    }

    /** The names of the built-in scenarios, sorted. */
    public static List<String> builtInNames() {
        return BUILT_IN;
    }

    /**
     * A built-in scenario by name, or a scenario or trace file by path.
     *
     * @throws SlowpathConfigException when there is no such scenario or it is not valid (with the file:line)
     */
    public static Scenario load(String nameOrPath) {
        if (BUILT_IN.contains(nameOrPath)) {
            String resource = RESOURCES + nameOrPath + ".conf";
            try (InputStream in = Scenarios.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new SlowpathConfigException("built-in scenario " + nameOrPath + " is missing from the "
                        + "class path (" + resource + ")");
                }
                return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), nameOrPath,
                    nameOrPath + ".conf (built in)");
            } catch (IOException e) {
                throw new SlowpathConfigException("cannot read built-in scenario " + nameOrPath + ": " + e.getMessage(), e);
            }
        }
        Path p = Path.of(nameOrPath);
        if (!Files.isRegularFile(p)) {
            String near = Suggestions.nearest(BUILT_IN, nameOrPath, 3);
            throw new SlowpathConfigException("'" + nameOrPath + "' is neither a built-in scenario nor a file"
                + (near != null ? "; did you mean " + near + "?" : "") + " (built-in scenarios: "
                + String.join(", ", BUILT_IN) + ")");
        }
        String text;
        try {
            text = Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SlowpathConfigException("cannot read scenario file " + p + ": " + e.getMessage(), e);
        }
        String file = p.getFileName().toString();
        String name = file.endsWith(".conf") ? file.substring(0, file.length() - 5) : file;
        return parse(text, name, p.toString());
    }

    /**
     * Parses a scenario (or a trace) from its text.
     *
     * @param text   the file's content
     * @param name   the scenario's name
     * @param source where the text came from, used in error messages with line numbers
     * @throws SlowpathConfigException when it is not valid
     */
    public static Scenario parse(String text, String name, String source) {
        if (TraceFormat.isTrace(text)) {
            return TraceReplay.parse(text, name, source);
        }
        Config root;
        try {
            root = ConfigFactory.parseString(text, ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF)
                .setOriginDescription(source));
        } catch (ConfigException e) {
            throw new SlowpathConfigException("scenario " + source + ": " + e.getMessage(), e);
        }
        Spec top = new Spec(root, "", source);
        Config overrides = ConfigFactory.empty();
        if (top.has("slowpath")) {
            if (!(root.getValue("slowpath") instanceof com.typesafe.config.ConfigObject)) {
                throw top.bad("slowpath", "expected an object { ... } of configuration overrides");
            }
            overrides = root.withOnlyPath("slowpath");
            // Unknown keys, types and policy names of the overrides are checked like --config.
            ConfigLoader.validate(overrides, List.of());
        }
        Spec s = top.object("scenario");
        top.finish();
        if (!root.hasPath("scenario")) {
            throw new SlowpathConfigException(source + ": a scenario file needs a scenario { duration = ..., "
                + "groups = [ ... ] } section");
        }
        long duration = s.durationNs("duration", null);
        if (duration <= 0) {
            throw s.bad("duration", "must be positive");
        }
        long interval = s.durationNs("sample-interval", Math.max(1_000_000L, duration / 1000));
        if (interval <= 0 || interval > duration) {
            throw s.bad("sample-interval", "must be positive and at most the duration (" + duration + " ns)");
        }
        if (duration / interval > MAX_SAMPLES) {
            throw s.bad("sample-interval", "gives " + duration / interval + " samples over the duration; at most "
                + MAX_SAMPLES + " (make it at least " + (duration + MAX_SAMPLES - 1) / MAX_SAMPLES + " ns)");
        }
        List<TaskGroup> groups = new ArrayList<>();
        for (Spec g : s.objects("groups")) {
            groups.add(TaskGroup.parse(g));
        }
        if (groups.isEmpty()) {
            throw s.bad("groups", "a scenario needs at least one task group");
        }
        s.finish();
        return new Scenario(name, description(text), source, overrides, duration, interval, groups, null);
    }

    /** The leading comment lines, without their {@code #} or {@code //}. */
    static String description(String text) {
        StringBuilder sb = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            String l = line.strip();
            String body;
            if (l.startsWith("#")) {
                body = l.substring(1);
            } else if (l.startsWith("//")) {
                body = l.substring(2);
            } else if (l.isEmpty() && sb.length() == 0) {
                continue;
            } else {
                break;
            }
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append(body.startsWith(" ") ? body.substring(1) : body);
        }
        return sb.toString().strip();
    }
}
