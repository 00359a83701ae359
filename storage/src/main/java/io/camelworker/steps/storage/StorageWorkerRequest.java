package io.camelworker.steps.storage;

import com.fasterxml.jackson.annotation.JsonAlias;
import io.camelworker.outcome.ShownUrl;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/**
 * Body of a REGARDS store request, {@code StorageWorkerRequestDto} (payloads spec §1.3).
 *
 * @param checksum                   expected checksum of the source, hex
 * @param algorithm                  JCA digest name of the checksum, e.g. MD5
 * @param url                        the source: {@code file:}, {@code http(s):} or an S3 object URL (a plain absolute path is read as a file)
 * @param destinationDirectory       sub-directory under the storage root, e.g. {@code /2024/01/15}; may be null
 * @param computeImageSize           whether to answer the width and height of the (image) file
 * @param activateSmallFilePackaging whether the file may be cached as a small file instead of stored
 * @param parameters                 the storage location: local or S3
 */
public record StorageWorkerRequest(@NotBlank String checksum, @NotBlank String algorithm, @NotBlank String url,
                                   String destinationDirectory, Boolean computeImageSize,
                                   Boolean activateSmallFilePackaging, @NotNull @Valid Parameters parameters) {

    public boolean imageSizeWanted() {
        return Boolean.TRUE.equals(computeImageSize);
    }

    public boolean smallFilePackagingActivated() {
        return Boolean.TRUE.equals(activateSmallFilePackaging);
    }

    /** How the stored file is named. */
    public enum FileNamingStrategy { CHECKSUM, FILENAME }

    /**
     * The storage plugin's worker configuration; which fields are set tells the kind of storage.
     *
     * @param fileNamingStrategy          CHECKSUM (default) or FILENAME
     * @param baseStorageLocationAsString root directory of a local storage (path or {@code file:} URL)
     * @param storageConfigDto            bucket and credentials of an S3 storage ({@code storageConfig} accepted too)
     * @param multipartThresholdMb        size in MB above which an S3 upload is multipart
     * @param nbParallelPartsUpload       parts of a multipart upload sent at once
     */
    public record Parameters(FileNamingStrategy fileNamingStrategy, String baseStorageLocationAsString,
                             @JsonAlias("storageConfig") @Valid S3StorageConfig storageConfigDto,
                             Integer multipartThresholdMb, Integer nbParallelPartsUpload) {

        public FileNamingStrategy naming() {
            return fileNamingStrategy == null ? FileNamingStrategy.CHECKSUM : fileNamingStrategy;
        }
    }

    /** An S3 storage: where and with which keys; {@link #toString()} hides the keys. */
    public record S3StorageConfig(@NotBlank String endpoint, String region, String key, String secret,
                                  @NotBlank String bucket, String rootPath) {

        @Override
        public String toString() {
            return "S3StorageConfig[endpoint=" + ShownUrl.of(endpoint) + ", region=" + region + ", bucket=" + bucket
                    + ", rootPath=" + rootPath + "]";
        }
    }
}
