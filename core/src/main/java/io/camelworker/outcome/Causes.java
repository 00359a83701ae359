package io.camelworker.outcome;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The cause chain of an exception, outermost first, each exception once so that a cyclic chain ends. Neither Camel's
 * {@code ObjectHelper.getException} (suppressed exceptions first, then from the root up, no guard against cycles) nor
 * Spring's {@code NestedExceptionUtils} (the root cause only) gives the outermost exception of a kind, as Camel's
 * wrapping of a step's exception needs.
 */
public final class Causes {

    private Causes() {
    }

    /** {@code thrown} and its causes, outermost first, each once; empty for null. */
    public static Stream<Throwable> stream(Throwable thrown) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        return Stream.iterate(thrown, t -> t != null && seen.add(t), Throwable::getCause);
    }

    /** The outermost exception of the chain that is a {@code type}. */
    public static <T extends Throwable> Optional<T> find(Throwable thrown, Class<T> type) {
        return stream(thrown).filter(type::isInstance).map(type::cast).findFirst();
    }

    /** The innermost exception of the chain: {@code thrown} itself when it has no cause. */
    public static Throwable root(Throwable thrown) {
        return stream(thrown).reduce((outer, inner) -> inner).orElse(thrown);
    }
}
