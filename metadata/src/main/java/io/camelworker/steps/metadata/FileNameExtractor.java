package io.camelworker.steps.metadata;

import io.camelworker.outcome.InvalidContentException;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Step {@code metadata:file-name}: matches each chosen file name against {@code pattern}, a regular expression with
 * named groups ({@code (?<orbit>\d{5})}), and offers each group by its name, plus {@code filename}. A name that does not
 * match is INVALID_CONTENT. Nothing is read from the file.
 */
final class FileNameExtractor extends Extractor {

    static final String NAME = "file-name";
    private static final Pattern GROUP_NAME = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>");

    /** Regular expression the whole file name must match; its named groups are the sources of the mapping. */
    private final String pattern;

    private Pattern compiled;

    FileNameExtractor(MetadataEndpoint endpoint) {
        super(endpoint);
        this.pattern = endpoint.getPattern();
    }

    @Override
    void checkExtractorParameters(PropertyMapping mapping) {
        if (pattern == null || pattern.isBlank()) {
            throw new IllegalArgumentException(stepName() + " parameter pattern is required: a regular expression with named groups");
        }
        try {
            compiled = Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(stepName() + " parameter pattern is not a valid regular expression: " + e.getMessage());
        }
        List<String> sources = new ArrayList<>();
        Matcher groups = GROUP_NAME.matcher(pattern);
        while (groups.find()) {
            sources.add(groups.group(1));
        }
        sources.add("filename");
        checkSources(stepName(), mapping, sources);
    }

    @Override
    void extract(int index, String field, ProductFeature.File file, ProductUpdate update, PropertyMapping mapping) {
        Matcher matcher = compiled.matcher(file.filename());
        if (!matcher.matches()) {
            throw new InvalidContentException(field + ": the name does not match the pattern '" + pattern + "' of step "
                    + stepName());
        }
        mapping.apply(source -> "filename".equals(source) ? file.filename() : matcher.group(source), update, index, field);
    }
}
