package io.camelworker.storage.s3;

import software.amazon.awssdk.core.sync.RequestBody;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The bytes of one S3 part, held in chunks of 256 KiB. One array of a whole part (5 to 64 MiB) would be a humongous
 * object for G1, which needs that many contiguous free regions: in a small heap (-Xmx128m) those run out long before
 * the memory does. The SDK reads the part through a stream over the chunks, without copying it.
 */
final class PartBuffer {

    private static final int CHUNK = 256 * 1024;

    private final List<byte[]> chunks = new ArrayList<>();
    private int size;

    int size() {
        return size;
    }

    void write(byte[] bytes, int offset, int length) {
        while (length > 0) {
            int inChunk = size % CHUNK;
            if (inChunk == 0) {
                chunks.add(new byte[CHUNK]);
            }
            int n = Math.min(length, CHUNK - inChunk);
            System.arraycopy(bytes, offset, chunks.get(chunks.size() - 1), inChunk, n);
            size += n;
            offset += n;
            length -= n;
        }
    }

    /** A request body over the part; a retry of the SDK gets a new stream over the same bytes. */
    RequestBody requestBody() {
        return RequestBody.fromContentProvider(this::newStream, size, "application/octet-stream");
    }

    private InputStream newStream() {
        List<InputStream> streams = new ArrayList<>(chunks.size());
        for (int i = 0; i < chunks.size(); i++) {
            int length = i < chunks.size() - 1 ? CHUNK : size - CHUNK * i;
            streams.add(new ByteArrayInputStream(chunks.get(i), 0, length));
        }
        return new SequenceInputStream(Collections.enumeration(streams));
    }
}
