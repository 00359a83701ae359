package io.camelworker.outcome;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;

import static org.assertj.core.api.Assertions.assertThat;

class CausesTest {

    private final IOException root = new IOException("disk full");
    private final InvalidContentException inner = new InvalidContentException("inner", root);
    private final InvalidContentException middle = new InvalidContentException("outer", inner);
    private final RuntimeException outer = new RuntimeException("wrapped", middle);

    @Test
    void theChainIsWalkedOutermostFirst() {
        assertThat(Causes.stream(outer)).containsExactly(outer, middle, inner, root);
    }

    @Test
    void theOutermostExceptionOfAKindIsFound() {
        assertThat(Causes.find(outer, InvalidContentException.class)).containsSame(middle);
        assertThat(Causes.find(outer, IOException.class)).containsSame(root);
        assertThat(Causes.find(outer, UncheckedIOException.class)).isEmpty();
    }

    @Test
    void theRootIsTheInnermostCauseOrTheExceptionItself() {
        assertThat(Causes.root(outer)).isSameAs(root);
        assertThat(Causes.root(root)).isSameAs(root);
    }

    @Test
    void aCyclicChainEnds() {
        RuntimeException first = new RuntimeException("first");
        RuntimeException second = new RuntimeException("second", first);
        first.initCause(second);

        assertThat(Causes.stream(first)).containsExactly(first, second);
        assertThat(Causes.root(first)).isSameAs(second);
        assertThat(Causes.find(first, IOException.class)).isEmpty();
    }

    @Test
    void noExceptionHasNoChain() {
        assertThat(Causes.stream(null)).isEmpty();
        assertThat(Causes.find(null, RuntimeException.class)).isEmpty();
    }
}
