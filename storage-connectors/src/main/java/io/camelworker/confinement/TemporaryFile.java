package io.camelworker.confinement;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.List;

/**
 * A new file under a temporary name in a {@link DestinationDirectory}, written through its channel, then given its
 * final name by a rename relative to the same directory handle, or discarded: whatever happens to the directory's path
 * meanwhile, the file stays in the directory that was checked.
 */
public final class TemporaryFile {

    private final DirectoryHandle directory;
    private final Path name;
    private final FileChannel channel;
    private final DestinationDirectory destination;
    private final List<Path> createdDirectories;
    private boolean done;

    TemporaryFile(DirectoryHandle directory, Path name, FileChannel channel, DestinationDirectory destination,
                  List<Path> createdDirectories) {
        this.directory = directory;
        this.name = name;
        this.channel = channel;
        this.destination = destination;
        this.createdDirectories = createdDirectories;
    }

    /** The open file, for writing and reading back what was written. */
    public FileChannel channel() {
        return channel;
    }

    /**
     * Closes the file and renames it to {@code finalName} in its directory, atomically; a file of that name is replaced.
     *
     * @param beforeRename runs right before the rename (the side effect that makes the file visible): it throws to
     *                     prevent it, e.g. when the request was cancelled
     */
    public void rename(String finalName, Runnable beforeRename) throws IOException {
        channel.close();
        directory.rename(name, Path.of(finalName), beforeRename);
        done = true;
        directory.close();
    }

    /**
     * Closes and deletes the file, and removes the directories created for it while they are empty; safe to call
     * after a failure and more than once.
     */
    public void discard() {
        if (done) {
            return;
        }
        done = true;
        try {
            channel.close();
            directory.deleteIfExists(name);
        } catch (IOException e) {
            // the temporary name is hidden and unique: a leftover never passes for a stored file
        }
        try {
            directory.close();
        } catch (IOException e) {
            // nothing left to release
        }
        destination.removeEmpty(createdDirectories);
    }
}
