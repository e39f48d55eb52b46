package dev.weft.launcher;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code --name value} options of a stand-alone mode ({@code weft agents}, {@code weft broker}),
 * read before any framework starts. Every mistake is an {@link IllegalArgumentException} whose
 * message names the option, so the mode can print it above its usage and exit.
 */
final class CommandFlags {
    private final Map<String, String> values;

    private CommandFlags(Map<String, String> values) {
        this.values = values;
    }

    /**
     * @param args  the whole command line; {@code args[0]} is the mode and is skipped
     * @param known the accepted option names, with their leading dashes
     */
    static CommandFlags parse(String[] args, List<String> known) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            String name = args[i];
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown option '" + name + "' (expected " + String.join(", ", known) + ")");
            }
            if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                throw new IllegalArgumentException(name + ": needs a value");
            }
            if (values.put(name, args[++i]) != null) {
                throw new IllegalArgumentException(name + ": given twice");
            }
        }
        return new CommandFlags(values);
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    Optional<String> text(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** An integer option within [min, max], or the fallback when it is absent. */
    int integer(String name, int fallback, int min, int max) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        int n;
        try {
            n = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": expected a whole number, but got '" + value + "'");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(name + ": expected a number from " + min + " to " + max + ", but got " + n);
        }
        return n;
    }

    /** Prints the mistake and the usage, then ends the process with status 2. */
    static void exitWithUsage(IllegalArgumentException mistake, String usage) {
        System.err.println("weft: " + mistake.getMessage());
        System.err.println(usage);
        System.exit(2);
    }
}
