package io.camelworker.console;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The options of {@code bin/submit-request}, read from the command line; the broker's default to the worker's own
 * {@code SPRING_RABBITMQ_*} variables, so that the console reaches the broker the workers of the same shell use.
 */
record ConsoleArguments(boolean help, String type, String bodyFile, String json, String tenant, String owner, String session,
                        String contentType, Map<String, Object> headers, Duration timeout, String host, int port,
                        String user, String password, String vhost) {

    /** Seconds to wait for the final answer when {@code --timeout} is not given. */
    static final int DEFAULT_TIMEOUT_SECONDS = 60;

    static final String USAGE = """
            usage: bin/submit-request --type <workerType> (--body <file> | --json '<inline body>') [options]
              --tenant <t>          regards.tenant (default project1)
              --owner <o>           regards.request.owner (default console)
              --session <s>         regards.request.session (default console)
              --content-type <ct>   regards.request.content_type (default <workerType>-request)
              --header <k=v>        an extra request header, repeatable
              --timeout <seconds>   how long to wait for the answer (default 60)
              --host, --port, --user, --password, --vhost
                                    the broker (default $SPRING_RABBITMQ_HOST, _PORT, _USERNAME, _PASSWORD,
                                    _VIRTUAL_HOST, else 127.0.0.1 5672 guest guest /)
              --help                this text
            exit status: 0 SUCCESS, 1 INVALID_CONTENT, ERROR or dead-lettered, 2 no answer in time,
              3 no worker of that type has started on the broker, 64 bad usage, 66 --body file unreadable,
              68 unknown virtual host, 69 broker unreachable, 77 user or password refused
            """;

    private static final Set<String> OPTIONS = Set.of("type", "body", "json", "tenant", "owner", "session", "content-type",
            "header", "timeout", "host", "port", "user", "password", "vhost");

    /** Reads the command line; {@code environment} gives the broker defaults. */
    static ConsoleArguments parse(String[] args, Map<String, String> environment) {
        Map<String, String> options = new LinkedHashMap<>();
        Map<String, Object> headers = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                return helpRequested();
            }
            if (!arg.startsWith("--") || !OPTIONS.contains(arg.substring(2))) {
                throw new UsageException("unknown option '" + arg + "'");
            }
            String name = arg.substring(2);
            if (i + 1 >= args.length) {
                throw new UsageException(arg + " needs a value");
            }
            String value = args[++i];
            if (name.equals("header")) {
                int equals = value.indexOf('=');
                if (equals < 1) {
                    throw new UsageException("--header expects key=value, got '" + value + "'");
                }
                headers.put(value.substring(0, equals), value.substring(equals + 1));
            } else if (options.put(name, value) != null) {
                throw new UsageException(arg + " is given twice");
            }
        }
        String type = options.get("type");
        if (type == null || type.isBlank()) {
            throw new UsageException("--type is required: the worker type to send the request to");
        }
        if (options.containsKey("body") && options.containsKey("json")) {
            throw new UsageException("--body and --json both give the request body: give one of them");
        }
        if (!options.containsKey("body") && !options.containsKey("json")) {
            throw new UsageException("the request body is required: --body <file> or --json '<body>'");
        }
        return new ConsoleArguments(false, type, options.get("body"), options.get("json"),
                options.getOrDefault("tenant", "project1"), options.getOrDefault("owner", "console"),
                options.getOrDefault("session", "console"), options.getOrDefault("content-type", type + "-request"),
                Collections.unmodifiableMap(headers),
                Duration.ofSeconds(positive("--timeout", options.getOrDefault("timeout", String.valueOf(DEFAULT_TIMEOUT_SECONDS)),
                        Integer.MAX_VALUE)),
                broker(options, "host", environment, "SPRING_RABBITMQ_HOST", "127.0.0.1"),
                positive("--port", broker(options, "port", environment, "SPRING_RABBITMQ_PORT", "5672"), 65535),
                broker(options, "user", environment, "SPRING_RABBITMQ_USERNAME", "guest"),
                broker(options, "password", environment, "SPRING_RABBITMQ_PASSWORD", "guest"),
                broker(options, "vhost", environment, "SPRING_RABBITMQ_VIRTUAL_HOST", "/"));
    }

    private static ConsoleArguments helpRequested() {
        return new ConsoleArguments(true, null, null, null, null, null, null, null, Map.of(), null, null, 0, null, null, null);
    }

    private static String broker(Map<String, String> options, String name, Map<String, String> environment, String variable,
                                 String fallback) {
        String value = options.get(name);
        if (value != null) {
            return value;
        }
        value = environment.get(variable);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static int positive(String option, String value, int max) {
        try {
            int number = Integer.parseInt(value.strip());
            if (number >= 1 && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below, with the rule
        }
        throw new UsageException(option + " expects a whole number from 1 to " + max + ", got '" + value + "'");
    }

    /** A command line the console cannot run; exit status 64. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
