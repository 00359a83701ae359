package io.camelworker.outcome;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

class ShownUrlTest {

    @Test
    void theUserInfoPartIsRemovedFromValidAndInvalidUrls() {
        assertThat(ShownUrl.of("http://user:secret@minio:9000/bucket/key")).isEqualTo("http://minio:9000/bucket/key");
        assertThat(ShownUrl.of(URI.create("https://k:s@host/a?b=c"))).isEqualTo("https://host/a?b=c");
        assertThat(ShownUrl.of("http://user:se cret@host/not a valid uri")).isEqualTo("http://host/not a valid uri");
    }

    @Test
    void urlsWithoutUserInfoAreShownAsTheyAre() {
        assertThat(ShownUrl.of("file:/data/in/a.dat")).isEqualTo("file:/data/in/a.dat");
        assertThat(ShownUrl.of("http://host/path@version")).isEqualTo("http://host/path@version");
        assertThat(ShownUrl.of((String) null)).isNull();
    }
}
