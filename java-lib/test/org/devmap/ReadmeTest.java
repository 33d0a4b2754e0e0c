// SPDX-License-Identifier: Apache-2.0
package org.devmap;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Every Java block of the top README and of java-lib/README.md compiles
 * and runs, and the quick start's command lines run its class on the JVM
 * of the tests without a word on stderr (the warning of a missing
 * --enable-native-access on JDK 24+). Run from java-lib/ (Ant): from the
 * jars on a board the READMEs are absent and the tests skip.
 */
public class ReadmeTest {
    private static final Path README = Path.of("../README.md");
    private static final Path LIB_README = Path.of("README.md");
    /** The library jar and JNA, for the quick start's command lines (set by build.xml). */
    private static final String LIB_JAR = System.getProperty("devmap.lib.jar", "");
    private static final String JNA_JAR = System.getProperty("devmap.jna.jar", "");
    /** What a snippet sees: the imports of the examples. */
    private static final String IMPORTS = "import java.io.*;\nimport java.nio.file.*;\n"
            + "import java.time.*;\nimport java.util.*;\nimport org.devmap.*;\n";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    /** The ```LANG blocks of a Markdown file. */
    static List<String> blocks(Path md, String lang) throws IOException {
        List<String> out = new ArrayList<>();
        StringBuilder cur = null;
        for (String l : Files.readAllLines(md)) {
            if (cur == null && l.trim().equals("```" + lang)) {
                cur = new StringBuilder();
            } else if (cur != null && l.trim().equals("```")) {
                out.add(cur.toString());
                cur = null;
            } else if (cur != null) {
                cur.append(l).append('\n');
            }
        }
        return out;
    }

    private static void needsReadmes() {
        assumeTrue("needs " + README + " and " + LIB_README + " (run from java-lib/)",
                Files.isRegularFile(README) && Files.isRegularFile(LIB_README));
    }

    private static JavaCompiler compiler() {
        JavaCompiler c = ToolProvider.getSystemJavaCompiler();
        assumeTrue("needs a JDK's compiler (this runtime has none)", c != null);
        return c;
    }

    /** A class of its own as it is; a snippet in a method run(), its imports on top. */
    private static String source(String block, String name) {
        if (block.contains("public class ")) {
            return block;
        }
        StringBuilder imports = new StringBuilder(IMPORTS);
        StringBuilder body = new StringBuilder();
        for (String l : block.split("\n")) {
            (l.startsWith("import ") ? imports : body).append(l).append('\n');
        }
        return imports + "public class " + name + " {\n    public static void run() throws Exception {\n"
                + body + "    }\n}\n";
    }

    private static String className(String source) {
        int i = source.indexOf("public class ") + "public class ".length();
        int j = i;
        while (Character.isJavaIdentifierPart(source.charAt(j))) {
            j++;
        }
        return source.substring(i, j);
    }

