package io.camelworker.storage;

import io.camelworker.confinement.AllowedRoots;
import io.camelworker.outcome.RequestCancellation;
import io.camelworker.storage.local.LocalDestinationFactory;

import java.nio.file.Path;
import java.util.List;

/**
 * Benchmark of the worker's local copy step (bench/storage-copy.sh runs it): copies a file with {@link FileTransfer}
 * into a directory, MD5 verified on the way, and prints the time and throughput.
 *
 * <p>Arguments: source file, destination directory, sync (true|false), expected MD5.
 */
public final class StorageCopyBench {

    private StorageCopyBench() {
    }

    public static void main(String[] args) throws Exception {
        Path source = Path.of(args[0]).toAbsolutePath();
        Path directory = Path.of(args[1]).toAbsolutePath();
        boolean sync = Boolean.parseBoolean(args[2]);
        String md5 = args[3];
        AllowedRoots roots = new AllowedRoots(List.of(source.getParent(), directory));
        FileTransfer transfer = new FileTransfer(
                new Sources(List.of(new FileSourceReader(roots)), StorageProperties.DEFAULT_MAX_FILE_SIZE),
                (int) StorageProperties.DEFAULT_BUFFER_SIZE.toBytes(), DigestThreads.pool());
        long start = System.nanoTime();
        FileTransfer.TransferResult result = transfer.transfer("url", source.toUri().toString(), null,
                new LocalDestinationFactory(roots, List.of(), sync).open("directory", directory.toUri(), "copy.bin"),
                "MD5", md5, new RequestCancellation());
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("worker copy: %d bytes in %.3f s = %.1f MB/s, md5 %s, sync=%s%n", result.size(), seconds,
                result.size() / 1e6 / seconds, result.checksum(), sync);
    }
}
