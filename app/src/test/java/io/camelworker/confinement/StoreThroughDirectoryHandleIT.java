package io.camelworker.confinement;

import io.camelworker.outcome.InvalidContentException;
import io.camelworker.outcome.ProcessingErrorException;
import io.camelworker.outcome.RequestCancellation;
import io.camelworker.storage.Destination;
import io.camelworker.storage.DigestThreads;
import io.camelworker.storage.FileSourceReader;
import io.camelworker.storage.FileTransfer;
import io.camelworker.storage.Sources;
import io.camelworker.storage.StorageProperties;
import io.camelworker.storage.local.LocalDestinationFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The local destination of storage:transfer creates, writes, renames, reads back and probes its files through the
 * directory's handle reached from the root without links: the destination directory, or a parent of it, swapped after
 * the request's check (or at the moment the walk checked it: a hook of the test, not a timing race) for a link to a
 * directory outside the roots, or for a FIFO, is refused naming the field, and nothing is written or read outside.
 */
class StoreThroughDirectoryHandleIT {

    /** Far above any store of a few bytes; only a blocked thread would reach it. */
    static final Duration HANG_GUARD = Duration.ofSeconds(30);
    static final String CONTENT = "the content to store";
    static final RequestCancellation NOT_CANCELLED = new RequestCancellation();

    @TempDir
    Path temp;
    Path input;
    Path store;
    Path outside;
    Path source;
    String md5;
    LocalDestinationFactory destinations;
    FileTransfer transfer;
    final AtomicInteger swaps = new AtomicInteger();

