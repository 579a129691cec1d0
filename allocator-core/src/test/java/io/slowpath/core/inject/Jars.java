package io.slowpath.core.inject;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.slowpath.api.Gfp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Builds plugin jars for the tests: from files, from classes of the test class path, or compiled from sources. */
final class Jars {
    private Jars() {
    }

    /** Writes a jar holding {@code entries} (path inside the jar to bytes). */
    static Path write(Path jar, Map<String, byte[]> entries) throws IOException {
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        Files.createDirectories(jar.getParent());
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jos = new JarOutputStream(out, mf)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                jos.putNextEntry(new JarEntry(e.getKey()));
                jos.write(e.getValue());
                jos.closeEntry();
            }
        }
        return jar;
    }

    /** Entries for a services file. */
    static Map<String, byte[]> services(String serviceFile, String... classNames) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put(serviceFile, (String.join("\n", classNames) + "\n").getBytes(StandardCharsets.UTF_8));
        return m;
    }

    /** The class file of a test class, as an entry name and bytes. */
    static Map<String, byte[]> classFile(Class<?> c) throws IOException {
        String name = c.getName().replace('.', '/') + ".class";
        try (InputStream in = c.getClassLoader().getResourceAsStream(name)) {
            assertNotNull(in, name);
            return Map.of(name, in.readAllBytes());
        }
    }

    /** Every file under {@code dir}, as jar entries. */
    static Map<String, byte[]> tree(Path dir) throws IOException {
        Map<String, byte[]> m = new LinkedHashMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                m.put(dir.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
            }
        }
        return m;
    }

    /** Where the allocator-api classes are (a classes directory or a jar): what a plugin compiles against. */
    static Path apiClasses() {
        try {
            return Path.of(Gfp.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Compiles every {@code .java} under {@code sources} against the allocator-api classes alone, into {@code out}.
     * Skips the test (assumption) when this JVM has no compiler.
     */
    static Path compile(Path sources, Path out) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assumeTrue(javac != null, "no Java compiler in this JVM (a JRE?): skipping");
        List<String> args = new ArrayList<>(List.of("--release", "17", "-Xlint:all", "-classpath",
            apiClasses().toString(), "-d", out.toString()));
        try (Stream<Path> s = Files.walk(sources)) {
            s.filter(p -> p.toString().endsWith(".java")).sorted().forEach(p -> args.add(p.toString()));
        }
        Files.createDirectories(out);
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = javac.run(null, diagnostics, diagnostics, args.toArray(String[]::new));
        assertTrue(rc == 0, "javac failed for " + sources + ":\n" + diagnostics.toString(StandardCharsets.UTF_8));
        return out;
    }
}
