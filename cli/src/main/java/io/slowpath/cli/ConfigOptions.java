package io.slowpath.cli;

import com.typesafe.config.Config;
import io.slowpath.core.config.ConfigLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The configuration options every command shares: a HOCON file and {@code --set} overrides. */
final class ConfigOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "HOCON configuration file (over the defaults).")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
        description = "Override one key, e.g. --set machine.memory=16G --set vm.min_free_kbytes=65536 "
            + "(the slowpath. prefix is optional). Repeatable.")
    List<String> sets = new ArrayList<>();

    Config load() {
        return ConfigLoader.load(config, sets);
    }
}
