package io.slowpath.core.inject;

import com.google.inject.Module;
import io.slowpath.api.plugin.PolicyPlugin;
import io.slowpath.core.config.SlowpathConfigException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Finds policy plugins ({@link PolicyPlugin}) and in-house Guice policy modules ({@link Module}) with
 * {@link ServiceLoader}: on the class path, and in every {@code *.jar} of the plugins directory. Each plugin jar gets
 * its own class loader (parent: the simulator's), so two plugins never see each other's classes; the plugin objects
 * are new for every kernel. A jar that provides nothing, or whose service entries cannot be loaded, is an error naming
 * the jar and what is wrong.
 */
final class PluginLoader {
    static final String PLUGIN_SERVICE = "META-INF/services/" + PolicyPlugin.class.getName();
    static final String MODULE_SERVICE = "META-INF/services/" + Module.class.getName();
    private static final Map<JarKey, URLClassLoader> LOADERS = new ConcurrentHashMap<>();

    /**
     * A provider found, with where it came from.
     *
     * @param instance the provider
     * @param origin   e.g. {@code PolicyPlugin a.B (plugin jar /x/plugins/b.jar)}
     * @param <T>      the service type
     */
    record Found<T>(T instance, String origin) {
    }

    /**
     * Everything found.
     *
     * @param plugins the policy plugins
     * @param modules the Guice policy modules
     */
    record Discovered(List<Found<PolicyPlugin>> plugins, List<Found<Module>> modules) {
    }

    private PluginLoader() {
    }

    /**
     * Finds plugins and modules on {@code classPath} and in {@code pluginsDir}.
     *
     * @param classPath  the class loader whose class path is searched, and the parent of every plugin jar's loader
     * @param pluginsDir the plugins directory, or null for none; a missing directory has no plugins
     */
    static Discovered discover(ClassLoader classPath, Path pluginsDir) {
        List<Found<PolicyPlugin>> plugins = new ArrayList<>(fromClassPath(PolicyPlugin.class, classPath));
        List<Found<Module>> modules = new ArrayList<>(fromClassPath(Module.class, classPath));
        for (Path jar : jars(pluginsDir)) {
            loadJar(jar, classPath, plugins, modules);
        }
        return new Discovered(List.copyOf(plugins), List.copyOf(modules));
    }

    /** The {@code *.jar} files of the directory in name order; none when it does not exist. */
    static List<Path> jars(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return List.of();
        }
        if (!Files.isDirectory(dir)) {
            throw new SlowpathConfigException("plugins directory " + dir + " is not a directory");
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jar"))
                .filter(Files::isRegularFile).sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            throw new SlowpathConfigException("plugins directory " + dir + " cannot be listed: " + e.getMessage(), e);
        }
    }

    private static <T> List<Found<T>> fromClassPath(Class<T> type, ClassLoader loader) {
        List<Found<T>> out = new ArrayList<>();
        try {
            for (T t : ServiceLoader.load(type, loader)) {
                out.add(new Found<>(t, kindOf(type) + " " + t.getClass().getName() + " (class path: "
                    + location(t.getClass()) + ")"));
            }
        } catch (ServiceConfigurationError e) {
            throw new SlowpathConfigException("a " + kindOf(type) + " on the class path cannot be loaded: "
                + e.getMessage(), e);
        }
        return out;
    }

    private static void loadJar(Path jar, ClassLoader parent, List<Found<PolicyPlugin>> plugins,
                                List<Found<Module>> modules) {
        List<String> pluginClasses;
        List<String> moduleClasses;
        try (JarFile jf = new JarFile(jar.toFile())) {
            pluginClasses = serviceEntries(jar, jf, PLUGIN_SERVICE);
            moduleClasses = serviceEntries(jar, jf, MODULE_SERVICE);
        } catch (IOException e) {
            throw bad(jar, "not a readable jar file (" + e.getMessage() + ")", e);
        }
        if (pluginClasses == null && moduleClasses == null) {
            throw bad(jar, "no " + PLUGIN_SERVICE + " entry (nor " + MODULE_SERVICE + "), so it provides no policy; "
                + "a policy jar lists its PolicyPlugin class there (a library a plugin needs belongs inside the "
                + "plugin's jar, not beside it)", null);
        }
        JarKey key = JarKey.of(jar, parent);
        URLClassLoader loader = loaderOf(key);
        boolean ok = false;
        try {
            String where = " (plugin jar " + jar + ")";
            for (String name : pluginClasses == null ? List.<String>of() : pluginClasses) {
                plugins.add(new Found<>(instantiate(jar, loader, name, PolicyPlugin.class, PLUGIN_SERVICE),
                    kindOf(PolicyPlugin.class) + " " + name + where));
            }
            for (String name : moduleClasses == null ? List.<String>of() : moduleClasses) {
                modules.add(new Found<>(instantiate(jar, loader, name, Module.class, MODULE_SERVICE),
                    kindOf(Module.class) + " " + name + where));
            }
            ok = true;
        } finally {
            if (!ok && LOADERS.remove(key, loader)) {
                closeQuietly(loader);
            }
        }
    }

    /**
     * One class loader per plugin jar (as it is now) and parent, shared by every kernel built from it: research code
     * that builds thousands of kernels must not open the jar thousands of times. The loader stays open, since the
     * plugin's classes live as long as the kernels built from them.
     */
    private static URLClassLoader loaderOf(JarKey key) {
        // A jar replaced on disk gets a new loader; kernels built from the old one keep theirs.
        LOADERS.keySet().removeIf(k -> k.jar().equals(key.jar()) && k.parent() == key.parent() && !k.equals(key));
        return LOADERS.computeIfAbsent(key, k -> {
            try {
                return new URLClassLoader("plugin " + k.jar().getFileName(), new URL[] {k.jar().toUri().toURL()},
                    k.parent());
            } catch (MalformedURLException e) {
                throw bad(k.jar(), "its path is not a URL: " + e.getMessage(), e);
            }
        });
    }

    /** A plugin jar as it is on disk now, under one parent class loader. */
    private record JarKey(Path jar, long modified, long size, ClassLoader parent) {
        static JarKey of(Path jar, ClassLoader parent) {
            try {
                return new JarKey(jar, Files.getLastModifiedTime(jar).toMillis(), Files.size(jar), parent);
            } catch (IOException e) {
                throw bad(jar, "cannot be read (" + e.getMessage() + ")", e);
            }
        }
    }

    /** The class names a services file lists (ServiceLoader's syntax), or null when the jar has no such file. */
    private static List<String> serviceEntries(Path jar, JarFile jf, String file) throws IOException {
        JarEntry e = jf.getJarEntry(file);
        if (e == null) {
            return null;
        }
        LinkedHashSet<String> names = new LinkedHashSet<>();
        try (InputStream in = jf.getInputStream(e);
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                int hash = line.indexOf('#');
                String name = (hash >= 0 ? line.substring(0, hash) : line).trim();
                if (!name.isEmpty()) {
                    names.add(name);
                }
            }
        }
        if (names.isEmpty()) {
            throw bad(jar, file + " is empty: it names no class", null);
        }
        return List.copyOf(names);
    }

    private static <T> T instantiate(Path jar, ClassLoader loader, String name, Class<T> type, String file) {
        Class<?> cls;
        try {
            cls = Class.forName(name, false, loader);
        } catch (ClassNotFoundException e) {
            throw bad(jar, file + " names class " + name + ", which is neither in the jar nor on the class path", e);
        } catch (LinkageError e) {
            throw bad(jar, "class " + name + " cannot be loaded: " + describe(e), e);
        }
        if (!type.isAssignableFrom(cls)) {
            throw bad(jar, "class " + name + " is listed in " + file + " but does not implement " + type.getName(), null);
        }
        if (!Modifier.isPublic(cls.getModifiers()) || Modifier.isAbstract(cls.getModifiers())) {
            throw bad(jar, "class " + name + " must be a public, non-abstract class", null);
        }
        Constructor<?> ctor;
        try {
            ctor = cls.getConstructor();
        } catch (NoSuchMethodException e) {
            throw bad(jar, "class " + name + " has no public no-argument constructor (ServiceLoader needs one)", e);
        }
        try {
            return type.cast(ctor.newInstance());
        } catch (InvocationTargetException e) {
            throw bad(jar, "the constructor of " + name + " threw " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw bad(jar, "class " + name + " cannot be created: " + e, e);
        } catch (LinkageError e) {
            throw bad(jar, "class " + name + " cannot be initialised: " + describe(e), e);
        }
    }

    private static String describe(LinkageError e) {
        if (e instanceof UnsupportedClassVersionError) {
            return "it was compiled for a newer Java than this one (Java " + Runtime.version().feature() + "): "
                + e.getMessage();
        }
        if (e instanceof NoClassDefFoundError) {
            return "it needs class " + e.getMessage().replace('/', '.') + ", which is neither in the jar nor on the "
                + "class path (a plugin jar must contain everything it uses except allocator-api)";
        }
        return e.toString();
    }

    private static SlowpathConfigException bad(Path jar, String problem, Throwable cause) {
        return new SlowpathConfigException("plugin jar " + jar + ": " + problem, cause);
    }

    private static String kindOf(Class<?> type) {
        return type == Module.class ? "Guice module" : "PolicyPlugin";
    }

    /** Where a class was loaded from (a jar or a classes directory), for messages. */
    static String location(Class<?> c) {
        CodeSource cs = c.getProtectionDomain().getCodeSource();
        if (cs == null || cs.getLocation() == null) {
            return "the JDK";
        }
        try {
            return Path.of(cs.getLocation().toURI()).toString();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return cs.getLocation().toString();
        }
    }

    private static void closeQuietly(URLClassLoader loader) {
        try {
            loader.close();
        } catch (IOException e) {
            // Nothing more to do: the jar was already rejected with a better message.
        }
    }
}
