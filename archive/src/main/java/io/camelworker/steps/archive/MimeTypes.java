package io.camelworker.steps.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** The MIME type of an extracted file, from its extension: the common product formats first, then the platform's guess. */
public final class MimeTypes {

    public static final String DEFAULT = "application/octet-stream";

    // Minimal images lack /etc/mime.types, where the JDK's guess comes from: the formats products usually hold are fixed here.
    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"), Map.entry("tif", "image/tiff"), Map.entry("tiff", "image/tiff"),
            Map.entry("txt", "text/plain"), Map.entry("csv", "text/csv"), Map.entry("xml", "application/xml"),
            Map.entry("json", "application/json"), Map.entry("geojson", "application/geo+json"),
            Map.entry("pdf", "application/pdf"), Map.entry("html", "text/html"), Map.entry("htm", "text/html"),
            Map.entry("nc", "application/x-netcdf"), Map.entry("h5", "application/x-hdf5"),
            Map.entry("zip", "application/zip"), Map.entry("gz", "application/gzip"), Map.entry("tar", "application/x-tar"));

    private MimeTypes() {
    }

    public static String of(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String known = dot < 0 ? null : BY_EXTENSION.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
        if (known != null) {
            return known;
        }
        try {
            String probed = Files.probeContentType(file);
            return probed == null ? DEFAULT : probed;
        } catch (IOException | RuntimeException e) {
            return DEFAULT;
        }
    }
}
