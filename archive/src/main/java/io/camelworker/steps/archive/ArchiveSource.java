package io.camelworker.steps.archive;

import io.camelworker.confinement.AllowedRoots;
import io.camelworker.outcome.InvalidContentException;
import io.camelworker.outcome.ProcessingErrorException;
import io.camelworker.outcome.ShownUrl;
import io.camelworker.storage.Interruptions;
import io.camelworker.storage.SourceContent;
import io.camelworker.storage.Sources;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Fetches an archive for extraction: a {@code file:} URL inside the allowed roots is read in place (a zip needs random
 * access, which a local file has), anything else the {@link Sources} read is downloaded; either way its MD5 is computed
 * as it is read, for the caller to verify.
 */
final class ArchiveSource {

    private static final int COPY_BUFFER = 256 * 1024;

    private final Sources sources;

    ArchiveSource(Sources sources) {
        this.sources = sources;
    }

    /**
     * Whether the archive is a {@code file:} URL, read in place (opened with {@link AllowedRoots#openRegularFile}),
     * rather than downloaded.
     */
    boolean isLocal(String field, String url) {
        URI uri;
        try {
            uri = new URI(url == null ? "" : url);
        } catch (URISyntaxException e) {
            throw new InvalidContentException(field + " url '" + ShownUrl.of(url) + "' is not a valid URL: " + e.getReason());
        }
        return "file".equalsIgnoreCase(uri.getScheme());
    }

    /**
     * The MD5 of the archive, read through its source reader (which refuses anything but a regular file: a fifo would
     * block the read for ever), and copied to {@code download} on the way unless it is null (a local archive is read in
     * place). Its size is bounded by the Sources (worker.storage.max-file-size): the read that crosses it fails.
     */
    String digest(String field, String url, Path download) throws IOException {
        String shown = field + " url '" + ShownUrl.of(url) + "'";
        MessageDigest md5 = md5();
        try (SourceContent source = sources.open(field + " url", url);
             OutputStream out = download == null ? OutputStream.nullOutputStream()
                     : Files.newOutputStream(download, StandardOpenOption.CREATE_NEW)) {
            Interruptions.copy(source.stream(), out, md5, COPY_BUFFER, shown);
        } catch (NoSuchFileException e) {
            throw new ProcessingErrorException(shown + " does not exist");
        } catch (ClosedChannelException e) {
            // A file channel closed by an interruption of the read or the write.
            InterruptedIOException interrupted = new InterruptedIOException(shown + ": interrupted");
            interrupted.initCause(e);
            throw interrupted;
        }
        return HexFormat.of().formatHex(md5.digest());
    }

    static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is not available", e);
        }
    }
}
