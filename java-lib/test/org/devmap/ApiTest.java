// SPDX-License-Identifier: Apache-2.0
package org.devmap;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.Test;

/** The exported package's public API names no JNA type (what javap of the jar shows). */
public class ApiTest {

    private static List<String> classNames() throws IOException, URISyntaxException {
        Path where = Path.of(Mapping.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> names = new ArrayList<>();
        if (Files.isDirectory(where)) {
            try (Stream<Path> s = Files.list(where.resolve("org/devmap"))) {
                s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".class"))
                        .forEach(n -> names.add("org.devmap." + n.substring(0, n.length() - 6)));
            }
        } else {
            try (JarFile jar = new JarFile(where.toFile())) {
                for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements();) {
                    String n = e.nextElement().getName();
                    if (n.matches("org/devmap/[^/]+\\.class")) {
                        names.add(n.substring(0, n.length() - 6).replace('/', '.'));
                    }
                }
            }
        }
        return names;
    }

    private static void check(List<String> bad, String where, Class<?>... types) {
        for (Class<?> t : types) {
            while (t.isArray()) {
                t = t.getComponentType();
            }
            if (t.getName().startsWith("com.sun.jna")) {
                bad.add(where + ": " + t.getName());
            }
        }
    }

    @Test
    public void noJnaTypeInThePublicApi() throws Exception {
        List<String> names = classNames();
        assertTrue(names.toString(), names.contains("org.devmap.Mapping"));
        List<String> bad = new ArrayList<>();
        int checked = 0;
        for (String n : names) {
            Class<?> c = Class.forName(n, false, ApiTest.class.getClassLoader());
            if (!Modifier.isPublic(c.getModifiers())) {
                continue;
            }
            checked++;
            if (c.getSuperclass() != null) {
                check(bad, n + " extends", c.getSuperclass());
            }
            check(bad, n + " implements", c.getInterfaces());
            for (Field f : c.getFields()) {
                check(bad, n + "." + f.getName(), f.getType());
            }
            for (Method m : c.getMethods()) {
                check(bad, n + "." + m.getName(), m.getReturnType());
                check(bad, n + "." + m.getName(), m.getParameterTypes());
                check(bad, n + "." + m.getName(), m.getExceptionTypes());
            }
            for (Constructor<?> k : c.getConstructors()) {
                check(bad, n + "()", k.getParameterTypes());
            }
        }
        assertTrue("checked " + checked + " public classes", checked >= 10);
        assertEquals("JNA types in org.devmap's public API", List.of(), bad);
    }
}
