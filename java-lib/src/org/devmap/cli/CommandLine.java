// SPDX-License-Identifier: Apache-2.0
package org.devmap.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A command line parsed against {@link Option#TABLE}: options may come
 * before or after the command and its arguments, as {@code --name value},
 * {@code --name=value}, {@code -w value} or {@code -w8}; {@code --} ends
 * the options.
 * A word that looks like a negative number is an argument (so that it gets
 * the argument's own error message).
 */
final class CommandLine {
    /** The command, or null. */
    final String command;
    /** The arguments after the command. */
    final List<String> args;
    /** A {@code --} ended the options. */
    final boolean endOfOptions;
    private final Map<String, List<String>> values;
    /** Each option as given: the name used and the value (null for flags). */
    private final List<String[]> given;

    private CommandLine(String command, List<String> args, Map<String, List<String>> values,
            List<String[]> given, boolean endOfOptions) {
        this.command = command;
        this.args = args;
        this.endOfOptions = endOfOptions;
        this.values = values;
        this.given = given;
    }

    static CommandLine parse(String[] argv) throws UsageException {
        List<String> words = new ArrayList<>();
        List<String[]> given = new ArrayList<>();
        boolean options = true;
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            if (options && a.equals("--")) {
                options = false;
                continue;
            }
            if (!options || !a.startsWith("-") || a.equals("-") || Character.isDigit(a.charAt(1))) {
                words.add(a);
                continue;
            }
            int eq = a.startsWith("--") ? a.indexOf('=') : -1;
            String name = eq > 0 ? a.substring(0, eq) : a;
            String value = eq > 0 ? a.substring(eq + 1) : null;
            // The command may come later: which entry applies is decided below.
            Option o = Option.find(name, null);
            if (o == null && !a.startsWith("--") && a.length() > 2) {
                // A short option with its value attached: -w8.
                o = Option.find(a.substring(0, 2), null);
                if (o != null && o.arg != null) {
                    name = a.substring(0, 2);
                    value = a.substring(2);
                } else {
                    o = null;
                }
            }
            if (o == null) {
                throw new UsageException("unknown option '" + name + "'");
            }
            if (o.arg == null && value != null) {
                throw new UsageException("option " + name + " takes no value");
            }
            if (o.arg != null && value == null) {
                if (i + 1 >= argv.length) {
                    throw new UsageException("option " + name + " needs a value");
                }
                value = argv[++i];
            }
            given.add(new String[] {name, value});
        }
        String command = words.isEmpty() ? null : words.get(0);
        List<String> args = words.isEmpty() ? List.of() : List.copyOf(words.subList(1, words.size()));
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (String[] g : given) {
            Option o = Option.find(g[0], command);
            // No lambdas or regular expressions on this path: their first
            // use costs a one-shot command several milliseconds.
            List<String> v = values.get(o.name);
            if (v == null) {
                v = new ArrayList<>();
                values.put(o.name, v);
            }
            v.add(g[1] == null ? "" : g[1]);
        }
        return new CommandLine(command, args, values, given, !options);
    }

    /**
     * Checks the options against the command: each applies to it, and only
     * repeatable ones are given more than once.
     */
    void check() throws UsageException {
        for (String[] g : given) {
            Option o = Option.find(g[0], command);
            if (!o.appliesTo(command)) {
                throw new UsageException(command + ": option " + g[0] + " does not apply (see 'devmap "
                        + command + " --help')");
            }
            if (values.get(o.name).size() > 1 && !o.repeatable) {
                throw new UsageException("option " + o.name + " given twice");
            }
        }
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    /** The value of an option given once, or null. */
    String value(String name) {
        List<String> v = values.get(name);
        return v == null ? null : v.get(0);
    }

    /** Every value of a repeatable option, in order. */
    List<String> values(String name) {
        return values.getOrDefault(name, List.of());
    }
}
