package io.camelworker.storage.local;

import io.camelworker.confinement.DestinationDirectory;
import io.camelworker.confinement.OpenedFile;
import io.camelworker.confinement.TemporaryFile;
import io.camelworker.outcome.ProcessingErrorException;
import io.camelworker.outcome.RequestCancellation;
import io.camelworker.storage.Destination;
import io.camelworker.storage.FileTransfer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.UUID;

/**
 * A file in a local directory: written to a hidden temporary name in the same directory, then renamed atomically.
 * The temporary name is unique to one attempt (a random UUID, not the request id: two deliveries of one request may run
 * at once on two replicas), and an aborted attempt removes its temporary file and the directories it created, nothing
 * else. Every use (probe, read back, create, write, rename) goes through the directory's handle, reached from its root
 * without following any link ({@link DestinationDirectory}), never through a path.
 */
public final class LocalDestination implements Destination {

    /** Characters of the file name kept in a temporary name (UTF-8 may take 4 bytes per character: 4 x 50 + 43). */
    private static final int MAX_NAME_IN_TEMPORARY = 50;

    private final Path directory;
    private final String filename;
    private final boolean sync;
    private final DestinationDirectory handle;
    private final String shown;
    private final RequestCancellation cancellation;

    /**
     * @param directory    the directory as the request wrote it, already confined to the roots by the caller: for URLs
     *                     and messages only, never opened
     * @param handle       the same directory, reached from its root
     * @param shown        the request's field and the file's URL, for refusals
     * @param cancellation checked before anything is created, and right before the file gets its final name
     */
    LocalDestination(Path directory, String filename, boolean sync, DestinationDirectory handle, String shown,
                     RequestCancellation cancellation) {
        this.directory = directory;
        this.filename = filename;
        this.sync = sync;
        this.handle = handle;
        this.shown = shown;
        this.cancellation = cancellation;
    }

    public Path file() {
        return directory.resolve(filename);
    }

    /** {@code file:/abs/name}, as REGARDS' LocalDataStorage records its files ({@code Path.toUri().toURL()}). */
    @Override
    public String storedFileUrl() {
        return fileUrl(file());
    }

    @Override
    public String parentUrl() {
        String url = fileUrl(directory);
        return url.endsWith("/") ? url : url + "/";
    }

    /** What {@code Path.toUri().toURL().toString()} gives for a local path, without the checked exception. */
    private static String fileUrl(Path path) {
        return "file:" + path.toUri().getRawPath();
    }

    @Override
    public String parentPath() {
        String path = directory.toString();
        return path.endsWith("/") ? path : path + "/";
    }

    @Override
    public long existingSize() throws IOException {
        return handle.regularFileSize(filename);
    }

    @Override
    public boolean holds(String checksum, String algorithm, long expectedSize) throws IOException {
        if (existingSize() < 0) {
            return false;
        }
        // Checked again on what is opened: the name may have been replaced since (by a link, a FIFO: refused).
        try (OpenedFile stored = handle.openRegularFile(filename)) {
            if (expectedSize >= 0 && stored.size() != expectedSize) {
                return false;
            }
            return checksum.equalsIgnoreCase(FileTransfer.checksumOf(stored.stream(), algorithm));
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    @Override
    public InputStream openStored() throws IOException {
        return handle.openRegularFile(filename).stream();
    }

    @Override
    public Upload begin(long size, String checksum, String algorithm) throws IOException {
        // Directories and a temporary file are side effects too: none after the request was answered.
        cancellation.check("storing " + shown);
        try {
            return new LocalUpload(handle.createTemporaryFile(
                    "." + shortened(filename) + "." + UUID.randomUUID() + ".part"));
        } catch (IOException e) {
            throw diskFullOr(e, file());
        }
    }

    /** The file name in a temporary name, short enough that the name stays within the usual 255-byte limit. */
    private static String shortened(String filename) {
        return filename.length() <= MAX_NAME_IN_TEMPORARY ? filename : filename.substring(0, MAX_NAME_IN_TEMPORARY);
    }

    /**
     * A full disk (or quota) does not free itself within the retries of a request: it is answered ERROR at once, naming
     * the cause, instead of being retried and dead-lettered as a transient failure. Other failures are returned as is.
     */
    static IOException diskFullOr(IOException e, Path target) {
        String reason = e.getMessage();
        if (reason != null && (reason.contains("No space left on device") || reason.contains("Disk quota exceeded"))) {
            throw new ProcessingErrorException("cannot store " + target + ": the destination disk is full (" + reason
                    + "); nothing was stored", e);
        }
        return e;
    }

    private final class LocalUpload implements Upload {

        private final TemporaryFile temporary;
        private final FileChannel channel;
        private boolean committed;

        LocalUpload(TemporaryFile temporary) {
            this.temporary = temporary;
            this.channel = temporary.channel();
        }

        @Override
        public void write(byte[] buffer, int offset, int length) throws IOException {
            ByteBuffer bytes = ByteBuffer.wrap(buffer, offset, length);
            try {
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
            } catch (IOException e) {
                throw diskFullOr(e, LocalDestination.this.file());
            }
        }

        @Override
        public FileChannel file() {
            return channel;
        }

        @Override
        public long transferFrom(FileChannel source, long position, long count) throws IOException {
            try {
                return source.transferTo(position, count, channel);
            } catch (IOException e) {
                throw diskFullOr(e, LocalDestination.this.file());
            }
        }

        @Override
        public void commit() throws IOException {
            try {
                if (sync) {
                    // Some file systems only find out at the flush that the disk is full.
                    channel.force(true);
                }
                temporary.rename(filename, () -> cancellation.check("storing " + shown));
            } catch (IOException e) {
                throw diskFullOr(e, LocalDestination.this.file());
            }
            committed = true;
        }

        @Override
        public void abort() {
            temporary.discard();
        }

        @Override
        public void close() {
            if (!committed) {
                abort();
            }
        }
    }
}
