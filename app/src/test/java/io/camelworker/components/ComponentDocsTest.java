package io.camelworker.components;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The option tables of docs/components/&lt;scheme&gt;.md are rendered from the generated component JSON, so that each
 * option is documented once, in its annotation. Fails when a committed page differs from what the metadata gives;
 * refresh the pages with {@value #REFRESH}.
 */
class ComponentDocsTest {

    static final String REFRESH = "mvn -B -q test -Dtest=ComponentDocsTest -Dcomponent-docs.update=true";
    private static final Path DOCS = Path.of("docs/components");

    static List<String> projectSchemes() {
        return ComponentMetadataTest.projectSchemes();
    }

    @ParameterizedTest
    @MethodSource("projectSchemes")
    void theComponentPageIsTheOneItsMetadataGives(String scheme) throws Exception {
        String page = render(ComponentMetadataTest.componentJson(scheme));
        Path file = DOCS.resolve(scheme + ".md");
        if (Boolean.getBoolean("component-docs.update")) {
            Files.createDirectories(DOCS);
            Files.writeString(file, page);
        }
        assertThat(Files.exists(file) ? Files.readString(file) : "")
                .as(file + " differs from the component metadata; refresh it with: " + REFRESH)
                .isEqualTo(page);
    }

    static String render(JsonNode json) {
        JsonNode component = json.path("component");
        String scheme = component.path("scheme").asText();
        StringBuilder md = new StringBuilder();
        md.append("# `").append(scheme).append(":` ").append(component.path("title").asText()).append("\n\n");
        md.append("<!-- Generated from the component metadata by ComponentDocsTest: do not edit. Refresh with\n     ")
                .append(REFRESH).append(" -->\n\n");
        md.append(text(component.path("description").asText())).append("\n\n");
        md.append("Syntax: `").append(component.path("syntax").asText()).append("`")
                .append(component.path("consumerOnly").asBoolean() ? " (consumer only: use it in `from`)" : "")
                .append(component.path("producerOnly").asBoolean() ? " (producer only: use it in `to`)" : "")
                .append(". Java type: `").append(component.path("javaType").asText()).append("`.\n\n");

        List<Map.Entry<String, JsonNode>> paths = new ArrayList<>();
        List<Map.Entry<String, JsonNode>> options = new ArrayList<>();
        List<String> standard = new ArrayList<>();
        for (Map.Entry<String, JsonNode> property : json.path("properties").properties()) {
            if ("path".equals(property.getValue().path("kind").asText())) {
                paths.add(property);
            } else if (property.getValue().path("label").asText().contains("advanced")) {
                standard.add("`" + property.getKey() + "`");
            } else {
                options.add(property);
            }
        }
        md.append("## Path\n\n| Name | Required | Values | Description |\n|---|---|---|---|\n");
        for (Map.Entry<String, JsonNode> path : paths) {
            md.append("| `").append(path.getKey()).append("` | ").append(path.getValue().path("required").asBoolean() ? "yes" : "no")
                    .append(" | ").append(values(path.getValue())).append(" | ").append(text(path.getValue().path("description").asText()))
                    .append(" |\n");
        }
        md.append("\n## Options\n\n");
        if (options.isEmpty()) {
            md.append("None of its own.\n");
        } else {
            md.append("| Option | Group | Type | Default | Values | Description |\n|---|---|---|---|---|---|\n");
            for (Map.Entry<String, JsonNode> option : options) {
                JsonNode o = option.getValue();
                // A multi-valued option is written one key per entry: its prefix, then the entry's name.
                String name = o.has("prefix") ? "`" + o.path("prefix").asText() + "NAME` (" + option.getKey() + ")"
                        : "`" + option.getKey() + "`";
                md.append("| ").append(name).append(" | ").append(o.path("label").asText().replace(",", ", "))
                        .append(" | ").append(o.path("multiValue").asBoolean() ? "map" : o.path("type").asText()).append(" | ")
                        .append(o.has("defaultValue") ? "`" + o.path("defaultValue").asText() + "`" : "")
                        .append(" | ").append(values(o)).append(" | ").append(text(o.path("description").asText())).append(" |\n");
            }
        }
        if (!standard.isEmpty()) {
            md.append("\nCamel's standard endpoint options also apply: ").append(String.join(", ", standard)).append(".\n");
        }
        md.append("\n## Headers\n\n| Header | Type | Description |\n|---|---|---|\n");
        for (Map.Entry<String, JsonNode> header : json.path("headers").properties()) {
            md.append("| `").append(header.getKey()).append("` | ").append(header.getValue().path("javaType").asText())
                    .append(" | ").append(text(header.getValue().path("description").asText())).append(" |\n");
        }
        return md.toString();
    }

    private static String values(JsonNode option) {
        List<String> values = new ArrayList<>();
        option.path("enum").forEach(v -> values.add("`" + v.asText() + "`"));
        return String.join(", ", values);
    }

    /** Table-safe Markdown: pipes escaped, angle brackets shown rather than taken for HTML. */
    private static String text(String description) {
        return description.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;");
    }
}
