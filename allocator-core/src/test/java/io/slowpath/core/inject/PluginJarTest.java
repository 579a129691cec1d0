package io.slowpath.core.inject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Injector;
import io.slowpath.api.oom.OomPolicy;
import io.slowpath.api.reclaim.KswapdPolicy;
import io.slowpath.core.config.SlowpathConfigException;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plugin jars in the plugins directory: good ones are used, bad ones are errors naming the jar and the problem. */
class PluginJarTest {
    private static final String PLUGIN = PluginLoader.PLUGIN_SERVICE;
    private static final String MODULE = PluginLoader.MODULE_SERVICE;

    @TempDir
    Path dir;

    @Test
    void aMissingPluginsDirectoryMeansNoPlugins() {
        Injector i = injector(dir.resolve("nowhere"));
        assertInstanceOf(OffPolicies.NoKswapd.class, i.getInstance(KswapdPolicy.class));
    }

    @Test
    void aPluginJarsPolicyIsSelectedByName() throws IOException {
        Jars.write(dir.resolve("alpha.jar"), Jars.services(PLUGIN, TestPlugins.Alpha.class.getName()));
        Injector i = injector(dir, "policies.kswapd=alpha");
        assertEquals("alpha", ((TestPlugins.NamedKswapd) i.getInstance(KswapdPolicy.class)).name);
    }

    @Test
    void aGuiceModuleInAJarIsInstalled() throws IOException {
        Jars.write(dir.resolve("guice.jar"), Jars.services(MODULE, TestPlugins.GuicePolicies.class.getName()));
        Injector i = injector(dir, "policies.kswapd=guice-kswapd", "policies.oom=guice-oom",
            "policy.oom.guice-oom.points=42", "vm.swappiness=33");
        assertEquals(33, ((TestPlugins.GuiceKswapd) i.getInstance(KswapdPolicy.class)).swappiness);
        assertEquals(42, ((TestPlugins.FixedOom) i.getInstance(OomPolicy.class)).points);
    }

