package io.camelworker.files;

import io.camelworker.outcome.InvalidContentException;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A directory inside the allowed roots, opened from its root's directory one segment at a time, no symbolic link
 * followed at any level ({@link SecureDirectoryStream}: {@code openat} with {@code O_NOFOLLOW}, each segment checked as
 * a directory on what was opened). Its files are opened, checked and deleted by name relative to this handle, so that a
 * link or a swap on the path after the walk cannot lead elsewhere. The one walk of the project's local files.
 */
final class DirectoryHandle implements Closeable {

    /**
     * Tests only: called with the path of a name just checked, before it is opened or deleted, to swap it there (for a
     * link, a FIFO) as an attacker would. Null in production.
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
        DirectoryHandle directory = new DirectoryHandle(openRoot(root, shown), root, root.relativize(root), shown);
        try {
            for (int i = 0; i < relativeDirectory.getNameCount() && !relativeDirectory.toString().isEmpty(); i++) {
                Path segment = relativeDirectory.getName(i);
                DirectoryHandle next = directory.child(segment);
                directory.close();
                directory = next;
            }
            return directory;
        } catch (IOException | RuntimeException e) {
            directory.close();
            throw e;
        }
    }

    /** The path of the name in this directory, as walked: for messages, never opened. */
    Path pathOf(Path name) {
        return root.resolve(relative).resolve(name);
    }

    /** The attributes of a name of this directory, the name itself when it is a link. */
    BasicFileAttributes attributes(Path name) throws IOException {
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
