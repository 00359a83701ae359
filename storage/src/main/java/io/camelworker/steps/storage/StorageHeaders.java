package io.camelworker.steps.storage;

import io.camelworker.runtime.WorkerHeaders;
import org.apache.camel.spi.Metadata;

/**
 * Camel headers the {@code storage} steps read and set; every value is plain (a URL, a name, a digest, a number). The
 * REGARDS route's storage:read-request sets the inputs of storage:transfer from the request; another route sets them
 * itself (e.g. with setHeader).
 */
public final class StorageHeaders {

    @Metadata(description = "Required by storage:transfer: URL of the source, read by the source readers of the worker"
            + " (file: inside worker.files.allowed-roots, http(s): of worker.storage.http.allowed-hosts, objects of"
            + " worker.storage.s3-servers, and the Camel endpoints the deployment declared). Set by storage:read-request"
            + " from the request's url.", javaType = "String", important = true)
    public static final String SOURCE_URL = "StorageSourceUrl";

    @Metadata(description = "Required by storage:transfer: URL of the destination directory, resolved by the first"
            + " destination factory that takes it: file: directories inside worker.files.allowed-roots (or the"
            + " small-file cache), http(s)://endpoint/bucket/prefix/ of a server of worker.storage.s3-servers (in its"
            + " buckets when set), or a Camel endpoint the deployment declared. Set by storage:read-request to where the"
            + " request's file goes (the storage, or the small-file cache).", javaType = "String", important = true)
    public static final String DIRECTORY_URL = "StorageDirectoryUrl";

    @Metadata(description = "Name of the file in the destination directory, one path segment; default: the last"
            + " segment of the source URL. Set by storage:read-request per the request's fileNamingStrategy.",
            javaType = "String")
    public static final String FILE_NAME = "StorageFileName";

    @Metadata(description = "In: the expected digest, hexadecimal in any case; when given, content with another digest"
            + " is refused and nothing is visible under the final name, and a destination already holding it is not"
            + " written again; when absent, the digest is only computed. Out (storage:transfer): the digest of the"
            + " stored content, lower-case hexadecimal.", javaType = "String")
    public static final String CHECKSUM = "StorageChecksum";

    @Metadata(description = "In: the digest algorithm (JCA name: MD5, SHA-1, SHA-256, SHA-512...), in place of the"
            + " algorithm option; set by storage:read-request from the request. Out (storage:transfer): the algorithm"
            + " used.", javaType = "String")
    public static final String ALGORITHM = "StorageAlgorithm";

    @Metadata(description = "Set by storage:transfer: the URL of the stored file (for S3:"
            + " endpoint/bucket/key, for a local file: file:/path).", javaType = "String")
    public static final String STORED_URL = "StorageStoredUrl";

    @Metadata(description = "Set by storage:transfer: the size of the stored file in bytes.", javaType = "long")
    public static final String FILE_SIZE = "StorageFileSize";

    @Metadata(description = "Set by storage:transfer: false when the destination already held the file (a redelivered"
            + " request) and nothing was copied, true otherwise.", javaType = "boolean")
    public static final String COPIED = "StorageCopied";

    @Metadata(description = "Set by storage:read-request: the request's computeImageSize, whether the route measures"
            + " the image (storage:image-size).", javaType = "boolean")
    public static final String COMPUTE_IMAGE_SIZE = "StorageComputeImageSize";

    @Metadata(description = "Set by storage:image-size: the width in pixels of the stored image, read from its"
            + " header.", javaType = "int")
    public static final String IMAGE_WIDTH = "StorageImageWidth";

    @Metadata(description = "Set by storage:image-size: the height in pixels of the stored image, read from its"
            + " header.", javaType = "int")
    public static final String IMAGE_HEIGHT = "StorageImageHeight";

    @Metadata(description = "Set by storage:read-request: URL of the storage directory of the request, ending with a"
            + " slash, as REGARDS records it (storeParentUrl of the answer); for a small file, where its package will go.",
            javaType = "String")
    public static final String PARENT_URL = "StorageParentUrl";

    @Metadata(description = "Set by storage:read-request: path of that directory, starting and ending with a slash"
            + " (for S3: the key prefix, without the bucket); storeParentPath of the answer.", javaType = "String")
    public static final String PARENT_PATH = "StorageParentPath";

    @Metadata(description = "Set by storage:read-request when the file is handled as a small file: the path of the"
            + " file in the small-file cache (cachePath of the answer, which then says smallFileManaged).",
            javaType = "String")
    public static final String CACHE_PATH = "StorageCachePath";

    @Metadata(description = "Tenant of the request: storage:read-request caches small files in a directory per tenant,"
            + " a single path segment.", javaType = "String")
    public static final String TENANT = WorkerHeaders.TENANT;

    private StorageHeaders() {
    }
}
