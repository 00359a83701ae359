package io.camelworker.confinement;

import io.camelworker.outcome.InvalidContentException;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A directory inside the allowed roots, opened from its root's directory one segment at a time, no symbolic link
 * followed at any level ({@link SecureDirectoryStream}: {@code openat} with {@code O_NOFOLLOW}, each segment checked as
 * a directory on what was opened). Its files are opened, checked and deleted by name relative to this handle, so that a
 * link or a swap on the path after the walk cannot lead elsewhere; a destination creates, renames and reads back its
 * files the same way. The one walk of the project's local files.
 */
final class DirectoryHandle implements Closeable {

    /**
     * Tests only: called with the path of a name just checked, before it is opened, deleted, created (a missing
     * directory) or renamed to (a stored file's final name), to swap it or its directory there (for a link, a FIFO) as
     * an attacker would. Null in production.
     */
    static volatile Consumer<Path> checkedHook;

    private final SecureDirectoryStream<Path> stream;
    private final Path root;
    private final Path relative;
    private final String shown;

    private DirectoryHandle(SecureDirectoryStream<Path> stream, Path root, Path relative, String shown) {
        this.stream = stream;
        this.root = root;
        this.relative = relative;
        this.shown = shown;
    }

    /**
     * Opens {@code relativeDirectory} below {@code root}.
     *
     * @param root              an allowed root, a real path: the deployment's, not the request's
     * @param relativeDirectory the directories below it, from the request; empty for the root itself
     * @param shown             the request's field and URL, for refusals: {@code url 'file:///data/in/a.dat'}
     * @throws InvalidContentException naming {@code shown} when a segment is a link or no directory
     * @throws NoSuchFileException     when a segment does not exist
     */
    static DirectoryHandle walk(Path root, Path relativeDirectory, String shown) throws IOException {
        return walk(root, relativeDirectory, shown, null);
    }

    /**
     * Opens {@code relativeDirectory} below {@code root} as {@link #walk(Path, Path, String)} does, creating the
     * directories that are missing.
     *
     * <p>Why a directory is created by path: {@link SecureDirectoryStream} has no {@code mkdirat}, so a missing
     * directory is created by its path from the root, which the kernel resolves again and which may pass through a link
     * put in place of a directory since the walk checked it. What was created is therefore not trusted: the walk goes
     * on by opening the new name through the parent's handle (the one that was checked), where a link is refused as at
     * any other level, and where a directory created elsewhere through a swapped link is not found at all. The worst such
     * a swap achieves is one empty directory created elsewhere: no file is ever created, written, renamed, read or
     * deleted through a path.
     *
     * @param created receives, in the order they were created, the paths below {@code root} of the directories this
     *                walk created (for the caller to remove them, empty, when it gives up)
     * @throws NoSuchFileException when a directory this walk created is not found through its parent's handle (removed
     *                             by a concurrent attempt, or created elsewhere through a swapped link): worth a retry,
     *                             which refuses the link if there is one
     */
    static DirectoryHandle walkCreating(Path root, Path relativeDirectory, String shown, List<Path> created)
            throws IOException {
        return walk(root, relativeDirectory, shown, created);
    }

    private static DirectoryHandle walk(Path root, Path relativeDirectory, String shown, List<Path> created)
            throws IOException {
        DirectoryHandle directory = new DirectoryHandle(openRoot(root, shown), root, root.relativize(root), shown);
        try {
            for (int i = 0; i < relativeDirectory.getNameCount() && !relativeDirectory.toString().isEmpty(); i++) {
                Path segment = relativeDirectory.getName(i);
                directory.requireNameable(segment);
                DirectoryHandle next;
                try {
                    next = directory.child(segment);
                } catch (NoSuchFileException missing) {
                    if (created == null) {
                        throw missing;
                    }
                    directory.createByPath(segment, created);
                    try {
                        next = directory.child(segment);
                    } catch (NoSuchFileException gone) {
                        throw new NoSuchFileException(shown + ": '" + segment + "' was not found right after it was "
                                + "created (removed by another attempt, or created elsewhere through a directory "
                                + "replaced by a link)");
                    }
                }
                directory.close();
                directory = next;
            }
            return directory;
        } catch (IOException | RuntimeException e) {
            directory.close();
            throw e;
        }
    }

