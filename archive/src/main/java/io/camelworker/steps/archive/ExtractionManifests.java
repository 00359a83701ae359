package io.camelworker.steps.archive;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The manifest of an extraction ({@link ExtractionManifest}, {@value #MANIFEST} beside its {@value #CONTENT} directory):
 * written last, it marks the extraction as finished and says of which archive, so that a redelivery finds it.
 */
final class ExtractionManifests {

    static final String CONTENT = "content";
    static final String MANIFEST = "manifest.json";
    private static final Logger LOG = LoggerFactory.getLogger(ExtractionManifests.class);

    private final ObjectMapper json = new ObjectMapper();

    /** Writes the manifest of a complete extraction in {@code directory}. */
    void write(Path directory, String archiveChecksumMd5, List<ExtractedFile> files) throws IOException {
        try (OutputStream out = Files.newOutputStream(directory.resolve(MANIFEST), StandardOpenOption.CREATE_NEW)) {
            json.writerWithView(ExtractionManifest.class).writeValue(out, new ExtractionManifest(archiveChecksumMd5, files));
        }
    }

    /** The MD5 of the archive whose extraction {@code target} holds per its manifest, or null when it has none. */
    String archiveChecksum(Path target) {
        Path manifest = target.resolve(MANIFEST);
        if (!Files.isRegularFile(manifest, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        try {
            return json.readValue(manifest.toFile(), ExtractionManifest.class).archiveChecksumMd5();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The finished extraction in {@code target} of the archive with this MD5, its files all there with their sizes, or
     * null when there is none: what is there is left as it is.
     */
    Extraction finished(Path target, String archiveChecksumMd5) {
        if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        try {
            ExtractionManifest manifest = json.readValue(target.resolve(MANIFEST).toFile(), ExtractionManifest.class);
            if (archiveChecksumMd5.equals(manifest.archiveChecksumMd5())) {
                Path content = target.resolve(CONTENT);
                List<ExtractedFile> files = new ArrayList<>(manifest.files().size());
                for (ExtractedFile entry : manifest.files()) {
                    Path file = EntryPaths.confine(content, entry.path());
                    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) != entry.size()) {
                        throw new IOException("'" + entry.path() + "' is missing or changed");
                    }
                    files.add(new ExtractedFile(entry.path(), file, entry.size(), entry.checksumMd5()));
                }
                return new Extraction(content, files, true);
            }
            LOG.info("Extraction in {} is of another archive; extracting again", target);
        } catch (IOException | RuntimeException e) {
            LOG.info("Extraction in {} is incomplete ({}); extracting again", target, e.getMessage());
        }
        return null;
    }
}
