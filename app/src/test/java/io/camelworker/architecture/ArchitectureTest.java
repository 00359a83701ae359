package io.camelworker.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The direction of the project's package dependencies: {@code protocol ← outcome ← retry ← transport ← runtime}, the
 * connectors behind the storage SPI, the steps on top of both, the wiring ({@code autoconfigure}) above all, and no cycle.
 *
 * <p>The wiring is the composition root, {@code autoconfigure}: one Spring Boot auto-configuration per feature, which
 * alone creates the beans; {@code config} is the discovery of the routes, used by it and the console.
 *
 * <p>Between modules, Maven enforces the direction (a module cannot compile against one above it,
 * docs/architecture.md); this test checks the packages inside each module, and the whole, on the distribution's
 * class path.
 */
class ArchitectureTest {

    private static final String ROOT = "io.camelworker";

    /** The project's top-level packages. */
    private static final String[] PACKAGES = {"autoconfigure", "config", "confinement", "console", "management", "outcome",
            "protocol", "retry", "runtime", "sandbox", "steps", "storage", "tracing", "transport"};

    /** Main classes only: tests may reach anything. */
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    @Test
    void theProtocolDependsOnNoOtherPackageOfTheProject() {
        onlyOn("protocol").check(CLASSES);
    }

    @Test
    void outcomesDependOnTheProtocolOnly() {
        onlyOn("outcome", "protocol").check(CLASSES);
    }

    @Test
    void theRetryPolicyDependsOnOutcomesOnly() {
        onlyOn("retry", "outcome", "protocol").check(CLASSES);
    }

    @Test
    void theTransportDependsOnTheProtocolOutcomesAndRetryOnly() {
        onlyOn("transport", "protocol", "outcome", "retry", "tracing").check(CLASSES);
    }

    @Test
    void theRuntimeDependsOnTheTransportAndBelowOnly() {
        onlyOn("runtime", "transport", "protocol", "outcome", "retry", "tracing").check(CLASSES);
    }

    @Test
    void requestSpansDependOnTheProtocolOnly() {
        onlyOn("tracing", "protocol").check(CLASSES);
    }

    @Test
    void filePathConfinementDependsOnOutcomesOnly() {
        onlyOn("confinement", "outcome", "protocol").check(CLASSES);
    }

    @Test
    void theSandboxDependsOnOutcomesAndFilePathsOnly() {
        onlyOn("sandbox", "outcome", "confinement", "protocol").check(CLASSES);
    }

    @Test
    void storageDoesNotDependOnTheRuntimeNorTheWiring() {
        noClasses().that().resideInAPackage(pkg("storage")).should().dependOnClassesThat()
                .resideInAnyPackage(pkg("runtime"), pkg("transport"), pkg("config"), pkg("console"))
                .check(CLASSES);
    }

    @Test
    void storageConnectorsDoNotDependOnOneAnother() {
        for (String connector : new String[]{"http", "local", "s3"}) {
            noClasses().that().resideInAPackage(ROOT + ".storage." + connector + "..").should().dependOnClassesThat()
                    .resideInAnyPackage(Stream.of("http", "local", "s3").filter(other -> !other.equals(connector))
                            .map(other -> ROOT + ".storage." + other + "..").toArray(String[]::new))
                    .check(CLASSES);
        }
    }

    @Test
    void stepsDoNotDependOnTheWiringNorTheConsole() {
        noClasses().that().resideInAPackage(pkg("steps")).should().dependOnClassesThat()
                .resideInAnyPackage(pkg("config"), pkg("console"))
                .check(CLASSES);
    }

    @Test
    void onlyTheCompositionRootWiresTheBeans() {
        noClasses().that().resideOutsideOfPackages(pkg("autoconfigure")).should().dependOnClassesThat()
                .resideInAPackage(pkg("autoconfigure"))
                .check(CLASSES);
    }

    @Test
    void routeDiscoveryIsUsedByTheCompositionRootAndTheConsoleOnly() {
        noClasses().that().resideOutsideOfPackages(pkg("config"), pkg("autoconfigure"), pkg("console"))
                .and().doNotHaveSimpleName("WorkerApplication")
                .should().dependOnClassesThat().resideInAPackage(pkg("config"))
                .check(CLASSES);
    }

    @Test
    void nothingDependsOnTheConsole() {
        noClasses().that().resideOutsideOfPackages(pkg("console")).should().dependOnClassesThat()
                .resideInAPackage(pkg("console"))
                .check(CLASSES);
    }

    @Test
    void storageDoesNotDependOnSteps() {
        noClasses().that().resideInAPackage(pkg("storage")).should().dependOnClassesThat().resideInAPackage(pkg("steps"))
                .check(CLASSES);
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void stepsDoNotDependOnTheTransport() {
        noClasses().that().resideInAPackage(pkg("steps")).should().dependOnClassesThat().resideInAPackage(pkg("transport"))
                .check(CLASSES);
    }

    @Test
    void stepsUseTheStorageSpiNotTheConnectors() {
        noClasses().that().resideInAPackage(pkg("steps")).and().resideOutsideOfPackage(ROOT + ".steps.storage")
                .should().dependOnClassesThat()
                .resideInAnyPackage(ROOT + ".storage.http..", ROOT + ".storage.local..", ROOT + ".storage.s3..")
                .check(CLASSES);
        // A REGARDS store request to S3 brings its own access (endpoint, region, keys, part sizes), which only the S3
        // connector can use: the steps of that contract reach it, and no other connector.
        noClasses().that().resideInAPackage(ROOT + ".steps.storage").should().dependOnClassesThat()
                .resideInAnyPackage(ROOT + ".storage.http..", ROOT + ".storage.local..")
                .check(CLASSES);
    }

    @Test
    void theStorageSpiDoesNotDependOnItsConnectors() {
        // The worker.storage settings are one tree (StorageProperties); its http entries are checked at start-up with
        // the http connector's own parser, so that a bad entry fails the start naming the property.
        noClasses().that().resideInAPackage(ROOT + ".storage").and().doNotHaveSimpleName("StorageProperties")
                .should().dependOnClassesThat()
                .resideInAnyPackage(ROOT + ".storage.http..", ROOT + ".storage.local..", ROOT + ".storage.s3..")
                .check(CLASSES);
    }

    /** Classes of {@code pkg} depend on no project package but {@code allowed} (and {@code pkg} itself). */
    private static ArchRule onlyOn(String pkg, String... allowed) {
        String[] forbidden = Arrays.stream(PACKAGES)
                .filter(other -> !other.equals(pkg) && !Arrays.asList(allowed).contains(other))
                .map(ArchitectureTest::pkg).toArray(String[]::new);
        return noClasses().that().resideInAPackage(pkg(pkg)).should().dependOnClassesThat().resideInAnyPackage(forbidden)
                .orShould().dependOnClassesThat().resideInAPackage(ROOT).because("the root holds only the application");
    }

    private static String pkg(String name) {
        return ROOT + "." + name + "..";
    }
}
