package io.camelworker.steps.archive;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The JSON forms of an extracted file: located in a route's body and the sandbox's output, relative in a manifest. */
class ExtractedFileTest {

    private static final String MD5 = "0cc175b9c0f1b6a831c399e269772661";
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aRouteSeesThePathUrlFilenameSizeChecksumAndMimeType(@TempDir Path content) throws Exception {
        Path file = Files.writeString(Files.createDirectories(content.resolve("data")).resolve("a.csv"), "a");

        String written = json.writeValueAsString(new ExtractedFile("data/a.csv", file, 1, MD5));

        assertThat(written).isEqualTo("{\"path\":\"data/a.csv\",\"url\":\"" + file.toUri() + "\",\"filename\":\"a.csv\","
                + "\"size\":1,\"checksumMd5\":\"" + MD5 + "\",\"mimeType\":\"text/csv\"}");
    }

    @Test
    void itsJsonIsReadBackWhereItIs(@TempDir Path content) throws Exception {
        ExtractedFile file = new ExtractedFile("a b.txt", content.resolve("a b.txt"), 1, MD5);

        assertThat(json.readValue(json.writeValueAsBytes(file), ExtractedFile.class)).isEqualTo(file);
    }

    @Test
    void theManifestRecordsWhatIsUnderTheContentDirectoryNotWhereItWasWritten(@TempDir Path content) throws Exception {
        ExtractionManifest manifest = new ExtractionManifest(MD5,
                List.of(new ExtractedFile("data/a.csv", content.resolve("data/a.csv"), 1, MD5)));

        String written = json.writerWithView(ExtractionManifest.class).writeValueAsString(manifest);

        assertThat(written).isEqualTo("{\"archiveChecksumMd5\":\"" + MD5 + "\",\"files\":[{\"path\":\"data/a.csv\","
                + "\"size\":1,\"checksumMd5\":\"" + MD5 + "\"}]}");
        assertThat(json.readValue(written, ExtractionManifest.class).files())
                .containsExactly(new ExtractedFile("data/a.csv", null, 1, MD5));
    }
}
