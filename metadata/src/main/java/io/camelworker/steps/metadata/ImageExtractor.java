package io.camelworker.steps.metadata;

/**
 * Step {@code metadata:image}: reads the metadata of each chosen image (PNG, JPEG, TIFF, GIF, WebP... with
 * metadata-extractor) and offers {@code width} and {@code height} (pixels), every tag as
 * {@code <directory>/<tag>} (names as metadata-extractor prints them, e.g. {@code Exif SubIFD/Date/Time Original},
 * {@code PNG-IHDR/Bits Per Sample}) and every XMP property as {@code xmp:<path>} (e.g. {@code xmp:dc:title[1]}).
 * The file is parsed in a sandbox process ({@link ImageFactsTask}).
 */
final class ImageExtractor extends Extractor {

    static final String NAME = "image";

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
        HeaderLimits limits = component().properties().headerLimits();
        ExtractedValues facts = component().files().opened(index, file,
                opened -> parse(ImageFactsTask.class, new ImageFactsTask.Input(field, opened.identity(), limits), field),
                component().stopSignal());
        mapping.apply(facts::get, update, index, field);
    }
}
