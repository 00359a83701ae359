package io.camelworker.confinement;

import io.camelworker.outcome.InvalidContentException;
import io.camelworker.outcome.ProcessingErrorException;
import io.camelworker.outcome.RequestCancellation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link AllowedRoots#deleteRegularFile} deletes by name relative to a directory handle reached from the root without
 * any link: what is swapped on the path at the moment between the check and the deletion (a hook of the test) cannot
 * make it delete a file outside the roots.
 */
class DeleteThroughDirectoryHandleTest {

    static final RequestCancellation NOT_CANCELLED = new RequestCancellation();

    @TempDir
    Path temp;
    Path root;
    Path outside;
    Path victim;
    AllowedRoots roots;
    final AtomicInteger swaps = new AtomicInteger();

    @BeforeEach
    void roots() throws IOException {
        root = Files.createDirectories(temp.resolve("root")).toRealPath();
        outside = Files.createDirectories(temp.resolve("outside")).toRealPath();
        victim = Files.writeString(outside.resolve("a.dat"), "outside");
        roots = new AllowedRoots(List.of(root));
    }

    @AfterEach
    void noHook() {
        DirectoryHandle.checkedHook = null;
    }

    @Test
    void aDirectorySwappedForALinkDuringTheWalkIsRefusedAndTheFileOutsideIsNotDeleted() throws IOException {
        Path directory = Files.createDirectories(root.resolve("sub"));
        Path file = Files.writeString(directory.resolve("a.dat"), "inside");
        swapWhenChecked(directory, () -> {
            Files.move(directory, temp.resolve("moved-away"));
            Files.createSymbolicLink(directory, outside);
        });

        assertThatThrownBy(() -> roots.deleteRegularFile("urls[0]", file.toUri().toString(), NOT_CANCELLED))
                .isInstanceOf(InvalidContentException.class)
                .hasMessage("urls[0] '" + file.toUri() + "': 'sub' is a symbolic link; links are refused at every level");
        assertThat(swaps).hasValue(1);
        assertThat(victim).hasContent("outside");
    }

    @Test
    void aFileSwappedForALinkToAFileOutsideDeletesTheLinkOnlyNeverWhatItPointsTo() throws IOException {
        Path file = Files.writeString(root.resolve("a.dat"), "inside");
        swapWhenChecked(file, () -> {
            Files.delete(file);
            Files.createSymbolicLink(file, victim);
        });

        roots.deleteRegularFile("urls[0]", file.toUri().toString(), NOT_CANCELLED);

        assertThat(swaps).hasValue(1);
        assertThat(victim).hasContent("outside");
    }

    @Test
    void aFileIsDeletedAndAnAbsentOneIsReportedAbsent() throws IOException {
        Path file = Files.writeString(Files.createDirectories(root.resolve("x")).resolve("b.dat"), "inside");

        assertThat(roots.deleteRegularFile("urls[0]", file.toUri().toString(), NOT_CANCELLED)).isTrue();
        assertThat(file).doesNotExist();
        assertThat(roots.deleteRegularFile("urls[0]", file.toUri().toString(), NOT_CANCELLED)).isFalse();
        assertThat(roots.deleteRegularFile("urls[0]", root.resolve("never/c.dat").toUri().toString(), NOT_CANCELLED)).isFalse();
    }

    @Test
    void aCancelledRequestDeletesNothing() throws IOException {
        Path file = Files.writeString(root.resolve("d.dat"), "inside");
        RequestCancellation cancellation = new RequestCancellation();
        cancellation.cancel("worker.request-timeout=PT1S spent");

        assertThatThrownBy(() -> roots.deleteRegularFile("urls[0]", file.toUri().toString(), cancellation))
                .isInstanceOf(ProcessingErrorException.class)
                .hasMessage("deleting urls[0] '" + file.toUri() + "' not done: the request was cancelled "
                        + "(worker.request-timeout=PT1S spent)");
        assertThat(file).exists();
    }

    private void swapWhenChecked(Path path, SwappedBetweenCheckAndOpenIT.Swap swap) {
        DirectoryHandle.checkedHook = checked -> {
            if (checked.equals(path) && swaps.getAndIncrement() == 0) {
                try {
                    swap.run();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }
}
