package io.slowpath.cli;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import io.slowpath.core.scenario.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The configuration options of the commands that run scenarios ({@code run}, {@code compare}): a HOCON file over the
 * scenario's own settings, and {@code --set} overrides over both. Used as a picocli mixin.
 */
public final class ScenarioConfigOptions {
    @Option(names = "--config", paramLabel = "FILE",
        description = "A HOCON configuration file (e.g. your machine) applied over the scenario's own settings; "
            + "--set still wins.")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
        description = "Override one configuration key over the scenario's own, e.g. --set machine.memory=16G "
            + "--set policies.oom=off (the slowpath. prefix is optional). Repeatable.")
    List<String> sets = new ArrayList<>();

    /** The {@code --set} strings, in the order given. */
    public List<String> sets() {
        return sets;
    }

    /**
     * {@code scenario} with the {@code --config} file over its own settings, or unchanged without one.
     *
     * @throws IllegalArgumentException naming the file when it is missing or not valid HOCON
     */
    public Scenario applyTo(Scenario scenario) {
        if (config == null) {
            return scenario;
        }
        if (!Files.isRegularFile(config)) {
            throw new IllegalArgumentException("--config " + config + ": no such file");
        }
        try {
            return scenario.withConfig(ConfigFactory.parseFile(config.toFile(),
                ConfigParseOptions.defaults().setAllowMissing(false)));
        } catch (ConfigException e) {
            throw new IllegalArgumentException("--config " + config + ": " + e.getMessage(), e);
        }
    }
}
