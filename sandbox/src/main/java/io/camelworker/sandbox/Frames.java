package io.camelworker.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;

/**
 * The protocol between the worker and a sandbox process over the process's stdin and stdout: frames of a 4-byte
 * length followed by that many bytes of JSON. The worker sends a {@link Call}, the process answers a {@link Reply}
 * (a {@code READY} reply first, once it has started).
 */
final class Frames {

    /** Largest frame either side accepts: a reply larger than this is a protocol failure, not an allocation. */
    static final int MAX_FRAME_BYTES = 32 * 1024 * 1024;

    static final ObjectMapper JSON = new ObjectMapper();

    private Frames() {
    }

    /** A task to run: its class name and its input. */
    record Call(String task, JsonNode input) {
    }

    /** What a sandbox process answers: {@code output} for OK, {@code message} for the others. */
    record Reply(Kind kind, JsonNode output, String message) {

        enum Kind {
            /** The process has started and waits for calls. */
            READY,
            /** The task returned its output. */
            OK,
            /** The task refused the content ({@link io.camelworker.outcome.InvalidContentException}). */
            REFUSED,
            /** The task failed for a known reason ({@link io.camelworker.outcome.ProcessingErrorException}). */
            ERROR,
            /** The task failed with any other exception. */
            FAILED
        }

        static Reply of(Kind kind, String message) {
            return new Reply(kind, null, message);
        }
    }

    static void write(DataOutputStream out, Object message) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(message);
        if (bytes.length > MAX_FRAME_BYTES) {
            throw new IOException("sandbox frame of " + bytes.length + " bytes is larger than " + MAX_FRAME_BYTES);
        }
        out.writeInt(bytes.length);
        out.write(bytes);
        out.flush();
    }

    /** Reads one frame, or returns null at the end of the stream. */
    static <T> T read(DataInputStream in, Class<T> type) throws IOException {
        int length;
        try {
            length = in.readInt();
        } catch (EOFException e) {
            return null;
        }
        if (length < 0 || length > MAX_FRAME_BYTES) {
            throw new IOException("sandbox frame of " + length + " bytes is outside 0.." + MAX_FRAME_BYTES);
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return JSON.readValue(bytes, type);
    }
}
