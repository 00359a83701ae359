package io.camelworker.storage.local;

import io.camelworker.outcome.ProcessingErrorException;
import io.camelworker.storage.Destination;
import io.camelworker.storage.FileTransfer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A file in a local directory: written to a hidden temporary name in the same directory, then renamed atomically.
 * The temporary name is unique to one attempt (a random UUID, not the request id: two deliveries of one request may run
 * at once on two replicas), and an aborted attempt removes its temporary file and the directories it created, nothing
 * else.
 *
 * @param directory the directory, already confined to the allowed roots by the caller
 * @param filename  the file name, a single path segment
 * @param sync      whether to flush the file to the disk before the rename
 */
public record LocalDestination(Path directory, String filename, boolean sync) implements Destination {

    /** Characters of the file name kept in a temporary name (UTF-8 may take 4 bytes per character: 4 x 50 + 43). */
    private static final int MAX_NAME_IN_TEMPORARY = 50;

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
        Path file = file();
        return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) ? Files.size(file) : -1;
    }

    @Override
    public boolean holds(String checksum, String algorithm, long expectedSize) throws IOException {
        long size = existingSize();
        if (size < 0 || (expectedSize >= 0 && size != expectedSize)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(file())) {
            return checksum.equalsIgnoreCase(FileTransfer.checksumOf(in, algorithm));
        }
    }

    @Override
    public InputStream openStored() throws IOException {
        return Files.newInputStream(file());
    }

    @Override
    public Upload begin(long size, String checksum, String algorithm) throws IOException {
        List<Path> created = new ArrayList<>();
        try {
            for (Path missing = directory; missing != null && !Files.exists(missing); missing = missing.getParent()) {
                created.add(missing);
            }
            Files.createDirectories(directory);
            Path temporary = directory.resolve("." + shortened(filename) + "." + UUID.randomUUID() + ".part");
            return new LocalUpload(temporary, file(), sync, created,
                    FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                            // READ: the digest of a local copy is computed on what was written (FileTransfer)
                            StandardOpenOption.READ));
        } catch (IOException e) {
            removeEmpty(created);
            throw diskFullOr(e, file());
        }
    }

    /** The file name in a temporary name, short enough that the name stays within the usual 255-byte limit. */
    private static String shortened(String filename) {
        return filename.length() <= MAX_NAME_IN_TEMPORARY ? filename : filename.substring(0, MAX_NAME_IN_TEMPORARY);
    }

    /** Removes directories deepest first, as long as they are empty: another request may have put a file there since. */
    private static void removeEmpty(List<Path> directories) {
        for (Path directory : directories) {
            try {
                Files.deleteIfExists(directory);
            } catch (IOException e) {
                return;
            }
        }
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

    private static final class LocalUpload implements Upload {

        private final Path temporary;
        private final Path target;
        private final boolean sync;
        private final List<Path> createdDirectories;
        private final FileChannel channel;
        private boolean committed;

        LocalUpload(Path temporary, Path target, boolean sync, List<Path> createdDirectories, FileChannel channel) {
            this.temporary = temporary;
            this.target = target;
            this.sync = sync;
            this.createdDirectories = createdDirectories;
            this.channel = channel;
        }

        @Override
        public void write(byte[] buffer, int offset, int length) throws IOException {
            ByteBuffer bytes = ByteBuffer.wrap(buffer, offset, length);
            try {
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
            } catch (IOException e) {
                throw diskFullOr(e, target);
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
                throw diskFullOr(e, target);
            }
        }

        @Override
        public void commit() throws IOException {
            try {
                if (sync) {
                    // Some file systems only find out at the flush that the disk is full.
                    channel.force(true);
                }
                channel.close();
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw diskFullOr(e, target);
            }
            committed = true;
        }

        @Override
        public void abort() {
            try {
                channel.close();
                Files.deleteIfExists(temporary);
            } catch (IOException e) {
                // the temporary name is hidden and unique: a leftover never passes for a stored file
            }
            removeEmpty(createdDirectories);
        }

        @Override
        public void close() {
            if (!committed) {
                abort();
            }
        }
    }
}
