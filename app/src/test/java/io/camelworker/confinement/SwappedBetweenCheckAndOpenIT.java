package io.camelworker.confinement;

import io.camelworker.outcome.InvalidContentException;
import io.camelworker.storage.FileSourceReader;
import io.camelworker.storage.SourceContent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The storage file reader opens what it checked, or nothing: a request's file (or a directory of its path) swapped at
 * the moment between the check and the open (a hook of the test, not a timing race) for a link to a file outside the
 * roots, or for a FIFO, is refused naming the field; nothing outside the roots is read, and nothing blocks.
 */
class SwappedBetweenCheckAndOpenIT {

    /** Far above any open; only a blocked thread would reach it. */
    static final Duration HANG_GUARD = Duration.ofSeconds(30);
    static final String SECRET = "outside the roots";

    @TempDir
    Path temp;
    Path root;
    Path outside;
    FileSourceReader reader;
    final AtomicInteger swaps = new AtomicInteger();

    @BeforeEach
    void roots() throws IOException {
        root = Files.createDirectories(temp.resolve("root")).toRealPath();
        outside = Files.createDirectories(temp.resolve("outside")).toRealPath();
        Files.writeString(outside.resolve("secret.dat"), SECRET);
        reader = new FileSourceReader(new AllowedRoots(List.of(root)));
    }

    @AfterEach
    void noHook() {
        DirectoryHandle.checkedHook = null;
    }

    @Test
    void aFileSwappedForALinkToAFileOutsideTheRootsIsRefusedAndNothingOutsideIsRead() throws IOException {
        Path file = Files.writeString(root.resolve("a.dat"), "inside");
        swapWhenChecked(file, () -> {
            Files.delete(file);
            Files.createSymbolicLink(file, outside.resolve("secret.dat"));
        });

        assertRefused(file, "url '" + file.toUri() + "'");
        assertThat(swaps).hasValue(1);
    }

    @Test
    void aFileSwappedForAFifoIsRefusedAndNothingBlocks() throws IOException {
        Path file = Files.writeString(root.resolve("b.dat"), "inside");
        swapWhenChecked(file, () -> {
            Files.delete(file);
            mkfifo(file);
        });

        assertRefused(file, "url '" + file.toUri() + "' was replaced while it was opened");
        assertThat(swaps).hasValue(1);
    }

    @Test
    void aDirectoryOfThePathSwappedForALinkToADirectoryOutsideIsRefused() throws IOException {
        Path directory = Files.createDirectories(root.resolve("sub"));
        Path file = Files.writeString(directory.resolve("secret.dat"), "inside");
        swapWhenChecked(directory, () -> {
            Files.move(directory, temp.resolve("moved-away"));
            Files.createSymbolicLink(directory, outside);
        });

        assertRefused(file, "url '" + file.toUri() + "'");
        assertThat(swaps).hasValue(1);
    }

    @Test
    void aDirectoryOfThePathSwappedForAFifoIsRefusedAndNothingBlocks() throws IOException {
        Path directory = Files.createDirectories(root.resolve("dir"));
        Path file = Files.writeString(directory.resolve("c.dat"), "inside");
        swapWhenChecked(directory, () -> {
            Files.move(directory, temp.resolve("dir-moved-away"));
            mkfifo(directory);
        });

        assertRefused(file, "url '" + file.toUri() + "': 'dir' is not a directory");
        assertThat(swaps).hasValue(1);
    }

    @Test
    void aDirectoryOfThePathThatIsALinkIsRefusedEvenWhenItLeadsInsideTheRoots() throws IOException {
        Path real = Files.createDirectories(root.resolve("real"));
        Files.writeString(real.resolve("d.dat"), "inside");
        Path link = Files.createSymbolicLink(root.resolve("alias"), real);

        assertRefused(link.resolve("d.dat"), "'alias' is a symbolic link; links are refused at every level");
    }

    @Test
    void aFileThatIsAFifoIsRefusedWithoutBeingOpened() throws IOException {
        Path fifo = root.resolve("e.fifo");
        mkfifo(fifo);

        assertRefused(fifo, "is not a regular file (a FIFO, socket or device); it is not opened");
    }

    @Test
    void aRegularFileIsReadFromTheDescriptorItWasCheckedOn() throws IOException {
        Path file = Files.writeString(Files.createDirectories(root.resolve("x/y")).resolve("f.dat"), "inside");

        try (SourceContent content = reader.open("url", file.toUri())) {
            assertThat(content.stream().readAllBytes()).asString().isEqualTo("inside");
            assertThat(content.size()).isEqualTo(6);
            assertThat(content.filename()).isEqualTo("f.dat");
            assertThat(content.file()).isNotNull();
        }
    }

    @Test
    void aRootConfiguredThroughALinkOpensFilesWrittenWithEitherSpelling() throws IOException {
        Path file = Files.writeString(root.resolve("g.dat"), "inside");
        Path linkedRoot = Files.createSymbolicLink(temp.resolve("linked-root"), root);
        FileSourceReader throughLink = new FileSourceReader(new AllowedRoots(List.of(linkedRoot)));

        try (SourceContent written = throughLink.open("url", URI.create("file://" + linkedRoot + "/g.dat"));
             SourceContent real = throughLink.open("url", file.toUri())) {
            assertThat(written.stream().readAllBytes()).asString().isEqualTo("inside");
            assertThat(real.stream().readAllBytes()).asString().isEqualTo("inside");
        }
    }

    private void assertRefused(Path file, String message) {
        assertTimeoutPreemptively(HANG_GUARD, () ->
                assertThatThrownBy(() -> {
                    try (SourceContent content = reader.open("url", file.toUri())) {
                        // Reached only if the reader opened something: it must not be what lies outside.
                        assertThat(new String(content.stream().readAllBytes())).isNotEqualTo(SECRET);
                    }
                }).isInstanceOf(InvalidContentException.class).hasMessageContaining(message));
    }

    /** Swaps {@code path} once, when the worker has just checked it and is about to open it. */
    private void swapWhenChecked(Path path, Swap swap) {
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

    private static void mkfifo(Path path) throws IOException {
        try {
            Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
            assertThat(mkfifo.waitFor()).isZero();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    @FunctionalInterface
    interface Swap {
        void run() throws IOException;
    }
}
