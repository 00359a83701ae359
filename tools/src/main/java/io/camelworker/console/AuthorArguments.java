package io.camelworker.console;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command line of {@code bin/check-routes} and {@code bin/run-route}: the command's own options, and worker
 * settings ({@code --worker.files.allowed-roots=/data}, any {@code --name.of.property=value}), passed to the worker as
 * on its own command line.
 *
 * @param help       {@code --help} was given
 * @param options    the command's options and their values (the last {@code --header} wins per key, in {@code headers})
 * @param headers    {@code --header key=value}, in order
 * @param properties worker settings, as {@code --name=value} arguments
 */
record AuthorArguments(boolean help, Map<String, String> options, Map<String, Object> headers, List<String> properties) {

    /** Reads {@code args}; {@code names} are the command's options, each with a value. */
    static AuthorArguments parse(String[] args, Set<String> names) {
        Map<String, String> options = new LinkedHashMap<>();
        Map<String, Object> headers = new LinkedHashMap<>();
        List<String> properties = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                return new AuthorArguments(true, Map.of(), Map.of(), List.of());
            }
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 2 && arg.substring(2, equals).contains(".")) {
                properties.add(arg);
                continue;
            }
            if (!arg.startsWith("--") || !names.contains(arg.substring(2))) {
                throw new ConsoleArguments.UsageException("unknown option '" + arg + "' (worker settings are given as"
                        + " --name.of.setting=value)");
            }
            String name = arg.substring(2);
            if (i + 1 >= args.length) {
                throw new ConsoleArguments.UsageException(arg + " needs a value");
            }
            String value = args[++i];
            if (name.equals("header")) {
                int split = value.indexOf('=');
                if (split < 1) {
                    throw new ConsoleArguments.UsageException("--header expects key=value, got '" + value + "'");
                }
                headers.put(value.substring(0, split), value.substring(split + 1));
            } else if (options.put(name, value) != null) {
                throw new ConsoleArguments.UsageException(arg + " is given twice");
            }
        }
        return new AuthorArguments(false, Collections.unmodifiableMap(options), Collections.unmodifiableMap(headers),
                List.copyOf(properties));
    }

    String option(String name) {
        return options.get(name);
    }

    String option(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }
}
