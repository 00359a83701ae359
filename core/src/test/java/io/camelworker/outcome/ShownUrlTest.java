package io.camelworker.outcome;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

class ShownUrlTest {

    @Test
    void theUserInfoPartIsRemovedFromValidAndInvalidUrls() {
        assertThat(ShownUrl.of("http://user:secret@minio:9000/bucket/key")).isEqualTo("http://minio:9000/bucket/key");
        assertThat(ShownUrl.of("http://user:se cret@host/not a valid uri")).isEqualTo("http://host/not a valid uri");
    }

    @Test
    void theQueryIsHiddenSinceItMayBeASignature() {
        assertThat(ShownUrl.of(URI.create("https://k:s@host/a?b=c"))).isEqualTo("https://host/a?***");
        assertThat(ShownUrl.of("https://bucket.s3.amazonaws.com/key?X-Amz-Signature=abc123&X-Amz-Expires=60"))
                .isEqualTo("https://bucket.s3.amazonaws.com/key?***");
        assertThat(ShownUrl.of("https://account.blob.core.windows.net/c/f.dat?sv=2024&sig=secret#part"))
                .isEqualTo("https://account.blob.core.windows.net/c/f.dat?***#part");
    }

    @Test
    void aUrlForUseLosesItsUserInfoAndKeepsItsQuery() {
        assertThat(ShownUrl.withoutUserInfo("https://u:p@host/a?X-Amz-Signature=abc")).isEqualTo("https://host/a?X-Amz-Signature=abc");
        assertThat(ShownUrl.withoutUserInfo("https://host/a?b=c")).isEqualTo("https://host/a?b=c");
    }

    @Test
    void urlsWithoutSecretsAreShownAsTheyAre() {
        assertThat(ShownUrl.of("file:/data/in/a.dat")).isEqualTo("file:/data/in/a.dat");
        assertThat(ShownUrl.of("http://host/path@version")).isEqualTo("http://host/path@version");
        assertThat(ShownUrl.of((String) null)).isNull();
    }

    @Test
    void everyUrlOfAMessageIsShownSoAndTheRestOfItIsKept() {
        assertThat(ShownUrl.inText("GET http://u:p@host/a?sig=1 failed: 403; retry with 'https://host/b?t=2'? no"))
                .isEqualTo("GET http://host/a?*** failed: 403; retry with 'https://host/b?***'? no");
        assertThat(ShownUrl.inText("java.io.FileNotFoundException: /data/in/a.dat (is it there?)"))
                .isEqualTo("java.io.FileNotFoundException: /data/in/a.dat (is it there?)");
        assertThat(ShownUrl.inText(null)).isNull();
    }
}