    @BeforeEach
    void roots() throws Exception {
        input = Files.createDirectories(temp.resolve("input")).toRealPath();
        store = Files.createDirectories(temp.resolve("store")).toRealPath();
        outside = Files.createDirectories(temp.resolve("outside")).toRealPath();
        source = Files.writeString(input.resolve("source.dat"), CONTENT);
        md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(Files.readAllBytes(source)));
        AllowedRoots roots = new AllowedRoots(List.of(input, store));
        destinations = new LocalDestinationFactory(roots, List.of(), false);
        Sources sources = new Sources(List.of(new FileSourceReader(roots)), StorageProperties.DEFAULT_MAX_FILE_SIZE);
        transfer = new FileTransfer(sources, 64 * 1024, DigestThreads.pool());
    }

    @AfterEach
    void noHook() {
        DirectoryHandle.checkedHook = null;
    }

    @Test
    void aDestinationDirectorySwappedForALinkAfterItWasCheckedIsRefusedAndNothingIsWrittenOutside() throws Exception {
        Path directory = Files.createDirectories(store.resolve("d"));
        Destination destination = open(directory);

        Files.move(directory, temp.resolve("moved-away"));
        Files.createSymbolicLink(directory, outside);

        assertRefused(destination, shown(directory) + ": 'd' is a symbolic link; links are refused at every level");
        assertThat(filesUnder(outside)).isEmpty();
    }

    @Test
    void aParentOfTheDestinationSwappedForALinkAfterItWasCheckedIsRefusedAndNothingIsWrittenOutside()
            throws Exception {
        Path parent = Files.createDirectories(store.resolve("p"));
        Path directory = Files.createDirectories(parent.resolve("d"));
        Destination destination = open(directory);

        Files.move(parent, temp.resolve("moved-away"));
        Files.createSymbolicLink(parent, outside);

        assertRefused(destination, shown(directory) + ": 'p' is a symbolic link; links are refused at every level");
        assertThat(filesUnder(outside)).isEmpty();
    }

    @Test
    void aDestinationDirectorySwappedForAFifoAfterItWasCheckedIsRefusedAndNothingBlocks() throws Exception {
        Path directory = Files.createDirectories(store.resolve("d"));
        Destination destination = open(directory);

        Files.move(directory, temp.resolve("moved-away"));
        mkfifo(directory);

        assertRefused(destination, shown(directory) + ": 'd' is not a directory");
    }

    @Test
    void aDestinationDirectorySwappedForALinkWhenTheWalkCheckedItIsRefusedAndNothingIsWrittenOutside()
            throws Exception {
        Path directory = Files.createDirectories(store.resolve("d"));
        Destination destination = open(directory);
        swapWhenChecked(directory, () -> {
            Files.move(directory, temp.resolve("moved-away"));
            Files.createSymbolicLink(directory, outside);
        });

        assertRefused(destination, shown(directory) + ": 'd' is a symbolic link; links are refused at every level");
        assertThat(swaps).hasValue(1);
        assertThat(filesUnder(outside)).isEmpty();
    }

    @Test
    void aParentOfTheDestinationSwappedForAFifoWhenTheWalkCheckedItIsRefusedAndNothingBlocks() throws Exception {
        Path parent = Files.createDirectories(store.resolve("p"));
        Path directory = Files.createDirectories(parent.resolve("d"));
        Destination destination = open(directory);
        swapWhenChecked(parent, () -> {
            Files.move(parent, temp.resolve("moved-away"));
            mkfifo(parent);
        });

        assertRefused(destination, shown(directory) + ": 'p' is not a directory");
        assertThat(swaps).hasValue(1);
    }

    @Test
    void aParentSwappedForALinkWhileAMissingDirectoryIsCreatedGetsNoFileOutside() throws Exception {
        Path parent = Files.createDirectories(store.resolve("p"));
        Path directory = parent.resolve("d");
        Destination destination = open(directory);
        // The moment SecureDirectoryStream cannot cover: the missing directory is created by path.
        swapWhenChecked(directory, () -> {
            Files.move(parent, temp.resolve("moved-away"));
            Files.createSymbolicLink(parent, outside);
        });

        assertTimeoutPreemptively(HANG_GUARD, () -> assertThatThrownBy(() -> store(destination))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessage(shown(directory) + ": 'd' was not found right after it was created (removed by another "
                        + "attempt, or created elsewhere through a directory replaced by a link)"));
        assertThat(swaps).hasValue(1);
        // At most the empty directory the path led to: no file was created, written or renamed there.
        assertThat(filesUnder(outside)).isEmpty();
        assertThat(filesUnder(temp.resolve("moved-away"))).isEmpty();
        // The next attempt refuses the link.
        assertThatThrownBy(() -> open(directory)).isInstanceOf(InvalidContentException.class)
                .hasMessageContaining("is outside the allowed roots");
    }

    @Test
    void aDestinationDirectorySwappedForALinkWhileTheFileIsWrittenKeepsTheFileInTheDirectoryThatWasChecked()
            throws Exception {
        Path directory = Files.createDirectories(store.resolve("d"));
        Path movedAway = temp.resolve("moved-away");
        Destination destination = open(directory);
        // Checked at the final name, right before the rename: the temporary file is written by then.
        swapWhenChecked(directory.resolve("a.dat"), () -> {
            Files.move(directory, movedAway);
            Files.createSymbolicLink(directory, outside);
        });

        assertTimeoutPreemptively(HANG_GUARD, () -> store(destination));

        assertThat(swaps).hasValue(1);
        assertThat(filesUnder(outside)).isEmpty();
        assertThat(filesUnder(movedAway)).containsExactly(movedAway.resolve("a.dat"));
        assertThat(movedAway.resolve("a.dat")).hasContent(CONTENT);
    }

    @Test
    void aDestinationSwappedForALinkToADirectoryHoldingTheSameFileIsNotProbedNorReadBack() throws Exception {
        Path directory = Files.createDirectories(store.resolve("d"));
        Files.writeString(outside.resolve("a.dat"), CONTENT);
        Destination destination = open(directory);

        Files.move(directory, temp.resolve("moved-away"));
        Files.createSymbolicLink(directory, outside);

        // Taking the file outside for a stored one would tell whether it has this checksum.
        assertRefused(destination, shown(directory) + ": 'd' is a symbolic link; links are refused at every level");
        assertThatThrownBy(() -> destination.holds(md5, "MD5", -1)).isInstanceOf(InvalidContentException.class);
        assertThatThrownBy(destination::openStored).isInstanceOf(InvalidContentException.class);
        assertThatThrownBy(destination::existingSize).isInstanceOf(InvalidContentException.class);
    }

    @Test
    void aFileIsStoredThroughTheHandleInDirectoriesItCreatesAndARedeliveryIsNotCopiedAgain() throws Exception {
        Path directory = store.resolve("new/deeper");
        List<Path> checked = new CopyOnWriteArrayList<>();
        DirectoryHandle.checkedHook = checked::add;

        FileTransfer.TransferResult first = store(open(directory));
        FileTransfer.TransferResult again = store(open(directory));

        assertThat(first.copied()).isTrue();
        assertThat(first.url()).isEqualTo("file:" + directory.resolve("a.dat").toUri().getRawPath());
        assertThat(again.copied()).as("a redelivery finds the file stored").isFalse();
        assertThat(again.checksum()).isEqualTo(md5);
        assertThat(filesUnder(directory)).containsExactly(directory.resolve("a.dat"));
        assertThat(directory.resolve("a.dat")).hasContent(CONTENT);
        try (InputStream stored = open(directory).openStored()) {
            assertThat(stored.readAllBytes()).asString().isEqualTo(CONTENT);
        }
        // Created, then walked into through the handles; the final name is reached from the directory's handle.
        assertThat(checked).contains(store.resolve("new"), directory, directory.resolve("a.dat"));
    }

    @Test
    void aRequestCancelledBeforeTheRenameMakesNothingVisibleAndLeavesNothingBehind() throws Exception {
        Path directory = store.resolve("c");
        String shown = shown(directory);
        RequestCancellation cancellation = new RequestCancellation();
        Destination destination = destinations.open("destination", directory.toUri(), "a.dat", cancellation);
        // The request is answered (and cancelled) once the file is written, right before it gets its name.
        DirectoryHandle.checkedHook = checked -> {
            if (checked.equals(directory.resolve("a.dat"))) {
                cancellation.cancel("worker.request-timeout=PT1S spent");
            }
        };

        assertThatThrownBy(() -> store(destination)).isInstanceOf(ProcessingErrorException.class)
                .hasMessage("storing " + shown + " not done: the request was cancelled (worker.request-timeout=PT1S"
                        + " spent)");
        assertThat(directory).as("the directory created for the file is removed with it").doesNotExist();
        assertThat(filesUnder(store)).isEmpty();
    }

    @Test
    void aRequestCancelledBeforeTheCopyCreatesNoDirectoryNorFile() throws Exception {
        Path directory = store.resolve("never");
        String shown = shown(directory);
        RequestCancellation cancellation = new RequestCancellation();
        Destination destination = destinations.open("destination", directory.toUri(), "a.dat", cancellation);
        cancellation.cancel("the worker is stopping");

        assertThatThrownBy(() -> store(destination)).isInstanceOf(ProcessingErrorException.class)
                .hasMessage("storing " + shown + " not done: the request was cancelled (the worker is stopping)");
        assertThat(directory).doesNotExist();
    }

    private Destination open(Path directory) throws IOException {
        return destinations.open("destination", directory.toUri(), "a.dat", NOT_CANCELLED);
    }

    private FileTransfer.TransferResult store(Destination destination) throws IOException {
        return transfer.transfer("url", source.toUri().toString(), null, destination, "MD5", md5,
                new RequestCancellation());
    }

    /** How a refusal names the destination: its field, the directory URL as the request wrote it, and the file. */
    private static String shown(Path directory) {
        String url = directory.toUri().toString();
        return "destination '" + (url.endsWith("/") ? url : url + "/") + "a.dat'";
    }

    private void assertRefused(Destination destination, String message) {
        assertTimeoutPreemptively(HANG_GUARD, () -> assertThatThrownBy(() -> store(destination))
                .isInstanceOf(InvalidContentException.class).hasMessage(message));
    }

    /** Swaps {@code path} once, when the destination has just checked it and is about to use it. */
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

    /** Every file (not directory) below a directory, links not followed. */
    private static List<Path> filesUnder(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(path -> !Files.isDirectory(path)).toList();
        }
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
}
