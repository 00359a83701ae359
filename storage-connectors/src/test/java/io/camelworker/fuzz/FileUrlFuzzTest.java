package io.camelworker.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.camelworker.confinement.AllowedRoots;
import io.camelworker.confinement.OpenedFile;
import io.camelworker.confinement.PathConfinement;
import io.camelworker.outcome.InvalidContentException;
import io.camelworker.outcome.ProcessingErrorException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/**
 * Request text meets URL and path parsing: a {@code file:} URL or a relative path is resolved inside the allowed root or
 * refused (INVALID_CONTENT, ERROR for a missing file), and nothing outside the root is ever opened. The root is a temporary
 * directory holding a file and a subdirectory, next to a file outside it and a link that leads to it.
 */
class FileUrlFuzzTest {

    private static final Path BASE = createBase();
    private static final Path ROOT = BASE.resolve("root");
    private static final Path OUTSIDE = BASE.resolve("outside.txt");
    private static final AllowedRoots ROOTS = new AllowedRoots(List.of(ROOT));

    @FuzzTest(maxDuration = "2m")
    void resolveFileUrl(byte[] input) {
        String url = withRoot(input);
        try {
            Path resolved = ROOTS.resolveFileUrl("url", url);
            requireInsideRoot(resolved.normalize(), url);
        } catch (InvalidContentException refused) {
            // the request's answer
        }
    }

    @FuzzTest(maxDuration = "2m")
    void openRegularFile(byte[] input) {
        String url = withRoot(input);
        try (OpenedFile opened = ROOTS.openRegularFile("url", url)) {
            requireInsideRoot(opened.root().resolve(opened.relative()), url);
            if (Files.isSameFile(opened.root().resolve(opened.relative()), OUTSIDE)) {
                throw new AssertionError("'" + url + "' opened the file outside the root");
            }
        } catch (InvalidContentException | ProcessingErrorException refused) {
            // the request's answer
        } catch (IOException e) {
            throw new UncheckedIOException("'" + url + "'", e);
        }
    }

    /** Relative names (a destination directory, an archive entry): refused or inside; InvalidPathException is the caller's to word. */
    @FuzzTest(maxDuration = "2m")
    void confineRelativePath(byte[] input) {
        String relative = text(input);
        for (String separators : List.of("/", "/\\")) {
            try {
                Path resolved = PathConfinement.resolve(ROOT, relative, separators, escape -> new InvalidContentException(escape.name()));
                requireInsideRoot(resolved, relative);
            } catch (InvalidContentException | InvalidPathException refused) {
                // documented: the escape refused, or a name the file system cannot hold
            }
        }
    }

    private static void requireInsideRoot(Path path, String input) {
        if (!path.startsWith(ROOT.toAbsolutePath().normalize()) && !path.startsWith(PathConfinement.realPath(ROOT))) {
            throw new AssertionError("'" + input + "' resolved to " + path + ", outside " + ROOT);
        }
    }

    /** The committed seeds name the temporary root {@code @ROOT@}, so that they reach inside it wherever it is created. */
    private static String withRoot(byte[] input) {
        return text(input).replace("@ROOT@", ROOT.toString());
    }

    private static String text(byte[] input) {
        return new String(input, StandardCharsets.UTF_8);
    }

    private static Path createBase() {
        try {
            Path base = Files.createTempDirectory("file-url-fuzz");
            Path root = Files.createDirectories(base.resolve("root").resolve("dir"));
            Files.writeString(root.resolve("file.txt"), "inside");
            Files.writeString(base.resolve("root").resolve("file.txt"), "inside");
            Files.writeString(base.resolve("outside.txt"), "outside");
            Files.createSymbolicLink(base.resolve("root").resolve("link.txt"), base.resolve("outside.txt"));
            Files.createSymbolicLink(base.resolve("root").resolve("up"), base);
            return base;
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
