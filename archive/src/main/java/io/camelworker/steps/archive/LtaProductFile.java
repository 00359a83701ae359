package io.camelworker.steps.archive;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A {@code product.files[]} entry of an {@code LtaWorkerRequestDto} (payloads spec §2), as this worker writes it for
 * an extracted file.
 *
 * @param type        the LTA data type
 * @param url         the {@code file:} URL of the extracted file
 * @param filename    its file name
 * @param checksumMd5 its MD5, lower-case hex
 * @param mimeType    its MIME type
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LtaProductFile(LtaDataType type, String url, String filename, String checksumMd5, String mimeType) {
}
