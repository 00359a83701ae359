package io.camelworker.storage;

import io.camelworker.confinement.AllowedRoots;
import io.camelworker.storage.local.LocalDestinationFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A copy interrupted by the request's time budget (which interrupts the route thread) stops, removes its temporary
 * file and throws with the thread's interrupt flag set. The S3 case (the multipart upload aborted) is in
 * StorageWorkerIT, which has an S3 server.
 */
class FileTransferInterruptionTest {

    @TempDir
    Path directory;

    @Test
    void interruptedCopyToALocalFileLeavesNoTemporaryFile() throws Exception {
        Destination destination = new LocalDestinationFactory(new AllowedRoots(List.of(directory)), List.of(), false)
                .open("directory", directory.toUri(), "never.bin");

        InterruptedTransfer.Outcome outcome = InterruptedTransfer.interruptAfter(destination, 256 * 1024);

        assertThat(outcome.failure()).isInstanceOf(InterruptedIOException.class)
                .hasMessageContaining("interrupted; nothing was stored");
        assertThat(outcome.interruptFlagAfterwards()).isTrue();
        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files).isEmpty();
        }
    }
}
