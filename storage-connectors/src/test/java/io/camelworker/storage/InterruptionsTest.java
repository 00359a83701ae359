package io.camelworker.storage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InterruptionsTest {

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    @Test
    void copiesToTheEndAndDigestsOnTheWay() throws Exception {
        byte[] content = new byte[100_000];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) i;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        assertThat(Interruptions.copy(new ByteArrayInputStream(content), out, md5, 4096, "x")).isEqualTo(content.length);
        assertThat(out.toByteArray()).isEqualTo(content);
        assertThat(HexFormat.of().formatHex(md5.digest()))
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content)));
    }

    @Test
    void aCheckPassesUntilTheThreadIsInterruptedThenNamesWhatWasUnderWay() throws Exception {
        Interruptions.check("checking product file 'a.tif'");
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> Interruptions.check("checking product file 'a.tif'"))
                .isInstanceOf(InterruptedIOException.class).hasMessage("checking product file 'a.tif' interrupted");
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
    }

    @Test
    void anInterruptedThreadStopsTheCopyAndKeepsItsFlag() {
        Thread.currentThread().interrupt();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThatThrownBy(() -> Interruptions.copy(new ByteArrayInputStream(new byte[10_000]), out, null, 4096,
                "archive url 'file:/a.zip'"))
                .isInstanceOf(InterruptedIOException.class)
                .hasMessage("archive url 'file:/a.zip': interrupted after 0 bytes");
        assertThat(out.size()).isZero();
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
    }
}
