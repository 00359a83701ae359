package io.camelworker.steps;

import org.apache.camel.spi.UriParam;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Which step of a component takes which option, read from the {@link UriParam#label()} of the endpoint's options (the
 * one place that says it, and what the Camel catalog shows): an option given to a step that does not take it stops the
 * route from starting, naming the option and the steps it belongs to. Camel's own check reports the options no step has.
 */
public final class StepOptions {

    /**
     * An option and the steps its label names.
     *
     * @param name     the option's name, or its prefix when it is multi-valued ({@code property.})
     * @param prefixed whether the option is multi-valued, one key per entry
     */
    private record StepOption(String name, boolean prefixed, List<String> steps) {

        boolean matches(String key) {
            return prefixed ? key.startsWith(name) : key.equals(name);
        }

        String shown() {
            return prefixed ? name + "NAME" : name;
        }
    }

    private final String scheme;
    private final List<StepOption> options;
    private final Map<String, List<String>> groups;

    private StepOptions(String scheme, List<StepOption> options, Map<String, List<String>> groups) {
        this.scheme = scheme;
        this.options = options;
        this.groups = groups;
    }

    /** The options of {@code endpoint}'s {@link UriParam} fields, each for the steps its label lists. */
    public static StepOptions of(String scheme, Class<?> endpoint) {
        return of(scheme, endpoint, Map.of());
    }

    /**
     * As {@link #of(String, Class)}, where a label may also name a group of steps ({@code extractor} for every
     * extractor of the metadata component).
     */
    public static StepOptions of(String scheme, Class<?> endpoint, Map<String, List<String>> groups) {
        List<StepOption> options = Arrays.stream(endpoint.getDeclaredFields())
                .filter(field -> field.isAnnotationPresent(UriParam.class))
                .map(field -> {
                    UriParam param = field.getAnnotation(UriParam.class);
                    boolean prefixed = !param.prefix().isEmpty();
                    return new StepOption(prefixed ? param.prefix() : field.getName(), prefixed,
                            List.of(param.label().split(",")));
                })
                .toList();
        return new StepOptions(scheme, options, Map.copyOf(groups));
    }

    /** Throws when one of {@code given} is an option of this component that {@code step} does not take. */
    public void checkApplicable(String uri, String step, Iterable<String> given) {
        for (String key : given) {
            for (StepOption option : options) {
                if (option.matches(key) && !appliesTo(option, step)) {
                    throw new IllegalArgumentException("'" + uri + "': option '" + option.shown() + "' does not apply to"
                            + " step " + scheme + ":" + step + "; it is an option of " + String.join(", ", option.steps())
                            + groupsShown(option) + ". Options of " + scheme + ":" + step + ": " + options.stream()
                            .filter(o -> appliesTo(o, step)).map(StepOption::shown)
                            .collect(Collectors.collectingAndThen(Collectors.joining(", "),
                                    shown -> shown.isEmpty() ? "none" : shown)));
                }
            }
        }
    }

    private boolean appliesTo(StepOption option, String step) {
        return option.steps().stream().anyMatch(label -> label.equals(step)
                || groups.getOrDefault(label, List.of()).contains(step));
    }

    private String groupsShown(StepOption option) {
        return option.steps().stream().filter(groups::containsKey)
                .map(group -> " (every " + group + ": " + String.join(", ", groups.get(group)) + ")")
                .collect(Collectors.joining());
    }
}
