// SPDX-License-Identifier: Apache-2.0
package org.devmap.cli;

/**
 * One JSON object on one line, for {@code --json}: names in the order
 * given, strings escaped, numbers as they are. Addresses are strings of
 * hex ({@code "0xc0000000"}) because JSON readers often keep numbers as
 * doubles, which lose the low bits of 64-bit addresses; sizes and counts
 * are numbers.
 */
final class Json {
    private final StringBuilder sb = new StringBuilder("{");

    Json put(String name, String value) {
        return name(name).string(value);
    }

    Json put(String name, long value) {
        name(name).sb.append(value);
        return this;
    }

    Json put(String name, boolean value) {
        name(name).sb.append(value);
        return this;
    }

    /** A value already in JSON: an object, an array or a number. */
    Json raw(String name, String json) {
        name(name).sb.append(json);
        return this;
    }

    /** The address as a hex string. */
    Json hex(String name, long value) {
        return put(name, "0x" + Long.toHexString(value));
    }

    private Json name(String name) {
        if (sb.length() > 1) {
            sb.append(',');
        }
        return string(name).colon();
    }

    private Json colon() {
        sb.append(':');
        return this;
    }

    private Json string(String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        sb.append('"');
        return this;
    }

    @Override
    public String toString() {
        return sb + "}";
    }
}
