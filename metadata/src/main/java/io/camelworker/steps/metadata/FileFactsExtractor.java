package io.camelworker.steps.metadata;

import io.camelworker.storage.Interruptions;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Step {@code metadata:file-facts}: streams each chosen file once and offers its {@code size} (bytes), {@code checksum}
 * (lower-case hex of {@code algorithm}, default MD5), {@code algorithm}, {@code mimeType} (from the first bytes, else
 * the declared one, else from the name) and {@code filename}.
 */
final class FileFactsExtractor extends Extractor {

    static final String NAME = "file-facts";
    private static final List<String> FACTS = List.of("size", "checksum", "algorithm", "mimeType", "filename");
    /** Bytes read to recognise a format. */
    static final int SNIFF_BYTES = 16;

    /** JCA digest of the checksum: MD5, SHA-1, SHA-256, SHA-512... */
    private final String algorithm;

    FileFactsExtractor(MetadataEndpoint endpoint) {
        super(endpoint);
        this.algorithm = endpoint.getAlgorithm();
    }

    @Override
    void checkExtractorParameters(PropertyMapping mapping) {
        try {
            MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalArgumentException(stepName() + " parameter algorithm '" + algorithm
                    + "' is not a digest of this Java runtime (MD5, SHA-1, SHA-256, SHA-512...)");
        }
        checkSources(stepName(), mapping, FACTS);
    }

    @Override
    void extract(int index, String field, ProductFeature.File file, ProductUpdate update, PropertyMapping mapping) throws Exception {
        Map<String, Object> facts = component().files().stream(index, file, content -> {
            MessageDigest digest = newDigest();
            byte[] buffer = new byte[64 * 1024];
            byte[] head = new byte[0];
            long size = 0;
            try (InputStream in = content.stream()) {
                // The size is bounded by Sources (worker.storage.max-file-size).
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    Interruptions.check("reading " + field);
                    digest.update(buffer, 0, n);
                    if (head.length < SNIFF_BYTES) {
                        int keep = Math.min(SNIFF_BYTES - head.length, n);
                        head = Arrays.copyOf(head, head.length + keep);
                        System.arraycopy(buffer, 0, head, head.length - keep, keep);
                    }
                    size += n;
                }
            }
            return Map.<String, Object>of("size", size, "checksum", HexFormat.of().formatHex(digest.digest()), "algorithm", algorithm,
                    "mimeType", mimeType(head, file), "filename", file.filename());
        }, component().stopSignal());
        update.recordMimeType(index, (String) facts.get("mimeType"));
        mapping.apply(facts::get, update, index, field);
    }

    private MessageDigest newDigest() throws IOException {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("digest " + algorithm + " was available at start-up", e);
        }
    }

    /** The MIME type from the magic bytes of the common product formats, else the declared one, else from the name. */
    static String mimeType(byte[] head, ProductFeature.File file) {
        String magic = new String(head, StandardCharsets.ISO_8859_1);
        if (magic.startsWith("\u0089PNG")) {
            return "image/png";
        }
        if (magic.startsWith("\u00FF\u00D8\u00FF")) {
            return "image/jpeg";
        }
        if (magic.startsWith("GIF8")) {
            return "image/gif";
        }
        if (magic.startsWith("II*\0") || magic.startsWith("MM\0*") || magic.startsWith("II+\0") || magic.startsWith("MM\0+")) {
            return "image/tiff";
        }
        if (magic.startsWith("CDF\u0001") || magic.startsWith("CDF\u0002") || magic.startsWith("CDF\u0005")) {
            return "application/x-netcdf";
        }
        if (magic.startsWith("\u0089HDF\r\n\u001A\n")) {
            return "application/x-hdf5";
        }
        if (magic.startsWith("PK\u0003\u0004")) {
            return "application/zip";
        }
        if (magic.startsWith("%PDF")) {
            return "application/pdf";
        }
        if (magic.startsWith("<?xml")) {
            return "application/xml";
        }
        if (file.attributes() != null && file.attributes().mimeType() != null && !file.attributes().mimeType().isBlank()) {
            return file.attributes().mimeType();
        }
        String byName = URLConnection.guessContentTypeFromName(file.filename());
        if (byName != null) {
            return byName;
        }
        return magic.stripLeading().startsWith("{") ? "application/json" : "application/octet-stream";
    }
}
