package io.camelworker.confinement;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A directory a request stores files into, below a root of the deployment, reached from the root's directory handle
 * without following any link each time it is used ({@link DirectoryHandle}): a directory of its path replaced by a link
 * or a FIFO after it was checked makes the worker refuse, never write, rename, read back or probe outside the root.
 * Missing directories are created on the way ({@link DirectoryHandle#walkCreating}).
 */
public final class DestinationDirectory {

    private final Path root;
    private final Path relative;
    private final String shown;

    /**
     * @param root     the root, a real path: the deployment's, not the request's
     * @param relative the directory below it, as the request wrote it; empty for the root itself
     * @param shown    the request's field and the stored file's URL, for refusals
     */
    DestinationDirectory(Path root, Path relative, String shown) {
        this.root = root;
        this.relative = relative;
        this.shown = shown;
    }

    /**
     * The size of a regular file of this directory.
     *
     * @return its size, or -1 when it (or the directory) is absent, or it is no regular file
     * @throws io.camelworker.outcome.InvalidContentException naming the field when a directory of the path is a link
     *                                                        or no directory
     */
    public long regularFileSize(String name) throws IOException {
        try (DirectoryHandle directory = DirectoryHandle.walk(root, relative, shown)) {
            return directory.regularFileSize(Path.of(name));
        } catch (NoSuchFileException e) {
            return -1;
        }
    }

    /**
     * Opens a regular file of this directory for reading, never blocking on a FIFO put in its place
     * ({@link DirectoryHandle#openRegularFile}).
     *
     * @throws NoSuchFileException                            when it (or the directory) is absent
     * @throws io.camelworker.outcome.InvalidContentException naming the field when it or a directory of the path is a
     *                                                        link, or it is no regular file
     */
    public OpenedFile openRegularFile(String name) throws IOException {
        try (DirectoryHandle directory = DirectoryHandle.walk(root, relative, shown)) {
            return directory.openRegularFile(Path.of(name));
        }
    }

    /**
     * Creates the missing directories, then a new file under a temporary name in this directory, relative to its
     * handle. On a failure, the directories created are removed again.
     *
     * @param temporaryName a name no other attempt uses (the new file is never opened if the name exists)
     */
    public TemporaryFile createTemporaryFile(String temporaryName) throws IOException {
        // The root is the deployment's directory: created by path like at start-up, and never removed.
        Files.createDirectories(root);
        List<Path> created = new ArrayList<>();
        DirectoryHandle directory = null;
        try {
            directory = DirectoryHandle.walkCreating(root, relative, shown, created);
            Path name = Path.of(temporaryName);
            return new TemporaryFile(directory, name, directory.createFile(name), this, created);
        } catch (IOException | RuntimeException e) {
            if (directory != null) {
                directory.close();
            }
            removeEmpty(created);
            throw e;
        }
    }

    /**
     * Removes directories this destination created, deepest first, as long as they are empty (another request may have
     * put a file there since), each by name from its parent's handle reached again without links.
     */
    void removeEmpty(List<Path> created) {
        for (int i = created.size() - 1; i >= 0; i--) {
            Path directory = created.get(i);
            Path parent = directory.getParent();
            try (DirectoryHandle handle = DirectoryHandle.walk(root, parent == null ? root.relativize(root) : parent,
                    shown)) {
                handle.deleteEmptyDirectory(directory.getFileName());
            } catch (IOException | RuntimeException e) {
                // not empty, gone, or its path replaced by a link: what is left is an empty directory at most
                return;
            }
        }
    }
}