    @Test
    void pluginsAndModulesOnTheClassPathAreFound() throws IOException {
        // A class path of its own: a directory with both services files, in front of the test class path.
        Path cp = dir.resolve("classpath");
        Files.createDirectories(cp.resolve("META-INF/services"));
        Files.writeString(cp.resolve(PLUGIN), TestPlugins.Alpha.class.getName() + "\n");
        Files.writeString(cp.resolve(MODULE), "# in-house modules\n" + TestPlugins.GuicePolicies.class.getName() + "\n");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {cp.toUri().toURL()}, getClass().getClassLoader())) {
            Injector i = Kernels.builder().set("plugins.dir=\"\"", "policies.kswapd=alpha", "policies.oom=guice-oom")
                .classPath(loader).injector();
            assertEquals("alpha", ((TestPlugins.NamedKswapd) i.getInstance(KswapdPolicy.class)).name);
            assertEquals(7, ((TestPlugins.FixedOom) i.getInstance(OomPolicy.class)).points);
        }
    }

    @Test
    void aFileThatIsNotAJar() throws IOException {
        Files.writeString(dir.resolve("notes.jar"), "not a zip");
        assertBad("plugin jar " + dir.resolve("notes.jar") + ": not a readable jar file");
    }

    @Test
    void aJarWithoutServiceEntries() throws IOException {
        Jars.write(dir.resolve("lib.jar"), Map.of("README.txt", "hello".getBytes(StandardCharsets.UTF_8)));
        assertBad("plugin jar " + dir.resolve("lib.jar") + ": no META-INF/services/io.slowpath.api.plugin.PolicyPlugin "
            + "entry (nor META-INF/services/com.google.inject.Module), so it provides no policy");
    }

    @Test
    void anEmptyServicesFile() throws IOException {
        Jars.write(dir.resolve("empty.jar"), Map.of(PLUGIN, "# nothing here\n\n".getBytes(StandardCharsets.UTF_8)));
        assertBad("plugin jar " + dir.resolve("empty.jar") + ": " + PLUGIN + " is empty: it names no class");
    }

    @Test
    void aServicesEntryNamingAMissingClass() throws IOException {
        Jars.write(dir.resolve("typo.jar"), Jars.services(PLUGIN, "com.example.Missing"));
        assertBad("plugin jar " + dir.resolve("typo.jar") + ": " + PLUGIN + " names class com.example.Missing, which "
            + "is neither in the jar nor on the class path");
    }

    @Test
    void aClassThatIsNotAPolicyPlugin() throws IOException {
        Jars.write(dir.resolve("wrong.jar"), Jars.services(PLUGIN, TestPlugins.NotAPlugin.class.getName()));
        assertBad("class " + TestPlugins.NotAPlugin.class.getName() + " is listed in " + PLUGIN
            + " but does not implement io.slowpath.api.plugin.PolicyPlugin");
    }

    @Test
    void aModuleEntryThatIsNotAModule() throws IOException {
        Jars.write(dir.resolve("wrong.jar"), Jars.services(MODULE, TestPlugins.Alpha.class.getName()));
        assertBad("does not implement com.google.inject.Module");
    }

    @Test
    void aPluginWithoutANoArgumentConstructor() throws IOException {
        Jars.write(dir.resolve("ctor.jar"), Jars.services(PLUGIN, TestPlugins.NoDefaultConstructor.class.getName()));
        assertBad("has no public no-argument constructor");
    }

    @Test
    void aPluginWhoseConstructorThrows() throws IOException {
        Jars.write(dir.resolve("boom.jar"), Jars.services(PLUGIN, TestPlugins.ThrowingConstructor.class.getName()));
        assertBad("plugin jar " + dir.resolve("boom.jar") + ": the constructor of "
            + TestPlugins.ThrowingConstructor.class.getName() + " threw java.lang.IllegalStateException: boom");
    }

    @Test
    void aPluginWhoseDependencyIsMissing() throws IOException {
        // Compile a plugin that extends a class of its own library, then ship the plugin without the library.
        Path src = dir.resolve("src/dep");
        Files.createDirectories(src);
        Files.writeString(src.resolve("Base.java"), "package dep;\npublic abstract class Base "
            + "implements io.slowpath.api.plugin.PolicyPlugin {}\n");
        Files.writeString(src.resolve("Needy.java"), "package dep;\npublic final class Needy extends Base {\n"
            + "  public void register(io.slowpath.api.plugin.PolicyRegistrar r) {}\n}\n");
        Path classes = Jars.compile(dir.resolve("src"), dir.resolve("classes"));
        Map<String, byte[]> entries = new LinkedHashMap<>(Jars.services(PLUGIN, "dep.Needy"));
        entries.put("dep/Needy.class", Files.readAllBytes(classes.resolve("dep/Needy.class")));
        Path plugins = dir.resolve("plugins");
        Jars.write(plugins.resolve("needy.jar"), entries);
        SlowpathConfigException e = assertThrows(SlowpathConfigException.class, () -> injector(plugins));
        assertTrue(e.getMessage().contains("plugin jar " + plugins.resolve("needy.jar") + ": class dep.Needy cannot be "
            + "loaded: it needs class dep.Base, which is neither in the jar nor on the class path"), e.getMessage());
    }

    @Test
    void thePluginsDirectoryMustBeADirectory() throws IOException {
        Path file = Files.writeString(dir.resolve("plugins"), "");
        SlowpathConfigException e = assertThrows(SlowpathConfigException.class, () -> injector(file));
        assertEquals("plugins directory " + file + " is not a directory", e.getMessage());
    }

    @Test
    void twoJarsRegisteringOneNameAreNamedBoth() throws IOException {
        Jars.write(dir.resolve("a.jar"), Jars.services(PLUGIN, TestPlugins.Alpha.class.getName()));
        Jars.write(dir.resolve("b.jar"), Jars.services(PLUGIN, TestPlugins.AlphaAgain.class.getName()));
        SlowpathConfigException e = assertThrows(SlowpathConfigException.class, () -> injector(dir));
        assertEquals("kswapd policy 'alpha' is registered twice: by PolicyPlugin " + TestPlugins.Alpha.class.getName()
            + " (plugin jar " + dir.resolve("a.jar") + ") and by PolicyPlugin " + TestPlugins.AlphaAgain.class.getName()
            + " (plugin jar " + dir.resolve("b.jar") + "); remove one of them, or rename one policy", e.getMessage());
    }

    @Test
    void aJarCannotTakeABuiltInName() throws IOException {
        Jars.write(dir.resolve("off.jar"), Jars.services(PLUGIN, TestPlugins.OffAgain.class.getName()));
        SlowpathConfigException e = assertThrows(SlowpathConfigException.class, () -> injector(dir));
        assertTrue(e.getMessage().startsWith("compaction policy 'off' is registered twice: by PolicyPlugin "
            + OffPolicies.class.getName() + " (class path: "), e.getMessage());
        assertTrue(e.getMessage().contains("and by PolicyPlugin " + TestPlugins.OffAgain.class.getName()
            + " (plugin jar " + dir.resolve("off.jar") + ")"), e.getMessage());
    }

    @Test
    void aBadPolicyNameNamesThePlugin() throws IOException {
        Jars.write(dir.resolve("name.jar"), Jars.services(PLUGIN, TestPlugins.BadName.class.getName()));
        SlowpathConfigException e = assertThrows(SlowpathConfigException.class, () -> injector(dir));
        assertEquals("PolicyPlugin " + TestPlugins.BadName.class.getName() + " (plugin jar " + dir.resolve("name.jar")
            + "): policy name 'no spaces' is not valid: use letters, digits, '-', '_' and '.', starting with a letter "
            + "or digit", e.getMessage());
    }

    @Test
    void filesThatAreNotJarsAreIgnored() throws IOException {
        Files.writeString(dir.resolve("README.md"), "plugins go here");
        Jars.write(dir.resolve("alpha.JAR"), Jars.services(PLUGIN, TestPlugins.Alpha.class.getName()));
        Injector i = injector(dir, "policies.kswapd=alpha");
        assertInstanceOf(TestPlugins.NamedKswapd.class, i.getInstance(KswapdPolicy.class));
    }

    private void assertBad(String expected) {
        SlowpathConfigException e = assertThrows(SlowpathConfigException.class, () -> injector(dir));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private static Injector injector(Path plugins, String... sets) {
        return Kernels.builder().set("plugins.dir=\"" + plugins + "\"").set(sets).injector();
    }
}