    /** Creates a directory by its path (see {@link #walkCreating}), unless another attempt just did. */
    private void createByPath(Path segment, List<Path> created) throws IOException {
        hook(segment);
        try {
            Files.createDirectory(pathOf(segment));
            created.add(relative.resolve(segment));
        } catch (FileAlreadyExistsException e) {
            // created meanwhile by another attempt (or replaced by a link): the walk checks what it is
        }
    }

    /**
     * Refuses a name longer than {@link AllowedRoots#MAX_NAME_BYTES}: every operation on it would fail for good with a
     * file system error that reads like a transient one, and be retried.
     */
    private void requireNameable(Path name) {
        if (name.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > AllowedRoots.MAX_NAME_BYTES) {
            throw new InvalidContentException(shown + " has a segment longer than " + AllowedRoots.MAX_NAME_BYTES
                    + " bytes, which no file system here can name");
        }
    }

    /** The path of the name in this directory, as walked: for messages, never opened. */
    Path pathOf(Path name) {
        return root.resolve(relative).resolve(name);
    }

    /** The attributes of a name of this directory, the name itself when it is a link. */
    BasicFileAttributes attributes(Path name) throws IOException {
        requireNameable(name);
        return stream.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).readAttributes();
    }

    /**
     * Opens a regular file of this directory for reading, never blocking on a FIFO put in its place, and checks what
     * was opened: a descriptor that can seek (a FIFO or socket cannot), the name still that file (device and inode).
     *
     * @throws InvalidContentException naming the file when it is a link, a directory, a FIFO, socket or device, or was
     *                                 replaced while it was opened
     * @throws NoSuchFileException     when it does not exist
     */
    OpenedFile openRegularFile(Path name) throws IOException {
        BasicFileAttributes checked = attributes(name);
        requireRegularFile(checked, name);
        hook(name);
        SeekableByteChannel channel;
        try {
            channel = NonBlockingOpen.open(stream, name,
                    d -> d.newByteChannel(name, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)),
                    "opening " + shown);
        } catch (NoSuchFileException | InterruptedIOException e) {
            throw e;
        } catch (IOException e) {
            // O_NOFOLLOW on a link, or what else took the name: refused when the name is no longer a regular file
            requireRegularFile(attributes(name), name);
            throw e;
        }
        boolean checkedOnTheDescriptor = false;
        try {
            // lseek: a FIFO or socket cannot ("Illegal seek"), whatever the name says now
            channel.position();
            BasicFileAttributes now = attributes(name);
            if (!now.isRegularFile() || !Objects.equals(now.fileKey(), checked.fileKey())) {
                throw replaced();
            }
            OpenedFile opened = new OpenedFile(channel, channel.size(), checked.fileKey(), root, relative.resolve(name));
            checkedOnTheDescriptor = true;
            return opened;
        } catch (ClosedByInterruptException e) {
            // the request's thread was interrupted: the channel is closed, nothing was read; the caller stops
            throw e;
        } catch (IOException e) {
            throw replaced();
        } finally {
            if (!checkedOnTheDescriptor) {
                channel.close();
            }
        }
    }

    /**
     * Deletes a regular file of this directory by name ({@code unlinkat}, which never follows a link).
     *
     * @param beforeUnlink runs right before the file is unlinked: it throws to prevent it (a cancelled request)
     * @return true if it was deleted, false if it was already absent
     * @throws InvalidContentException naming the file when it is a link, a directory, a FIFO, socket or device
     */
    boolean deleteRegularFile(Path name, Runnable beforeUnlink) throws IOException {
        try {
            requireRegularFile(attributes(name), name);
            hook(name);
            beforeUnlink.run();
            stream.deleteFile(name);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /**
     * The size of a regular file of this directory.
     *
     * @return its size, or -1 when the name is absent or not a regular file (a link, a directory, a FIFO...)
     */
    long regularFileSize(Path name) throws IOException {
        try {
            BasicFileAttributes attributes = attributes(name);
            return attributes.isRegularFile() ? attributes.size() : -1;
        } catch (NoSuchFileException e) {
            return -1;
        }
    }

    /**
     * Creates a new regular file in this directory, for writing and reading back: {@code O_CREAT|O_EXCL|O_NOFOLLOW}
     * relative to this handle, so it fails on any name that exists (a link, a FIFO) and never blocks.
     */
    FileChannel createFile(Path name) throws IOException {
        requireNameable(name);
        SeekableByteChannel channel = stream.newByteChannel(name, Set.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
        if (channel instanceof FileChannel file) {
            return file;
        }
        channel.close();
        stream.deleteFile(name);
        throw new IllegalStateException("the file system of " + root + " does not give file channels relative to a "
                + "directory; " + shown + " is not written");
    }

    /**
     * Gives a file of this directory another name of this directory ({@code renameat}, relative to this handle both
     * ways: atomic, and a link at the new name is replaced, never followed).
     *
     * @param beforeRename runs right before the rename: it throws to prevent it (a cancelled request)
     */
    void rename(Path from, Path to, Runnable beforeRename) throws IOException {
        hook(to);
        beforeRename.run();
        stream.move(from, stream, to);
    }

    /** Deletes a name of this directory if it is there ({@code unlinkat}: a link is deleted, never followed). */
    void deleteIfExists(Path name) throws IOException {
        try {
            stream.deleteFile(name);
        } catch (NoSuchFileException e) {
            // already gone
        }
    }

    /** Deletes an empty directory of this directory ({@code unlinkat} with {@code AT_REMOVEDIR}: never a link's target). */
    void deleteEmptyDirectory(Path name) throws IOException {
        stream.deleteDirectory(name);
    }

    /**
     * Checks that a name of this directory is a regular file, or absent.
     *
     * @return whether it exists
     */
    boolean isRegularFileOrAbsent(Path name) throws IOException {
        try {
            requireRegularFile(attributes(name), name);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    private DirectoryHandle child(Path segment) throws IOException {
        requireDirectory(attributes(segment), segment);
        hook(segment);
        try {
            // fdopendir checks on the opened descriptor that it is a directory
            return new DirectoryHandle(NonBlockingOpen.open(stream, segment,
                    d -> d.newDirectoryStream(segment, LinkOption.NOFOLLOW_LINKS), "opening " + shown),
                    root, relative.resolve(segment), shown);
        } catch (NoSuchFileException | InterruptedIOException e) {
            throw e;
        } catch (IOException e) {
            requireDirectory(attributes(segment), segment);
            throw new InvalidContentException(shown + ": '" + segment + "' was replaced while it was opened; it is not"
                    + " followed");
        }
    }

    private void hook(Path name) {
        Consumer<Path> hook = checkedHook;
        if (hook != null) {
            hook.accept(pathOf(name));
        }
    }

    private void requireDirectory(BasicFileAttributes attributes, Path segment) {
        if (!attributes.isDirectory()) {
            throw new InvalidContentException(shown + ": '" + segment + "' is " + (attributes.isSymbolicLink()
                    ? "a symbolic link; links are refused at every level" : "not a directory"));
        }
    }

    private void requireRegularFile(BasicFileAttributes attributes, Path name) {
        if (attributes.isSymbolicLink()) {
            throw new InvalidContentException(shown + " is a symbolic link; links are refused at every level");
        }
        if (attributes.isDirectory()) {
            throw new InvalidContentException(shown + " is a directory; expected a regular file");
        }
        if (!attributes.isRegularFile()) {
            throw new InvalidContentException(shown + " is not a regular file (a FIFO, socket or device); it is not opened");
        }
    }

    private InvalidContentException replaced() {
        return new InvalidContentException(shown + " was replaced while it was opened; it is not read");
    }

    private static SecureDirectoryStream<Path> openRoot(Path root, String shown) throws IOException {
        DirectoryStream<Path> stream = Files.newDirectoryStream(root);
        if (stream instanceof SecureDirectoryStream<Path> secure) {
            return secure;
        }
        stream.close();
        throw new IllegalStateException("the file system of " + root + " cannot open files relative to a directory "
                + "(no SecureDirectoryStream); " + shown + " is not opened");
    }

    @Override
    public void close() throws IOException {
        stream.close();
    }
}
