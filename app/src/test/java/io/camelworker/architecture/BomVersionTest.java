package io.camelworker.architecture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The BOM has no parent, so it declares the Camel version again; the parent imports it, so both must name the same
 * one, or the build would mix Camel's Spring Boot starters of one version with Camel's artifacts of another.
 */
class BomVersionTest {

    private static final Pattern CAMEL_VERSION = Pattern.compile("<camel\\.version>([^<]+)</camel\\.version>");

    @Test
    void theBomNamesTheCamelVersionOfTheBuild() throws IOException {
        // The app module's tests run in the project's root directory (app/pom.xml).
        assertThat(camelVersion(Path.of("bom/pom.xml")))
                .as("camel.version of bom/pom.xml, which must be the parent's (pom.xml)")
                .isEqualTo(camelVersion(Path.of("pom.xml")));
    }

    private static String camelVersion(Path pom) throws IOException {
        Matcher version = CAMEL_VERSION.matcher(Files.readString(pom));
        assertThat(version.find()).as("camel.version in " + pom).isTrue();
        return version.group(1);
    }
}
