package io.camelworker.storage.s3;

import io.camelworker.storage.Destination;
import io.camelworker.storage.StorageProperties;
import io.camelworker.storage.FileTransfer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * An object in an S3 bucket. A file up to one part is sent in a single PUT after its checksum is verified; a larger
 * one as a multipart upload (parts in parallel) that is completed only once the checksum is verified, and aborted
 * otherwise: no object ever appears with unverified content.
 *
 * @param prefix        the key prefix (root path and destination directory), without leading or trailing slash
 * @param partSize      bytes per part, and the size above which multipart is used
 * @param parallelParts parts uploaded at once (each holds one part in memory)
 * @param partUploads   the threads parts are uploaded on (the service's, from Camel's ExecutorServiceManager, shared by
 *                      the uploads under way), or null for a pool of the upload's own, shut down when it ends
 */
public record S3Destination(S3Client client, S3Connection server, String bucket, String prefix, String filename,
                            int partSize, int parallelParts, ExecutorService partUploads) implements Destination {

    /** Smallest part S3 accepts (but for the last one). */
    public static final int MIN_PART_SIZE = 5 * 1024 * 1024;
    /** User metadata the checksum is kept in, so that a redelivered request is recognised without reading the object. */
    static final String CHECKSUM_METADATA = "regards-checksum";
    static final String ALGORITHM_METADATA = "regards-algorithm";
    private static final int MAX_PARTS = 10_000;
    /** Largest part this worker uploads, whatever multipartThresholdMb a request gives. */
    static final int MAX_PART_SIZE = 64 * 1024 * 1024;
    private static final long MIB = 1024 * 1024;

    /**
     * Part size and parts uploaded at once for a request: its {@code multipartThresholdMb} (default 5) and
     * {@code nbParallelPartsUpload} (default 1), reduced so that the parts in memory (the one being filled and those
     * uploading) fit in {@code worker.storage.upload-memory}, with at most {@code worker.storage.max-parallel-parts}.
     */
    public static PartPlan planParts(Integer multipartThresholdMb, Integer nbParallelPartsUpload, StorageProperties properties) {
        long threshold = (multipartThresholdMb == null ? 5 : multipartThresholdMb) * MIB;
        long memory = properties.getUploadMemory().toBytes();
        int partSize = (int) Math.max(MIN_PART_SIZE, Math.min(Math.min(MAX_PART_SIZE, threshold), memory / 2));
        int requested = nbParallelPartsUpload == null ? 1 : nbParallelPartsUpload;
        int parallel = (int) Math.max(1, Math.min(memory / partSize - 1, Math.min(properties.getMaxParallelParts(), requested)));
        return new PartPlan(partSize, parallel);
    }

    /**
     * How a file is cut for upload.
     *
     * @param partSize      bytes per part, and the size above which multipart is used
     * @param parallelParts parts uploaded at once
     */
    public record PartPlan(int partSize, int parallelParts) {
    }

    public String key() {
        return prefix.isEmpty() ? filename : prefix + "/" + filename;
    }

    @Override
    public String storedFileUrl() {
        return S3ObjectUrl.format(server.endpoint(), bucket, key());
    }

    @Override
    public String parentUrl() {
        return server.endpoint() + "/" + bucket + "/" + (prefix.isEmpty() ? "" : prefix + "/");
    }

    @Override
    public String parentPath() {
        return "/" + (prefix.isEmpty() ? "" : prefix + "/");
    }

    @Override
    public long existingSize() throws IOException {
        HeadObjectResponse head = head();
        return head == null ? -1 : head.contentLength();
    }

    @Override
    public boolean holds(String checksum, String algorithm, long expectedSize) throws IOException {
        HeadObjectResponse head = head();
        if (head == null || (expectedSize >= 0 && head.contentLength() != expectedSize)) {
            return false;
        }
        if (checksum.equalsIgnoreCase(head.metadata().get(CHECKSUM_METADATA))
                && algorithm.equals(head.metadata().get(ALGORITHM_METADATA))) {
            return true;
        }
        try (InputStream in = openStored()) {
            return checksum.equalsIgnoreCase(FileTransfer.checksumOf(in, algorithm));
        }
    }

    @Override
    public InputStream openStored() throws IOException {
        try {
            return client.getObject(b -> b.bucket(bucket).key(key()));
        } catch (SdkException e) {
            throw S3Failures.translate("reading " + storedFileUrl(), e);
        }
    }

    @Override
    public Upload begin(long size, String checksum, String algorithm) {
        Map<String, String> metadata = new HashMap<>();
        if (checksum != null) {
            metadata.put(CHECKSUM_METADATA, checksum);
            metadata.put(ALGORITHM_METADATA, algorithm);
        }
        int part = partSize;
        if (size > 0 && size / part >= MAX_PARTS) {
            part = (int) Math.min(Integer.MAX_VALUE - 8, size / (MAX_PARTS - 1) + 1);
        }
        return new S3Upload(this, metadata, part);
    }

    private HeadObjectResponse head() throws IOException {
        try {
            return client.headObject(b -> b.bucket(bucket).key(key()));
        } catch (SdkException e) {
            if (S3Failures.isNotFound(e)) {
                return null;
            }
            throw S3Failures.translate("checking " + storedFileUrl(), e);
        }
    }
}
