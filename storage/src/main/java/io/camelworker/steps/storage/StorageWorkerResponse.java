package io.camelworker.steps.storage;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * SUCCESS content of a store request, {@code StorageWorkerResponseDto} (payloads spec §1.6). file-access parses it
 * with a plain ObjectMapper: exactly these fields, nulls written, {@code "@c"} present.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"fileProcessingMetadata", "storeFileMetadata"})
public record StorageWorkerResponse(FileProcessingMetadata fileProcessingMetadata, StoredFileMetadata storeFileMetadata) {

    /**
     * How the file was handled.
     *
     * @param cachePath       the cached file when {@code smallFileManaged}, else null
     * @param storeParentUrl  URL of the directory the file is (or, for a small file, will be) stored in; ends with /
     * @param storeParentPath path of that directory, starting and ending with / (S3: key prefix, no bucket)
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"smallFileManaged", "cachePath", "filename", "storeParentUrl", "storeParentPath"})
    public record FileProcessingMetadata(boolean smallFileManaged, String cachePath, String filename,
                                         String storeParentUrl, String storeParentPath) {
    }

    /** What was stored; REGARDS tells the two kinds apart by {@code "@c"}. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "@c")
    @JsonSubTypes({@JsonSubTypes.Type(value = FileMetadata.class, name = ".FileMetadata"),
            @JsonSubTypes.Type(value = ImageFileMetadata.class, name = ".ImageFileMetadata")})
    public sealed interface StoredFileMetadata permits FileMetadata, ImageFileMetadata {
    }

    /** A stored file; {@code checksum} is lower-case hex. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"checksum", "algorithm", "storedFileUrl", "fileSizeInBytes"})
    public record FileMetadata(String checksum, String algorithm, String storedFileUrl, long fileSizeInBytes)
            implements StoredFileMetadata {
    }

    /** A stored image, with its size in pixels. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"checksum", "algorithm", "storedFileUrl", "fileSizeInBytes", "heightInPx", "widthInPx"})
    public record ImageFileMetadata(String checksum, String algorithm, String storedFileUrl, long fileSizeInBytes,
                                    int heightInPx, int widthInPx) implements StoredFileMetadata {
    }
}
