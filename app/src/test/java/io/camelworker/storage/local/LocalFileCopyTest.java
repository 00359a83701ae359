package io.camelworker.storage.local;

import io.camelworker.confinement.AllowedRoots;
import io.camelworker.outcome.ProcessingErrorException;
import io.camelworker.outcome.RequestCancellation;
import io.camelworker.storage.Destination;
import io.camelworker.storage.DigestThreads;
import io.camelworker.storage.FileSourceReader;
import io.camelworker.storage.FileTransfer;
import io.camelworker.storage.Sources;
import io.camelworker.storage.StorageProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A local file stored into a local directory is copied by the kernel and digested by reading back what was written
 * (FileTransfer's local path): same guarantees as the streaming copy.
 */
class LocalFileCopyTest {

    /** Several of the local copy's 4 MiB chunks, and a last one that is not full. */
    private static final int SIZE = 9 * 1024 * 1024 + 5;

    @TempDir
    Path in;
    @TempDir
    Path out;

    @Test
    void storesTheSameBytesWithTheirDigestAndNoTemporaryFile() throws Exception {
        byte[] content = randomFile();
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));

        FileTransfer.TransferResult result = transfer().transfer("url", in.resolve("source.bin").toUri().toString(),
                null, copyInOut(), "MD5", md5, new RequestCancellation());

        assertThat(result.checksum()).isEqualTo(md5);
        assertThat(result.size()).isEqualTo(SIZE);
        assertThat(Files.readAllBytes(out.resolve("copy.bin"))).isEqualTo(content);
        assertThat(files(out)).containsExactly(out.resolve("copy.bin"));
    }

    @Test
    void aMismatchStoresNothing() throws Exception {
        randomFile();

        assertThatThrownBy(() -> transfer().transfer("url", in.resolve("source.bin").toUri().toString(), null,
                copyInOut(), "MD5", "0123456789abcdef0123456789abcdef", new RequestCancellation()))
                .isInstanceOf(ProcessingErrorException.class).hasMessageContaining("checksum mismatch");
        assertThat(files(out)).isEmpty();
    }

    @Test
    void anInterruptedCopyStopsAndLeavesNoTemporaryFile() throws Exception {
        randomFile();
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> transfer().transfer("url", in.resolve("source.bin").toUri().toString(), null,
                    copyInOut(), "MD5", null, new RequestCancellation()))
                    .isInstanceOf(InterruptedIOException.class).hasMessageContaining("nothing was stored");
            assertThat(Thread.currentThread().isInterrupted()).as("interrupt flag restored").isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(files(out)).isEmpty();
    }

    private byte[] randomFile() throws Exception {
        byte[] content = new byte[SIZE];
        new Random(7).nextBytes(content);
        Files.write(in.resolve("source.bin"), content);
        return content;
    }

    private FileTransfer transfer() {
        return new FileTransfer(new Sources(List.of(new FileSourceReader(new AllowedRoots(List.of(in, out)))),
                StorageProperties.DEFAULT_MAX_FILE_SIZE), 64 * 1024, DigestThreads.pool());
    }

    private Destination copyInOut() {
        return new LocalDestinationFactory(new AllowedRoots(List.of(out)), List.of(), false)
                .open("directory", out.toUri(), "copy.bin");
    }

    private static List<Path> files(Path directory) throws Exception {
        try (Stream<Path> files = Files.list(directory)) {
            return files.toList();
        }
    }
}
