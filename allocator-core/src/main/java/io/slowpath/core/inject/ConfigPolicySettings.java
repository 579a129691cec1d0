package io.slowpath.core.inject;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.slowpath.api.plugin.PolicySettings;
import io.slowpath.core.config.SlowpathConfigException;
import io.slowpath.core.zone.Machine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@link PolicySettings} over one policy's section of a loaded configuration. It remembers which keys the policy
 * read, so that {@link #checkAllRead()} can report the keys nobody read (typos) as unknown.
 */
final class ConfigPolicySettings implements PolicySettings {
    private final Config root;
    private final Machine machine;
    private final PolicyKind kind;
    private final String name;
    private final String path;
    private final Config section;
    private final TreeSet<String> read = new TreeSet<>();

    ConfigPolicySettings(Config root, Machine machine, PolicyKind kind, String name) {
        this.root = root;
        this.machine = machine;
        this.kind = kind;
        this.name = name;
        this.path = kind.settingsPath(name);
        if (!root.hasPath(path)) {
            this.section = ConfigFactory.empty();
        } else if (root.getValue(path).valueType() != ConfigValueType.OBJECT) {
            throw ConfigErrors.bad(root, path, "must be an object of " + kind.configName() + " policy '" + name
                + "' settings, got " + root.getValue(path).render());
        } else {
            this.section = root.getConfig(path);
        }
    }

    @Override
    public String kind() {
        return kind.configName();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public boolean has(String key) {
        checkKey(key);
        read.add(key);
        return section.hasPath(key);
    }

    @Override
    public long getLong(String key) {
        require(key, "a whole number");
        try {
            return section.getLong(key);
        } catch (ConfigException.WrongType | ConfigException.BadValue e) {
            throw wrongType(key, "a whole number");
        }
    }

    @Override
    public long getLong(String key, long defaultValue) {
        return has(key) ? getLong(key) : defaultValue;
    }

    @Override
    public String getString(String key) {
        require(key, "a string");
        ConfigValueType t = section.getValue(key).valueType();
        if (t == ConfigValueType.OBJECT || t == ConfigValueType.LIST) {
            throw wrongType(key, "a string");
        }
        return section.getString(key);
    }

    @Override
    public String getString(String key, String defaultValue) {
        return has(key) ? getString(key) : defaultValue;
    }

    @Override
    public boolean getBoolean(String key) {
        require(key, "a boolean (true or false)");
        try {
            return section.getBoolean(key);
        } catch (ConfigException.WrongType | ConfigException.BadValue e) {
            throw wrongType(key, "a boolean (true or false)");
        }
    }

    @Override
    public boolean getBoolean(String key, boolean defaultValue) {
        return has(key) ? getBoolean(key) : defaultValue;
    }

    @Override
    public long sysctl(String sysctlName) {
        return Sysctls.value(root, machine, sysctlName);
    }

    /**
     * Reports every key of the section that the policy never read or asked about.
     *
     * @throws SlowpathConfigException listing the unread keys with their origins and the keys the policy did read
     */
    void checkAllRead() {
        List<String> unknown = new ArrayList<>();
        TreeMap<String, ConfigValue> leaves = new TreeMap<>();
        for (Map.Entry<String, ConfigValue> e : section.entrySet()) {
            leaves.put(e.getKey(), e.getValue());
        }
        for (Map.Entry<String, ConfigValue> e : leaves.entrySet()) {
            if (!wasRead(e.getKey())) {
                unknown.add(path + "." + e.getKey() + " (" + e.getValue().origin().description() + ")");
            }
        }
        if (!unknown.isEmpty()) {
            throw new SlowpathConfigException("unknown key" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown)
                + ": " + kind.configName() + " policy '" + name + "' "
                + (read.isEmpty() ? "reads no settings" : "reads only " + String.join(", ", read)));
        }
    }

    /** A leaf was read when it, or an object above it, was asked for. */
    private boolean wasRead(String leaf) {
        for (String k : read) {
            if (leaf.equals(k) || leaf.startsWith(k + ".")) {
                return true;
            }
        }
        return false;
    }

    private void require(String key, String expected) {
        if (!has(key)) {
            throw new SlowpathConfigException(path + "." + key + ": missing; " + kind.configName() + " policy '" + name
                + "' needs " + expected + " here (e.g. --set " + path.substring("slowpath.".length()) + "." + key
                + "=...)");
        }
    }

    private SlowpathConfigException wrongType(String key, String expected) {
        ConfigValue v = section.getValue(key);
        return new SlowpathConfigException(path + "." + key + ": expected " + expected + ", got " + v.render()
            + " (" + v.origin().description() + ")");
    }

    private void checkKey(String key) {
        try {
            ConfigFactory.empty().hasPath(key);
        } catch (ConfigException.BadPath e) {
            throw new IllegalArgumentException(kind.configName() + " policy '" + name + "' asked for key '" + key
                + "', which is not a valid HOCON path: " + e.getMessage(), e);
        }
    }
}
