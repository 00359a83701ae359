package io.camelworker.storage.camel;

import org.apache.camel.CamelContext;
import org.apache.camel.Message;

import java.io.IOException;
import java.time.Duration;
import java.util.Locale;

/**
 * How the adapters speak to one family of Camel components: which headers name a file, how a write is kept from
 * showing under the final name before it completes, how a file is read back and how a leftover is removed. A
 * component family is supported by one dialect; the rest of the adapters (prefixes, streaming, digests, commit and
 * abort) are the same for every component.
 */
abstract class ComponentDialect {

    /** The schemes a dialect exists for, as start-up errors list them. */
    static final String SUPPORTED = "ftp, ftps, sftp (camel-ftp), azure-storage-blob (camel-azure-storage-blob)";

    /** The dialect of an endpoint URI's scheme, or null when none speaks it. */
    static ComponentDialect forUri(String uri) {
        int colon = uri.indexOf(':');
        String scheme = colon < 0 ? "" : uri.substring(0, colon).toLowerCase(Locale.ROOT);
        return switch (scheme) {
            case "ftp", "ftps", "sftp" -> new RemoteFileDialect(scheme);
            case "azure-storage-blob" -> new AzureBlobDialect();
            default -> null;
        };
    }

    /** The component's scheme. */
    abstract String scheme();

    /**
     * Why the component's storage cannot name a path segment, or null when it can. Names reach components as data
     * (headers, arguments), never as endpoint options: this is only for what the storage itself cannot name, not a
     * list of characters that Camel would read.
     */
    String unnameable(String segment) {
        return null;
    }

    /** The URI writes go through: the declared one plus the options this dialect relies on. */
    abstract String producerUri(String declaredUri);

    /**
     * Prepares the message that writes {@code path}, whose body will be the streamed content.
     *
     * @param temporaryName the file name of this attempt's temporary file, in the same directory
     * @param size          the size in bytes when known, else -1
     * @param checksum      the expected lower-case hex checksum, or null
     */
    abstract void prepareWrite(Message message, String path, String temporaryName, long size, String checksum,
                               String algorithm) throws IOException;

    /**
     * Where an attempt writes before the file gets its final name, to remove when it is aborted; null when the
     * component itself never shows an incomplete write (an Azure Put Blob is committed by its last byte only).
     */
    abstract String temporaryPath(String path, String temporaryName);

    /** Opens a stored file, or returns null when there is none; waits at most {@code timeout} for the component. */
    abstract StoredFile open(CamelContext context, String declaredUri, String path, Duration timeout) throws IOException;

    /** Removes a file, when it exists; waits at most {@code timeout} for the component. */
    abstract void remove(CamelContext context, String declaredUri, String path, Duration timeout) throws IOException;

    /** Appends query options to an endpoint URI. */
    static String withOptions(String uri, String options) {
        return uri + (uri.contains("?") ? "&" : "?") + options;
    }
}
