package io.camelworker.steps.archive;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelworker.outcome.ProcessingErrorException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Step {@code archive:collect}: writes the answer of the LTA extraction, the request of header
 * {@value ArchiveHeaders#LTA_REQUEST} with each ZIP file replaced, in place, by one entry per file extracted from it
 * ({@link LtaProductFile}, sorted by path, typed by {@code worker.extraction.type-rules}). Input: the body is the list
 * of the archives' {@code archive:extract} results, in the order of the request's ZIP files, as a split grouping the
 * bodies of its items gives it. Output: the updated request, as JSON bytes.
 */
final class CollectExtractedFilesStep implements ArchiveStep {

    static final String NAME = "collect";

    /** A compiled {@code worker.extraction.type-rules} entry. */
    record TypeRule(Pattern pattern, LtaDataType type) {
    }

    private final List<TypeRule> typeRules;
    private final ObjectMapper json = new ObjectMapper();

    CollectExtractedFilesStep(List<TypeRule> typeRules) {
        this.typeRules = List.copyOf(typeRules);
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Message message = exchange.getMessage();
        String text = message.getHeader(ArchiveHeaders.LTA_REQUEST, String.class);
        if (text == null || text.isBlank()) {
            throw new ProcessingErrorException("header " + ArchiveHeaders.LTA_REQUEST + " is empty; archive:read-request"
                    + " sets it to the request the extracted files are collected into");
        }
        List<List<LtaProductFile>> extracted = new ArrayList<>();
        for (Object result : results(message.getBody())) {
            Extraction extraction = result instanceof Extraction known ? known : json.convertValue(result, Extraction.class);
            extracted.add(extraction.files().stream().map(f -> LtaProductFile.of(f, typeOf(f.path()))).toList());
        }
        message.setBody(LtaRequest.read(text.getBytes(StandardCharsets.UTF_8)).withExtractedFiles(extracted));
        message.removeHeader(ArchiveHeaders.LTA_REQUEST);
    }

    private static List<?> results(Object body) {
        if (body instanceof List<?> list) {
            return list;
        }
        if (body instanceof Extraction single) {
            return List.of(single);
        }
        throw new ProcessingErrorException("archive:collect expects the list of the archives' extractions (a split"
                + " grouping the bodies of archive:extract), not " + (body == null ? "an empty body" : body.getClass().getName()));
    }

    private LtaDataType typeOf(String path) {
        return typeRules.stream().filter(rule -> rule.pattern().matcher(path).matches()).map(TypeRule::type)
                .findFirst().orElse(LtaDataType.RAWDATA);
    }
}
