package io.camelworker.steps.metadata;

import io.camelworker.outcome.InvalidContentException;
import io.camelworker.outcome.ProcessingErrorException;
import io.camelworker.sandbox.SandboxTask;
import org.apache.camel.Exchange;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * An extractor step: chooses files of the product (options {@code dataType}, {@code filename}, {@code mimeType}),
 * extracts values from each, and maps them to Feature properties (options {@code property.<name>}, {@code type.<name>});
 * {@code required} says whether a product without such a file is INVALID_CONTENT.
 */
abstract class Extractor extends MetadataStep {

    private final String dataType;
    private final String filename;
    private final String mimeType;
    private final boolean required;

    private Pattern filenamePattern;
    private Pattern mimeTypePattern;
    private PropertyMapping mapping;

    Extractor(MetadataEndpoint endpoint) {
        super(endpoint);
        this.dataType = endpoint.getDataType();
        this.filename = endpoint.getFilename();
        this.mimeType = endpoint.getMimeType();
        this.required = endpoint.isRequired();
    }

    /** Checks what only this extractor knows (its own parameters, the sources it can look up). */
    abstract void checkExtractorParameters(PropertyMapping mapping);

    /**
     * Extracts from one file and applies the mapping.
     *
     * @param index the file's index in the Feature's {@code files}
     * @param label names the file in messages, e.g. {@code files[0] 'x.tif'}
     */
    abstract void extract(int index, String label, ProductFeature.File file, ProductUpdate update, PropertyMapping mapping)
            throws Exception;

    @Override
    final void checkOptions() {
        try {
            filenamePattern = Pattern.compile(filename);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(endpoint.getEndpointUri() + ": parameter filename is not a valid regular expression: "
                    + e.getMessage());
        }
        try {
            mimeTypePattern = mimeType == null || mimeType.isBlank() ? null : Pattern.compile(mimeType);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(endpoint.getEndpointUri() + ": parameter mimeType is not a valid regular expression: "
                    + e.getMessage());
        }
        mapping = PropertyMapping.of(stepName(), endpoint.getPropertySources(), endpoint.getPropertyTypes());
        checkExtractorParameters(mapping);
    }

    @Override
    final void process(Exchange exchange) throws Exception {
        ProductUpdate update = ProductUpdate.of(exchange, component().reader());
        List<Integer> chosen = new ArrayList<>();
        List<ProductFeature.File> files = update.feature().files();
        for (int i = 0; i < files.size(); i++) {
            ProductFeature.File file = files.get(i);
            if (("*".equals(dataType) || dataType.equals(file.dataType())) && filenamePattern.matcher(file.filename()).matches()
                    && (mimeTypePattern == null || mimeTypePattern.matcher(detectedMimeType(i, file, update)).matches())) {
                chosen.add(i);
            }
        }
        if (chosen.isEmpty() && required) {
            throw new InvalidContentException("files: no file has dataType " + dataType + " and a name matching '" + filename
                    + "'" + (mimeTypePattern == null ? "" : " and a MIME type matching '" + mimeType + "'") + ", which step "
                    + stepName() + " requires");
        }
        for (int i : chosen) {
            ProductFeature.File file = files.get(i);
            extract(i, ProductFiles.label(i, file), file, update, mapping);
        }
    }

    /** The MIME type of a file from its first bytes, read once per request (file-facts records it when it runs first). */
    private String detectedMimeType(int index, ProductFeature.File file, ProductUpdate update) {
        return update.mimeType(index, () -> component().files().stream(index, file, content -> {
            try (InputStream in = content.stream()) {
                return FileFactsExtractor.mimeType(in.readNBytes(FileFactsExtractor.SNIFF_BYTES), file);
            }
        }, component().stopSignal()));
    }

    /**
     * Runs a parse of untrusted content in a sandbox process. Its refusals, and a process that ran out of its heap or
     * time, are the request's answer (INVALID_CONTENT or ERROR naming {@code field} and the limit); an interruption is
     * passed on, as any read's.
     *
     * @param field names the file, e.g. {@code files[0] 'x.tif'}
     */
    <I, O> O parse(Class<? extends SandboxTask<I, O>> task, I input, String field) throws InterruptedIOException {
        try {
            return component().sandbox().run(task, input, field);
        } catch (InterruptedIOException e) {
            throw e;
        } catch (IOException e) {
            // Not the file's fault, and not worth another reading attempt: the request's own retry takes it.
            throw new ProcessingErrorException(field + " could not be parsed: no sandbox process could be reached: "
                    + e.getMessage(), e);
        }
    }

    /** Throws when a rule's source is not one of {@code known} and does not start with one of the prefixes. */
    static void checkSources(String step, PropertyMapping mapping, List<String> known, String... prefixes) {
        for (MappingRule rule : mapping.rules()) {
            boolean prefixed = false;
            for (String prefix : prefixes) {
                prefixed |= rule.source().startsWith(prefix) && rule.source().length() > prefix.length();
            }
            if (!prefixed && !known.contains(rule.source())) {
                throw new IllegalArgumentException(step + " option " + rule.option() + ": source '" + rule.source()
                        + "' is unknown; known: " + String.join(", ", known)
                        + (prefixes.length == 0 ? "" : ", " + String.join("<name>, ", prefixes) + "<name>"));
            }
        }
    }
}
