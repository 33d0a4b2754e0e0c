// SPDX-License-Identifier: Apache-2.0
package org.devmap;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.devmap.internal.DevmapIoctl;
import org.junit.Test;

/**
 * The ioctl ABI of {@link DevmapIoctl} against the driver's header: the
 * build compiles {@code abi/devmap_abi.c} with {@code devmap_ioctl.h} and
 * writes what it prints ("NAME 0xVALUE": every number, size and offset) to
 * the file named by {@code devmap.abi.file}. Every line must have a
 * constant of that name and value, and every constant a line.
 */
public class IoctlAbiTest {

    /** The constants of DevmapIoctl by name. */
    static Map<String, Long> javaSide() throws IllegalAccessException {
        Map<String, Long> m = new TreeMap<>();
        for (Field f : DevmapIoctl.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers())) {
                m.put(f.getName(), ((Number) f.get(null)).longValue());
            }
        }
        return m;
    }

    /** The header's side, as the C program printed it. */
    static Map<String, Long> parse(List<String> lines) {
        Map<String, Long> m = new TreeMap<>();
        for (String l : lines) {
            String[] w = l.trim().split(" ");
            assertTrue("not 'NAME 0xVALUE': '" + l + "'", w.length == 2 && w[1].startsWith("0x"));
            m.put(w[0], Long.parseUnsignedLong(w[1].substring(2), 16));
        }
        return m;
    }

    /** Every difference, one per line; empty when both sides agree. */
    static List<String> differences(Map<String, Long> header, Map<String, Long> java) {
        List<String> bad = new ArrayList<>();
        for (Map.Entry<String, Long> e : header.entrySet()) {
            Long j = java.get(e.getKey());
            if (j == null) {
                bad.add(e.getKey() + ": the header has 0x" + Long.toHexString(e.getValue())
                        + ", DevmapIoctl has no such constant");
            } else if (!j.equals(e.getValue())) {
                bad.add(e.getKey() + ": the header has 0x" + Long.toHexString(e.getValue())
                        + ", DevmapIoctl 0x" + Long.toHexString(j));
            }
        }
        for (String k : java.keySet()) {
            if (!header.containsKey(k)) {
                bad.add(k + ": in DevmapIoctl, not printed by abi/devmap_abi.c");
            }
        }
        return bad;
    }

    @Test
    public void everyNumberSizeAndOffsetMatchesTheHeader() throws IOException, IllegalAccessException {
        String name = System.getProperty("devmap.abi.file", "");
        Path file = Path.of(name);
        assumeTrue("needs the output of abi/devmap_abi.c (" + (name.isEmpty() ? "devmap.abi.file unset" : name)
                + "): ant test writes it when ../driver/devmap_ioctl.h and a C compiler are there",
                !name.isEmpty() && Files.isRegularFile(file));
        Map<String, Long> header = parse(Files.readAllLines(file));
        assertTrue("the program printed " + header.size() + " values", header.size() >= 15);
        assertEquals("DevmapIoctl against driver/devmap_ioctl.h", List.of(), differences(header, javaSide()));
    }

    /** The comparison itself: a changed number is a difference, named. */
    @Test
    public void aChangedNumberIsReported() throws IllegalAccessException {
        Map<String, Long> header = new TreeMap<>(javaSide());
        assertEquals(List.of(), differences(header, javaSide()));
        header.put("IOC_SYNC", 0x4018db01L);
        header.put("NEW_FIELD", 8L);
        header.remove("SYNC_FLAGS");
        assertEquals(List.of(
                "IOC_SYNC: the header has 0x4018db01, DevmapIoctl 0x4020db01",
                "NEW_FIELD: the header has 0x8, DevmapIoctl has no such constant",
                "SYNC_FLAGS: in DevmapIoctl, not printed by abi/devmap_abi.c"),
                differences(header, javaSide()));
    }
}
