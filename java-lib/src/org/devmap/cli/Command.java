// SPDX-License-Identifier: Apache-2.0
package org.devmap.cli;

/** The CLI's commands: name, arguments and help; {@link Main} runs them. */
enum Command {
    INFO("info", "", "list the windows from sysfs",
            "Lists the windows of /dev/map from sysfs: name, range, size, mode, source,\n"
            + "and for DMA buffers the DMA address, coherent or not, and the DMA device.\n"
            + "Then, if any window has interrupts, one line per interrupt: window, index,\n"
            + "Linux irq number, source, trigger, count and whether it is masked."),
    READ("read", "ADDR [WIDTH]", "ordered read, printed as hex (default 32 bits)",
            "Reads one value at ADDR with an ordered access of WIDTH bits (8, 16, 32 or\n"
            + "64; default 32) and prints it as hex, 0x and WIDTH/4 digits. With --field,\n"
            + "prints only that field of the value, shifted down."),
    WRITE("write", "ADDR VALUE...", "ordered stores of consecutive values (default 32 bits)",
            "Writes each VALUE with an ordered store of --width bits (default 32), the first\n"
            + "at ADDR, the next ones at the following addresses. Nothing is read back:\n"
            + "registers may have side effects on read. Every value is checked before the\n"
            + "first store."),
    MODIFY("modify", "ADDR", "read-modify-write: --set, --clear, --field",
            "Reads the value at ADDR (--width bits, default 32), clears the bits of\n"
            + "--clear, sets those of --set and of each --field HI:LO=VALUE, writes the\n"
            + "result and prints 'OLD -> NEW'. Not atomic: a write by someone else between\n"
            + "the read and the write is lost."),
    DUMP("dump", "ADDR LEN", "hexdump -C of a range, physical addresses",
            "Prints LEN bytes from ADDR in the layout of hexdump -C, with physical\n"
            + "addresses; repeated lines are shown as '*'."),
    FILL("fill", "ADDR LEN VALUE [WIDTH]", "fill a range (default 8 bits)",
            "Fills LEN bytes from ADDR with VALUE repeated at WIDTH bits (default 8);\n"
            + "LEN is a multiple of the width."),
    MEMTEST("memtest", "ADDR LEN", "test memory with patterns",
            "Writes and checks walking-ones, address and random patterns over the range;\n"
            + "stops at the first bad word, naming its address. Exit 1 on a failure."),
    BENCH("bench", "ADDR LEN", "access speed; with --op one machine-readable line",
            "Measures ordered and bulk accesses over the range (it is overwritten).\n"
            + "With --op, prints one line in the format of tests/bench/devmap_bench.c."),
    SYNC("sync", "WINDOW OFFSET LENGTH", "cache maintenance of a DMA buffer range",
            "Hands LENGTH bytes at OFFSET of the buffer window WINDOW to the device\n"
            + "(--for-device: after the CPU wrote what the device will read) or back to\n"
            + "the CPU (--for-cpu: before the CPU reads what the device wrote). A no-op\n"
            + "on coherent buffers ('devmap info'), allowed anyway."),
    WAIT("wait", "WINDOW", "wait for a window's interrupt, one line per event",
            "Waits for interrupt --index (default 0) of WINDOW and prints each event as\n"
            + "'count=C dt=S.SSSSSSs': the interrupt's total count (32 bits) and the time\n"
            + "since the previous event (the first: since the wait began), with 'missed=M'\n"
            + "when the count jumped by more than one. Ends after --count events (default\n"
            + "1; 0: never). Re-enables the interrupt after each event but the last: for a\n"
            + "level-triggered source the device must have been acknowledged by then.\n"
            + "Exit status 3 when no event came within --timeout (per event)."),
    HELP("help", "[COMMAND]", "show this help, or a command's",
            "Shows the usage of devmap, or of COMMAND.");

    final String name;
    final String synopsis;
    final String summary;
    final String description;

    Command(String name, String synopsis, String summary, String description) {
        this.name = name;
        this.synopsis = synopsis;
        this.summary = summary;
        this.description = description;
    }

    /** The command called {@code name}, or null. */
    static Command find(String name) {
        for (Command c : values()) {
            if (c.name.equals(name)) {
                return c;
            }
        }
        return null;
    }

    /** The help of the whole tool. */
    static String usage() {
        StringBuilder sb = new StringBuilder();
        sb.append("Usage: devmap [OPTIONS] COMMAND [ARGS] [OPTIONS]\n\n");
        sb.append("Access physical memory windows through /dev/map.\n\nCommands:\n");
        for (Command c : values()) {
            sb.append(String.format("  %-30s %s%n", c.name + " " + c.synopsis, c.summary));
        }
        sb.append("\nOptions (anywhere on the line; -- ends them):\n");
        for (Option o : Option.TABLE) {
            if (o.isGlobal()) {
                sb.append(o.helpLine());
            }
        }
        sb.append("\n'devmap COMMAND --help' shows a command's own options.\n");
        sb.append(NUMBERS);
        return sb.toString();
    }

    /** The help of this command. */
    String help() {
        StringBuilder sb = new StringBuilder();
        sb.append("Usage: devmap ").append(name).append(" [OPTIONS]");
        sb.append(synopsis.isEmpty() ? "" : " " + synopsis).append("\n\n");
        sb.append(description).append("\n");
        boolean first = true;
        for (Option o : Option.TABLE) {
            if (!o.isGlobal() && o.appliesTo(name)) {
                sb.append(first ? "\nOptions:\n" : "").append(o.helpLine());
                first = false;
            }
        }
        sb.append("\nGlobal options:\n");
        for (Option o : Option.TABLE) {
            if (o.isGlobal()) {
                sb.append(o.helpLine());
            }
        }
        sb.append("\n").append(NUMBERS);
        return sb.toString();
    }

    private static final String NUMBERS = "Numbers are hex (0x...) or decimal; LEN may end in K, M or G.\n"
            + "Exit status: 0 ok, 1 failure, 2 usage error, 3 wait timed out.\n";
}