    /** Compiles the sources into dir; fails with the compiler's words. */
    private static void compile(List<Path> files, Path dir) {
        ByteArrayOutputStream diag = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("-d", dir.toString(), "-Xlint:all",
                "-cp", System.getProperty("java.class.path")));
        for (Path f : files) {
            args.add(f.toString());
        }
        int rc = compiler().run(null, null, diag, args.toArray(new String[0]));
        assertEquals("javac of the README blocks:\n" + diag.toString(StandardCharsets.UTF_8), 0, rc);
    }

    @Test
    public void everyJavaBlockCompilesAndRuns() throws Exception {
        needsReadmes();
        compiler();
        Path src = tmp.newFolder("src").toPath();
        Path out = tmp.newFolder("classes").toPath();
        List<Path> files = new ArrayList<>();
        List<String> names = new ArrayList<>();
        int n = 0;
        for (Path md : List.of(README, LIB_README)) {
            for (String b : blocks(md, "java")) {
                String s = source(b, "Block" + n++);
                String name = className(s);
                Path f = src.resolve(name + ".java");
                assertTrue("two blocks define " + name, !Files.exists(f));
                Files.writeString(f, s);
                files.add(f);
                names.add(name);
            }
        }
        assertTrue("found " + n + " Java blocks", n >= 6);
        compile(files, out);
        Path file = tmp.newFile("mem").toPath();
        Files.write(file, new byte[8192]);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {out.toUri().toURL()},
                ReadmeTest.class.getClassLoader())) {
            for (String name : names) {
                Class<?> c = loader.loadClass(name);
                if (name.startsWith("Block")) {
                    runSnippet(c);
                } else {
                    String got = runMain(c, file);
                    assertEquals(name + " on a file", "0x10: 0x600dcafe\n", got);
                }
            }
        }
    }

    /**
     * A snippet runs into its error path on a host: /dev/map is absent, so
     * it ends in its own catch or throws an IOException. With a real
     * /dev/map it would touch the hardware at the example's addresses:
     * there it is compiled only.
     */
    private static void runSnippet(Class<?> c) throws Exception {
        if (Files.exists(Path.of("/dev/map"))) {
            return;
        }
        Method run = c.getMethod("run");
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            run.invoke(null);
        } catch (InvocationTargetException e) {
            // The examples let open's errors out (ENOENT here) or name the window.
            Throwable t = e.getCause();
            assertTrue(c.getName() + " threw " + t, t instanceof IOException
                    || t instanceof java.util.NoSuchElementException);
        } finally {
            System.setErr(saved);
        }
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(c.getName() + " printed " + e, e.isEmpty() || e.contains("/dev/map"));
    }

    private static String runMain(Class<?> c, Path file) throws Exception {
        PrintStream saved = System.out;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        try {
            c.getMethod("main", String[].class).invoke(null, (Object) new String[] {file.toString(), "0"});
        } finally {
            System.setOut(saved);
        }
        return o.toString(StandardCharsets.UTF_8);
    }

    /**
     * The quick start's `java` lines, run as they are (jar names replaced
     * by the build's) with the test JVM on the quick start's class, on a
     * file: exit 0, the expected line, and nothing at all on stderr.
     */
    @Test
    public void quickStartCommandLinesRunWithoutWarnings() throws Exception {
        needsReadmes();
        assumeTrue("needs the library jar and JNA (-Ddevmap.lib.jar, -Ddevmap.jna.jar: ant test sets them)",
                new File(LIB_JAR).isFile() && new File(JNA_JAR).isFile());
        String hello = null;
        for (String b : blocks(LIB_README, "java")) {
            if (b.contains("public class Hello")) {
                hello = b;
            }
        }
        assertTrue("no class Hello in " + LIB_README, hello != null);
        Path dir = tmp.newFolder("quick").toPath();
        Files.writeString(dir.resolve("Hello.java"), hello);
        Path file = dir.resolve("mem");
        Files.write(file, new byte[4096]);
        List<String> lines = new ArrayList<>();
        for (String b : blocks(LIB_README, "sh")) {
            for (String l : b.split("\n")) {
                if (l.startsWith("java ") && l.contains("Hello.java")) {
                    lines.add(l);
                }
            }
        }
        assertEquals("the class path and the module path lines: " + lines, 2, lines.size());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (String l : lines) {
            List<String> cmd = new ArrayList<>();
            for (String w : l.split(" +")) {
                cmd.add(w.equals("java") ? java
                        : w.replace("devmap-0.3.0.jar", LIB_JAR).replace("jna-5.17.0.jar", JNA_JAR));
            }
            cmd.add(file.toString());
            cmd.add("0");
            Process p = new ProcessBuilder(cmd).directory(dir.toFile())
                    .redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile())
                    .start();
            assertTrue("still running after 2 min: " + cmd, p.waitFor(2, TimeUnit.MINUTES));
            String o = Files.readString(dir.resolve("out"));
            String e = Files.readString(dir.resolve("err"));
            assertEquals(cmd + "\nstderr: " + e, 0, p.exitValue());
            assertEquals(cmd + " on Java " + Runtime.version() + ": nothing on stderr", "", e);
            assertEquals(cmd.toString(), "0x10: 0x600dcafe\n", o);
        }
    }
}
