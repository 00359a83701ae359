package io.camelworker.files;

import io.camelworker.outcome.InvalidContentException;
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

        assertThatThrownBy(() -> roots.deleteRegularFile("urls[0]", file.toUri().toString()))
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

        roots.deleteRegularFile("urls[0]", file.toUri().toString());

        assertThat(swaps).hasValue(1);
        assertThat(victim).hasContent("outside");
    }

    @Test
    void aFileIsDeletedAndAnAbsentOneIsReportedAbsent() throws IOException {
        Path file = Files.writeString(Files.createDirectories(root.resolve("x")).resolve("b.dat"), "inside");

        assertThat(roots.deleteRegularFile("urls[0]", file.toUri().toString())).isTrue();
        assertThat(file).doesNotExist();
        assertThat(roots.deleteRegularFile("urls[0]", file.toUri().toString())).isFalse();
        assertThat(roots.deleteRegularFile("urls[0]", root.resolve("never/c.dat").toUri().toString())).isFalse();
    }

    private void swapWhenChecked(Path path, SwappedBetweenCheckAndOpenTest.Swap swap) {
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
