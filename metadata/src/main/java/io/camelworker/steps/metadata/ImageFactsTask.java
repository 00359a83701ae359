package io.camelworker.steps.metadata;

import com.drew.imaging.ImageMetadataReader;
import com.drew.imaging.ImageProcessingException;
import com.drew.lang.Rational;
import com.drew.metadata.Directory;
import com.drew.metadata.Metadata;
import com.drew.metadata.Tag;
import com.drew.metadata.xmp.XmpDirectory;
import io.camelworker.confinement.AllowedRoots;
import io.camelworker.confinement.FileIdentity;
import io.camelworker.confinement.OpenedFile;
import io.camelworker.outcome.InvalidContentException;
import io.camelworker.sandbox.SandboxTask;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The parse of {@code metadata:image}, in a sandbox process: the header pre-check, then metadata-extractor on the same
 * descriptor. metadata-extractor allocates what a block claims before reading it (a 54-byte PSD claims 1.8 GB), so it
 * runs where running out of memory ends only this parse.
 */
public final class ImageFactsTask implements SandboxTask<ImageFactsTask.Input, ExtractedValues> {

    private static final List<String> WIDTH_TAGS = List.of("Image Width", "Exif Image Width");
    private static final List<String> HEIGHT_TAGS = List.of("Image Height", "Exif Image Height");

    /**
     * @param field  names the file in refusals, e.g. {@code files[0] 'x.png'}
     * @param file   the file the worker opened
     * @param limits what the header may claim
     */
    public record Input(String field, FileIdentity file, HeaderLimits limits) {
    }

    @Override
    public Class<Input> inputType() {
        return Input.class;
    }

    @Override
    public Class<ExtractedValues> outputType() {
        return ExtractedValues.class;
    }

    @Override
    public ExtractedValues run(Input input) throws Exception {
        try (OpenedFile file = AllowedRoots.openSame(input.field(), input.file())) {
            HeaderPreCheck.check(input.field(), file, input.limits());
            try (InputStream in = new BufferedInputStream(file.stream())) {
                return ExtractedValues.of(facts(ImageMetadataReader.readMetadata(in)));
            } catch (ImageProcessingException e) {
                throw new InvalidContentException(input.field() + " cannot be read as an image: " + e.getMessage(), e);
            } catch (EOFException e) {
                // metadata-extractor's readers end a segment or chunk cut short this way (a truncated JPEG or PNG).
                throw new InvalidContentException(input.field() + " cannot be read as an image: it ends inside a "
                        + "segment or chunk its header announces", e);
            }
        }
    }

    private static Map<String, Object> facts(Metadata metadata) {
        Map<String, Object> facts = new HashMap<>();
        for (Directory directory : metadata.getDirectories()) {
            for (Tag tag : directory.getTags()) {
                Object value = directory.getObject(tag.getTagType());
                Object plain = value instanceof Rational rational ? rational.doubleValue()
                        : value instanceof Number || value instanceof String ? value : tag.getDescription();
                if (plain != null) {
                    facts.putIfAbsent(directory.getName() + "/" + tag.getTagName(), plain);
                    if (WIDTH_TAGS.contains(tag.getTagName()) && value instanceof Number width) {
                        facts.putIfAbsent("width", width.longValue());
                    }
                    if (HEIGHT_TAGS.contains(tag.getTagName()) && value instanceof Number height) {
                        facts.putIfAbsent("height", height.longValue());
                    }
                }
            }
            if (directory instanceof XmpDirectory xmp) {
                xmp.getXmpProperties().forEach((path, value) -> facts.putIfAbsent("xmp:" + path, value));
            }
        }
        return facts;
    }
}
