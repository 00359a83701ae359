package io.camelworker.storage;

import io.camelworker.confinement.AllowedRoots;
import io.camelworker.outcome.RequestCancellation;
import io.camelworker.storage.s3.S3Connection;
import io.camelworker.storage.s3.S3Destination;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * Benchmark of the worker's S3 store (bench/s3-upload.sh runs it): uploads a local file with {@link FileTransfer} into
 * an {@link S3Destination} built as storage:read-request plans it (part size = multipartThresholdMb, 5 to 64 MiB;
 * parallel parts = nbParallelPartsUpload capped by worker.storage.max-parallel-parts; the storage properties'
 * defaults for buffer, retry and connect timeout), MD5 verified on the way, and prints the time and throughput.
 *
 * <p>Arguments: source file, endpoint, bucket, key, expected MD5, multipartThresholdMb, nbParallelPartsUpload, and
 * optionally worker.storage.max-parallel-parts (default 4).
 */
public final class S3UploadBench {

    private static final long MIB = 1024 * 1024;

    private S3UploadBench() {
    }

    public static void main(String[] args) throws Exception {
        Path source = Path.of(args[0]).toAbsolutePath();
        URI endpoint = URI.create(args[1]);
        String bucket = args[2];
        String key = args[3];
        String md5 = args[4];
        int thresholdMb = Integer.parseInt(args[5]);
        int requestedParallel = Integer.parseInt(args[6]);

        StorageProperties properties = new StorageProperties();
        if (args.length > 7) {
            properties.setMaxParallelParts(Integer.parseInt(args[7]));
        }
        AllowedRoots roots = new AllowedRoots(List.of(source.getParent()));
        FileTransfer transfer = new FileTransfer(
                new Sources(List.of(new FileSourceReader(roots)), StorageProperties.DEFAULT_MAX_FILE_SIZE),
                (int) properties.getBufferSize().toBytes(), DigestThreads.pool());
        S3Connection connection = new S3Connection(endpoint, "us-east-1", "bench-key", "bench-secret");
        S3Destination.PartPlan plan = S3Destination.planParts(thresholdMb, requestedParallel, properties);
        int partSize = plan.partSize();
        int parallel = plan.parallelParts();
        try (S3Client client = connection.newClient(properties.getTransientRetry(), properties.getConnectTimeout())) {
            // Removes the previous run's object: the transfer would otherwise find it and not copy again.
            client.deleteObject(b -> b.bucket(bucket).key(key));
            S3Destination destination = new S3Destination(client, connection, bucket, "", key, partSize, parallel,
                    null);
            long start = System.nanoTime();
            FileTransfer.TransferResult result = transfer.transfer("url", source.toUri().toString(), null,
                    destination, "MD5", md5, new RequestCancellation());
            double seconds = (System.nanoTime() - start) / 1e9;
            if (!result.copied()) {
                throw new IllegalStateException("nothing was copied");
            }
            System.out.printf("worker upload: %d bytes in %.3f s = %.1f MB/s, md5 %s, part %d MiB x %d parallel%n",
                    result.size(), seconds, result.size() / 1e6 / seconds, result.checksum(), partSize / MIB, parallel);
        }
    }
}
