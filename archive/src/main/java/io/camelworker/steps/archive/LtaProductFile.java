package io.camelworker.steps.archive;

/**
 * A {@code product.files[]} entry of an {@code LtaWorkerRequestDto} (payloads spec §2), as this worker writes it for
 * an extracted file: the wire format of the LTA answer.
 *
 * @param type        the LTA data type
 * @param url         the {@code file:} URL of the extracted file
 * @param filename    its file name
 * @param checksumMd5 its MD5, lower-case hex
 * @param mimeType    its MIME type
 */
public record LtaProductFile(LtaDataType type, String url, String filename, String checksumMd5, String mimeType) {

    /** The entry of an extracted file, of the given type. */
    static LtaProductFile of(ExtractedFile file, LtaDataType type) {
        return new LtaProductFile(type, file.url(), file.filename(), file.checksumMd5(), file.mimeType());
    }
}
