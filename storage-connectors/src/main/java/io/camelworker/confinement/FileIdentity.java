package io.camelworker.confinement;

/**
 * Which file an {@link OpenedFile} is, as plain text that a sandbox process receives: the allowed root, the path below
 * it, and the file system's identity of the file (device and inode), so that the process opens that very file or none.
 *
 * @param root     an allowed root, a real path
 * @param relative the path below it
 * @param fileKey  {@code BasicFileAttributes.fileKey()} as text
 */
public record FileIdentity(String root, String relative, String fileKey) {
}
