package io.camelworker.steps.archive;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonView;

import java.net.URI;
import java.nio.file.Path;

/**
 * A regular file extracted from an archive: what the extraction engine returns, the manifest records and the
 * {@code archive:extract} step gives a route, as JSON {@code {"path","url","filename","size","checksumMd5","mimeType"}}.
 *
 * @param path        its path in the archive, normalised, with {@code /} separators: also its path under the
 *                    extraction's content directory
 * @param file        where it is in the workspace (in JSON, its {@link #url()})
 * @param size        its size in bytes
 * @param checksumMd5 its MD5, lower-case hex
 */
@JsonPropertyOrder({"path", "url", "filename", "size", "checksumMd5", "mimeType"})
@JsonIgnoreProperties(value = {"filename", "mimeType"}, allowGetters = true)
public record ExtractedFile(String path, @JsonIgnore Path file, long size, String checksumMd5) {

    /**
     * JSON view of where the file is ({@code url}, {@code filename}, {@code mimeType}), which the manifest leaves out:
     * it is written before the extraction is renamed into place, and its paths are resolved under the content directory.
     */
    interface Location {
    }

    /** Reads the JSON of a file; without {@code url} (as in a manifest) the file is null until it is located. */
    @JsonCreator
    static ExtractedFile of(@JsonProperty("path") String path, @JsonProperty("url") String url,
                            @JsonProperty("size") long size, @JsonProperty("checksumMd5") String checksumMd5) {
        return new ExtractedFile(path, url == null ? null : Path.of(URI.create(url)), size, checksumMd5);
    }

    /** Its {@code file:} URL. */
    @JsonProperty
    @JsonView(Location.class)
    public String url() {
        return file.toUri().toString();
    }

    /** Its file name. */
    @JsonProperty
    @JsonView(Location.class)
    public String filename() {
        return file.getFileName().toString();
    }

    /** Its MIME type ({@link MimeTypes}). */
    @JsonProperty
    @JsonView(Location.class)
    public String mimeType() {
        return MimeTypes.of(file);
    }
}
