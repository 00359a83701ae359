package io.camelworker.steps.archive;

import io.camelworker.runtime.WorkerHeaders;
import org.apache.camel.spi.Metadata;

/**
 * Camel headers the {@code archive} steps read or set: the archive to extract is named by plain values (its URL, MD5
 * and name), which a route sets from anything, e.g. from each item {@code archive:read-request} gives a split.
 */
public final class ArchiveHeaders {

    @Metadata(description = "Tenant of the request: the first directory of the extractions under"
            + " worker.extraction.workspace (no-tenant without it).", javaType = "String", important = true)
    public static final String TENANT = WorkerHeaders.TENANT;

    @Metadata(description = "Id of the request: the directory of its extractions under the tenant's, the same for"
            + " every delivery, so that a redelivery reuses them (the exchange id without it).", javaType = "String",
            important = true)
    public static final String REQUEST_ID = WorkerHeaders.REQUEST_ID;

    @Metadata(description = "Required by archive:extract: URL of the archive (a file: URL inside"
            + " worker.files.allowed-roots is read in place, an http(s): or S3 URL is downloaded into the workspace).",
            javaType = "String", important = true)
    public static final String URL = "ArchiveUrl";

    @Metadata(description = "The archive's expected MD5, 32 hexadecimal digits: archive:extract answers ERROR when the"
            + " archive differs, and reuses an extraction of the same MD5 made by an earlier delivery without reading"
            + " the archive again. Optional: without it the archive is read to compute its MD5.", javaType = "String")
    public static final String CHECKSUM_MD5 = "ArchiveChecksumMd5";

    @Metadata(description = "Name of the extraction's directory in the request's directory; default: the last segment"
            + " of the URL.", javaType = "String")
    public static final String NAME = "ArchiveName";

    @Metadata(description = "How error messages name the archive, for example the request field it came from (the"
            + " LTA route gives product.files and the index); default: archive.", javaType = "String")
    public static final String FIELD = "ArchiveField";

    @Metadata(description = "Set by archive:read-request: the LtaWorkerRequestDto as JSON text, which archive:collect"
            + " writes back with the extracted files in place of the ZIP files.", javaType = "String")
    public static final String LTA_REQUEST = "ArchiveLtaRequest";

    @Metadata(description = "Set by archive:extract: file: URL of the directory holding the extracted tree.",
            javaType = "String")
    public static final String DIRECTORY = "ArchiveDirectory";

    @Metadata(description = "Set by archive:extract: how many regular files the archive held.", javaType = "int")
    public static final String FILE_COUNT = "ArchiveFileCount";

    @Metadata(description = "Set by archive:extract: whether an earlier delivery of the request had already extracted"
            + " the archive (its extraction is reused as it is).", javaType = "boolean")
    public static final String REUSED = "ArchiveReused";

    private ArchiveHeaders() {
    }
}
