package io.camelworker.steps.metadata;

import com.drew.imaging.ImageMetadataReader;
import com.drew.imaging.ImageProcessingException;
import com.drew.lang.Rational;
import com.drew.metadata.Directory;
import com.drew.metadata.Metadata;
import com.drew.metadata.Tag;
import com.drew.metadata.xmp.XmpDirectory;
import io.camelworker.outcome.InvalidContentException;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Step {@code metadata:image}: reads the metadata of each chosen image (PNG, JPEG, TIFF, GIF, WebP... with
 * metadata-extractor) and offers {@code width} and {@code height} (pixels), every tag as
 * {@code <directory>/<tag>} (names as metadata-extractor prints them, e.g. {@code Exif SubIFD/Date/Time Original},
 * {@code PNG-IHDR/Bits Per Sample}) and every XMP property as {@code xmp:<path>} (e.g. {@code xmp:dc:title[1]}).
 */
final class ImageExtractor extends Extractor {

    static final String NAME = "image";
    private static final List<String> WIDTH_TAGS = List.of("Image Width", "Exif Image Width");
    private static final List<String> HEIGHT_TAGS = List.of("Image Height", "Exif Image Height");

    ImageExtractor(MetadataEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    void checkExtractorParameters(PropertyMapping mapping) {
        for (MappingRule rule : mapping.rules()) {
            String source = rule.source();
            if (!source.equals("width") && !source.equals("height") && !source.startsWith("xmp:") && source.indexOf('/') <= 0) {
                throw new IllegalArgumentException(stepName() + " option " + rule.option() + ": source '" + source
                        + "' is unknown; known: width, height, <directory>/<tag>, xmp:<path>");
            }
        }
    }

    @Override
    void extract(int index, String field, ProductFeature.File file, ProductUpdate update, PropertyMapping mapping) {
        // A local file (remote ones copied first): its header is checked before metadata-extractor, which holds what
        // TIFF tags and PNG chunks declare, reads it.
        Map<String, Object> facts = component().files().local(index, file, path -> {
            HeaderPreCheck.check(field, path, component().properties().headerLimits());
            try (InputStream in = new BufferedInputStream(Files.newInputStream(path))) {
                return facts(ImageMetadataReader.readMetadata(in));
            } catch (ImageProcessingException e) {
                throw new InvalidContentException(field + " cannot be read as an image: " + e.getMessage(), e);
            }
        }, component().stopSignal());
        mapping.apply(facts::get, update, index, field);
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
