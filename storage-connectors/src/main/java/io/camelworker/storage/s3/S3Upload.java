package io.camelworker.storage.s3;

import io.camelworker.storage.Destination;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Writing one object of an {@link S3Destination}: the content is kept in memory up to one part, then sent in a single
 * PUT on {@link #commit()} (once the caller verified the checksum); beyond one part it becomes a multipart upload, parts
 * sent in parallel (at most {@code parallelParts} held in memory at once), completed on {@link #commit()} and aborted
 * otherwise, so that no object ever appears with unverified content.
 */
final class S3Upload implements Destination.Upload {

    private final S3Destination destination;
    private final S3Client client;
    private final String bucket;
    private final String key;
    private final int parallelParts;
    private final Map<String, String> metadata;
    private final int part;
    private PartBuffer buffer;
    private String uploadId;
    private ExecutorService executor;
    /** The pool of this upload alone, when the destination has no shared one; shut down when the upload ends. */
    private ExecutorService ownPool;
    private Semaphore slots;
    private final List<Future<CompletedPart>> parts = new ArrayList<>();
    private boolean finished;

    S3Upload(S3Destination destination, Map<String, String> metadata, int part) {
        this.destination = destination;
        this.client = destination.client();
        this.bucket = destination.bucket();
        this.key = destination.key();
        this.parallelParts = destination.parallelParts();
        this.metadata = metadata;
        this.part = part;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        while (length > 0) {
            if (buffer == null) {
                buffer = new PartBuffer();
            }
            int n = Math.min(length, part - buffer.size());
            buffer.write(bytes, offset, n);
            offset += n;
            length -= n;
            if (buffer.size() == part) {
                sendPart();
            }
        }
    }

    @Override
    public void commit() throws IOException {
        try {
            if (uploadId == null) {
                RequestBody content = buffer == null ? RequestBody.empty() : buffer.requestBody();
                client.putObject(b -> b.bucket(bucket).key(key).metadata(metadata), content);
            } else {
                if (buffer != null && buffer.size() > 0) {
                    sendPart();
                }
                List<CompletedPart> completed = new ArrayList<>();
                for (Future<CompletedPart> future : parts) {
                    completed.add(awaitPart(future));
                }
                client.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                        .multipartUpload(CompletedMultipartUpload.builder().parts(completed).build()));
            }
            finished = true;
        } catch (SdkException e) {
            throw S3Failures.translate("storing " + destination.storedFileUrl(), e);
        } finally {
            buffer = null;
            if (ownPool != null) {
                ownPool.shutdownNow();
            }
        }
    }

    private void sendPart() throws IOException {
        try {
            if (uploadId == null) {
                abortEarlierUploads();
                uploadId = client.createMultipartUpload(b -> b.bucket(bucket).key(key).metadata(metadata)).uploadId();
                executor = destination.partUploads();
                if (executor == null) {
                    ownPool = Executors.newFixedThreadPool(parallelParts, r -> {
                        Thread thread = new Thread(r, "s3-part-upload");
                        thread.setDaemon(true);
                        return thread;
                    });
                    executor = ownPool;
                }
                slots = new Semaphore(parallelParts);
            }
        } catch (SdkException e) {
            throw S3Failures.translate("storing " + destination.storedFileUrl(), e);
        }
        int number = parts.size() + 1;
        PartBuffer content = buffer;
        buffer = null;
        // Bounds memory: at most parallelParts parts are held while they upload.
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            // The flag stays cleared for the abort that follows; the transfer restores it.
            throw new InterruptedIOException("interrupted while storing " + destination.storedFileUrl());
        }
        String id = uploadId;
        parts.add(executor.submit(() -> {
            try {
                String etag = client.uploadPart(b -> b.bucket(bucket).key(key).uploadId(id).partNumber(number)
                        .contentLength((long) content.size()), content.requestBody()).eTag();
                return CompletedPart.builder().partNumber(number).eTag(etag).build();
            } finally {
                slots.release();
            }
        }));
        // Fails fast on a part that already failed rather than reading the whole source first.
        for (Future<CompletedPart> future : parts) {
            if (future.isDone()) {
                awaitPart(future);
            }
        }
    }

    private CompletedPart awaitPart(Future<CompletedPart> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            // The flag stays cleared for the abort that follows; the transfer restores it.
            throw new InterruptedIOException("interrupted while storing " + destination.storedFileUrl());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SdkException sdk) {
                throw S3Failures.translate("storing " + destination.storedFileUrl(), sdk);
            }
            throw new IOException("storing " + destination.storedFileUrl() + " failed: " + e.getCause(), e.getCause());
        }
    }

    /**
     * An earlier attempt that failed while the server was unreachable could not abort its upload: before a new
     * upload of the same key starts, such leftovers (invisible, but billed) are aborted.
     */
    private void abortEarlierUploads() {
        try {
            client.listMultipartUploads(b -> b.bucket(bucket).prefix(key)).uploads().stream()
                    .filter(upload -> upload.key().equals(key))
                    .forEach(upload -> client.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(upload.uploadId())));
        } catch (SdkException e) {
            // the bucket's lifecycle rule for incomplete uploads covers what remains
        }
    }

    @Override
    public void abort() {
        buffer = null;
        // Stops the parts still uploading (their threads are interrupted), on a shared pool as on one of its own.
        parts.forEach(future -> future.cancel(true));
        if (ownPool != null) {
            ownPool.shutdownNow();
        }
        if (uploadId != null && !finished) {
            // An interrupted thread (the request's time budget ran out) would have the SDK refuse the abort.
            boolean interrupted = Thread.interrupted();
            try {
                client.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
            } catch (SdkException e) {
                // the bucket's lifecycle rule for incomplete uploads cleans up what could not be aborted now
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        finished = true;
    }

    @Override
    public void close() {
        if (!finished) {
            abort();
        }
    }
}
