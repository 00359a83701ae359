package io.camelworker.steps.metadata;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;

/**
 * The part of a REGARDS GeoJSON Feature (payloads spec §4.1) the metadata worker reads: what identifies it for a PATCH,
 * and its files. Other fields (properties, history, bbox...) are ignored.
 *
 * @param id         provider id, sent back when present
 * @param urn        the feature's URN, required by the Feature Manager to patch it
 * @param entityType DATA, COLLECTION or DATASET
 * @param model      the data model, required by the Feature Manager's validation even in a PATCH
 * @param files      the product files
 */
public record ProductFeature(
        @Size(max = 100) String id,
        @NotBlank @Size(max = 132)
        @Pattern(regexp = URN, message = "must be a feature URN such as URN:FEATURE:DATA:project1:<uuid>:V1")
        String urn,
        @NotNull EntityType entityType,
        @NotBlank String model,
        List<@Valid @NotNull File> files) {

    /** The URN rule of REGARDS ({@code UniformResourceName}). */
    static final String URN = "URN:[^:]+:[^:]+:[^:]+:[^:]+:(V\\d{1,3}|LAST)(,\\d+)?(:REV.+)?";

    public ProductFeature {
        files = files == null ? List.of() : files;
    }

    /** Kind of REGARDS entity. */
    public enum EntityType { DATA, COLLECTION, DATASET }

    /**
     * One file of the product.
     *
     * @param locations where it can be read, tried in order
     * @param attributes what REGARDS knows of it
     */
    public record File(List<@Valid @NotNull Location> locations, @Valid Attributes attributes) {

        public File {
            locations = locations == null ? List.of() : locations;
        }

        /** The data type, RAWDATA when absent. */
        public String dataType() {
            return attributes == null || attributes.dataType() == null ? "RAWDATA" : attributes.dataType();
        }

        /** The declared file name, else the last segment of the first location. */
        public String filename() {
            if (attributes != null && attributes.filename() != null && !attributes.filename().isBlank()) {
                return attributes.filename();
            }
            if (locations.isEmpty() || locations.get(0).url() == null) {
                return "";
            }
            String path = locations.get(0).url().replaceFirst("[?#].*$", "");
            return path.substring(path.lastIndexOf('/') + 1);
        }
    }

    /**
     * A place the file is stored at.
     *
     * @param storage the REGARDS storage, null for a direct reference
     * @param url     the URL to read
     */
    public record Location(String storage, String url) {
    }

    /**
     * Attributes of a file.
     *
     * @param dataType RAWDATA, QUICKLOOK_SD, THUMBNAIL...
     * @param mimeType declared MIME type
     * @param filename declared name
     * @param filesize declared size
     * @param algorithm checksum algorithm
     * @param checksum  declared checksum
     */
    public record Attributes(String dataType, String mimeType, String filename, Long filesize, String algorithm,
                             String checksum) {
    }
}
