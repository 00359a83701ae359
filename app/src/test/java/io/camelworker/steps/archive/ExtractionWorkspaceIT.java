package io.camelworker.steps.archive;

import io.camelworker.sandbox.Sandbox;
import io.camelworker.sandbox.SandboxPool;
import io.camelworker.sandbox.SandboxTask;
import io.camelworker.sandbox.SandboxProperties;
import io.camelworker.confinement.AllowedRoots;
import io.camelworker.outcome.InvalidContentException;
import io.camelworker.outcome.ProcessingErrorException;
import io.camelworker.storage.FileSourceReader;
import io.camelworker.storage.SourceContent;
import io.camelworker.storage.SourceReader;
import io.camelworker.storage.Sources;
import io.camelworker.storage.StorageProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The workspace: atomic extraction into place, reuse by a redelivery, clean-up after a crash or a refusal. */
class ExtractionWorkspaceIT {

    @TempDir
    Path dir;

    Path input() throws IOException {
        return Files.createDirectories(dir.resolve("in"));
    }

    ExtractionWorkspace workspace(SourceReader... more) throws IOException {
        return workspace(ExtractionLimits.defaults(), more);
    }

    ExtractionWorkspace workspace(ExtractionLimits limits, SourceReader... more) throws IOException {
        return workspace(limits, SANDBOX, more);
    }

    ExtractionWorkspace workspace(ExtractionLimits limits, Sandbox sandbox, SourceReader... more) throws IOException {
        AllowedRoots roots = new AllowedRoots(List.of(input()));
        List<SourceReader> readers = new java.util.ArrayList<>(List.of(more));
        readers.add(new FileSourceReader(roots));
        return new ExtractionWorkspace(dir.resolve("ws"), limits, 2, sandbox,
                new Sources(readers, StorageProperties.DEFAULT_MAX_FILE_SIZE), roots);
    }

    /** The real sandbox, with a hook that runs between the worker's check of the archive and the process's use of it. */
    static Sandbox swappingFirst(ThrowingRunnable swap) {
        return new Sandbox() {
            @Override
            public <I, O> O run(Class<? extends SandboxTask<I, O>> task, I input, String subject) throws IOException {
                swap.run();
                return SANDBOX.run(task, input, subject);
            }
        };
    }

    interface ThrowingRunnable {
        void run() throws IOException;
    }

    @Test
    void anArchiveSwappedForALinkToATarOutsideTheRootsAfterItsCheckIsRefusedAndNothingIsExtracted() throws IOException {
        Path archive = TestArchives.tar(input().resolve("p.tar"), false, TestArchives.productTree());
        Path outside = TestArchives.tar(Files.createDirectories(dir.resolve("outside")).resolve("secret.tar"), false,
                java.util.Map.of("secret.txt", TestArchives.text("secret")));
        ExtractionWorkspace swapped = workspace(ExtractionLimits.defaults(), swappingFirst(() -> {
            Files.delete(archive);
            Files.createSymbolicLink(archive, outside);
        }));

        assertThatThrownBy(() -> extract(swapped, "p.tar", "product.files[0]", archive.toUri().toString(), null))
                .isInstanceOf(InvalidContentException.class)
                .hasMessageStartingWith("product.files[0] url")
                .hasMessageContaining("is outside the allowed roots");
        assertThat(dir.resolve("ws/project1/req-1")).doesNotExist();
    }

    @Test
    void anArchiveReplacedByAnotherFileAfterItsCheckIsRefused() throws IOException {
        Path archive = TestArchives.tar(input().resolve("p.tar"), false, TestArchives.productTree());
        Path other = TestArchives.tar(input().resolve("other.tar"), false,
                java.util.Map.of("other.txt", TestArchives.text("other")));
        ExtractionWorkspace swapped = workspace(ExtractionLimits.defaults(), swappingFirst(() ->
                Files.move(other, archive, java.nio.file.StandardCopyOption.REPLACE_EXISTING)));

        assertThatThrownBy(() -> extract(swapped, "p.tar", "product.files[0]", archive.toUri().toString(), null))
                .isInstanceOf(InvalidContentException.class)
                .hasMessageContaining("product.files[0] url")
                .hasMessageContaining("replaced after it was checked");
        assertThat(dir.resolve("ws/project1/req-1")).doesNotExist();
    }

    @Test
    @org.junit.jupiter.api.Timeout(60)
    void anArchiveSwappedForAFifoAfterItsCheckIsRefusedWithoutBlocking() throws Exception {
        Path archive = TestArchives.tar(input().resolve("p.tar"), false, TestArchives.productTree());
        ExtractionWorkspace swapped = workspace(ExtractionLimits.defaults(), swappingFirst(() -> {
            Files.delete(archive);
            try {
                new ProcessBuilder("mkfifo", archive.toString()).start().waitFor();
            } catch (InterruptedException e) {
                throw new java.io.InterruptedIOException();
            }
        }));

        assertThatThrownBy(() -> extract(swapped, "p.tar", "product.files[0]", archive.toUri().toString(), null))
                .isInstanceOf(InvalidContentException.class)
                .hasMessageContaining("product.files[0] url")
                .hasMessageContaining("not a regular file");
        assertThat(dir.resolve("ws/project1/req-1")).doesNotExist();
        assertThat(extract(workspace(), "q.zip", "f",
                TestArchives.zip(input().resolve("q.zip"), TestArchives.productTree()).toUri().toString(), null).files())
                .as("the sandbox goes on").hasSize(4);
    }

    /** One sandbox for the class's tests: its process stays warm between them. */
    static final SandboxPool SANDBOX = new SandboxPool(new SandboxProperties());

    @org.junit.jupiter.api.AfterAll
    static void closeSandbox() {
        SANDBOX.close();
    }

    static final WorkspaceKey REQUEST = new WorkspaceKey("project1", "req-1");

    static Extraction extract(ExtractionWorkspace workspace, String name, String field, String url, String md5)
            throws IOException {
        return workspace.extract(REQUEST, name, field, url, md5, workspace.newBudget());
    }

    @Test
    void extractionIsRenamedIntoPlaceWithItsManifestAndNothingElseIsLeft() throws IOException {
        Path zip = TestArchives.zip(input().resolve("p.zip"), TestArchives.productTree());

        Extraction extraction = extract(workspace(), "p.zip", "f", zip.toUri().toString(), TestArchives.md5(zip));

        Path unit = dir.resolve("ws/project1/req-1/p.zip");
        assertThat(extraction.directory()).isEqualTo(unit.resolve("content"));
        assertThat(extraction.reused()).isFalse();
        assertThat(extraction.files()).hasSize(4).allSatisfy(f -> assertThat(f.file()).startsWith(unit.resolve("content")).isRegularFile());
        assertThat(unit.resolve("manifest.json")).isRegularFile();
        try (Stream<Path> request = Files.list(dir.resolve("ws/project1/req-1"))) {
            assertThat(request).containsExactly(unit);
        }
    }

    @Test
    void redeliveryReusesTheFinishedExtractionWithoutReadingTheArchive() throws IOException {
        Path zip = TestArchives.zip(input().resolve("p.zip"), TestArchives.productTree());
        String md5 = TestArchives.md5(zip);
        Extraction first = extract(workspace(), "p.zip", "f", zip.toUri().toString(), md5);
        Files.delete(zip);

        Extraction again = extract(workspace(), "p.zip", "f", zip.toUri().toString(), md5.toUpperCase());

        assertThat(again.reused()).isTrue();
        assertThat(again.files()).isEqualTo(first.files());
    }

    @Test
    void crashLeftoversAreRemovedAndTheExtractionIsDoneAgain() throws IOException {
        Path zip = TestArchives.zip(input().resolve("p.zip"), TestArchives.productTree());
        Path request = Files.createDirectories(dir.resolve("ws/project1/req-1"));
        Files.createDirectories(request.resolve("p.zip.partial-1234/content/data"));
        Files.writeString(request.resolve("p.zip.download-5678"), "half a download");
        Files.createDirectories(request.resolve("p.zip/content"));
        Files.writeString(request.resolve("p.zip/content/readme.txt"), "half");

        Extraction extraction = extract(workspace(), "p.zip", "f", zip.toUri().toString(), TestArchives.md5(zip));

        assertThat(extraction.reused()).isFalse();
        assertThat(extraction.files()).hasSize(4);
        assertThat(request.resolve("p.zip/content/readme.txt")).hasContent("a product");
        try (Stream<Path> left = Files.list(request)) {
            assertThat(left).containsExactly(request.resolve("p.zip"));
        }
    }

    @Test
    void checksumMismatchIsAnErrorNamingTheExpectedValueOnlyAndLeavesNothing() throws IOException {
        Path zip = TestArchives.zip(input().resolve("p.zip"), TestArchives.productTree());
        String actual = TestArchives.md5(zip);
        String expected = "0123456789abcdef0123456789abcdef";

        assertThatThrownBy(() -> extract(workspace(), "p.zip", "product.files[0]", zip.toUri().toString(), expected))
                .isInstanceOf(ProcessingErrorException.class)
                .hasMessage("product.files[0] checksumMd5 mismatch for '" + zip.toUri() + "': expected " + expected
                        + ", the archive's content differs")
                .message().doesNotContain(actual);
        assertThat(dir.resolve("ws/project1/req-1")).doesNotExist();
    }

    @Test
    void refusedArchiveLeavesNoTemporaryDirectory() throws IOException {
        Path zip = TestArchives.zipOf(input().resolve("evil.zip"), "../evil.txt", TestArchives.text("x"));

        assertThatThrownBy(() -> extract(workspace(), "evil.zip", "f", zip.toUri().toString(), TestArchives.md5(zip)))
                .isInstanceOf(InvalidContentException.class)
                .hasMessageStartingWith("f '" + zip.toUri() + "': archive entry '../evil.txt' contains '..'");
        assertThat(dir.resolve("ws/project1/req-1")).doesNotExist();
    }

    @Test
    void remoteArchiveIsDownloadedNextToTheExtractionThenDeleted() throws IOException {
        Path zip = TestArchives.zip(dir.resolve("remote.zip"), TestArchives.productTree());
        SourceReader remote = new SourceReader() {
            @Override
            public boolean supports(URI url) {
                return "https".equals(url.getScheme());
            }

            @Override
            public SourceContent open(String field, URI url) throws IOException {
                return new SourceContent(Files.newInputStream(zip), Files.size(zip), "remote.zip");
            }
        };

        Extraction extraction = extract(workspace(remote), "remote.zip", "f", "https://host/remote.zip", TestArchives.md5(zip));

        assertThat(extraction.files()).hasSize(4);
        try (Stream<Path> left = Files.list(dir.resolve("ws/project1/req-1"))) {
            assertThat(left).containsExactly(dir.resolve("ws/project1/req-1/remote.zip"));
        }
    }

    @Test
    void refusedAttemptLeavesTheEarlierExtractionOfTheSameRequestIntact() throws IOException {
        Path zip = TestArchives.zip(input().resolve("p.zip"), TestArchives.productTree());
        Extraction first = extract(workspace(), "p.zip", "f", zip.toUri().toString(), TestArchives.md5(zip));
        Path evil = TestArchives.zipOf(input().resolve("evil.zip"), "../evil.txt", TestArchives.text("x"));

        assertThatThrownBy(() -> extract(workspace(), "p.zip", "f", evil.toUri().toString(), TestArchives.md5(evil)))
                .isInstanceOf(InvalidContentException.class);

        assertThat(first.files()).allSatisfy(f -> assertThat(f.file()).isRegularFile().hasSize(f.size()));
        try (Stream<Path> left = Files.list(dir.resolve("ws/project1/req-1"))) {
            assertThat(left).containsExactly(dir.resolve("ws/project1/req-1/p.zip"));
        }
    }

    @Test
    void extractionOfAnotherArchiveReplacesTheEarlierOneOnlyOnceComplete() throws IOException {
        Path zip = TestArchives.zip(input().resolve("p.zip"), TestArchives.productTree());
        extract(workspace(), "p.zip", "f", zip.toUri().toString(), TestArchives.md5(zip));
        Path other = TestArchives.zipOf(input().resolve("other.zip"), "other.txt", TestArchives.text("other"));

        Extraction replaced = extract(workspace(), "p.zip", "f", other.toUri().toString(), TestArchives.md5(other));

        assertThat(replaced.files()).extracting(ExtractedFile::path).containsExactly("other.txt");
        assertThat(dir.resolve("ws/project1/req-1/p.zip/content/readme.txt")).doesNotExist();
        try (Stream<Path> left = Files.list(dir.resolve("ws/project1/req-1"))) {
            assertThat(left).containsExactly(dir.resolve("ws/project1/req-1/p.zip"));
        }
    }

    @Test
    void discardRemovesWhatTheAttemptExtractedButNotWhatItReused() throws IOException {
        Path zip = TestArchives.zip(input().resolve("p.zip"), TestArchives.productTree());
        Path second = TestArchives.zipOf(input().resolve("q.zip"), "q.txt", TestArchives.text("q"));
        extract(workspace(), "p.zip", "f", zip.toUri().toString(), TestArchives.md5(zip));
        Extraction reused = extract(workspace(), "p.zip", "f", zip.toUri().toString(), TestArchives.md5(zip));
        Extraction made = extract(workspace(), "q.zip", "f", second.toUri().toString(), TestArchives.md5(second));

        workspace().discard(REQUEST, List.of(reused, made));

        assertThat(reused.directory()).isDirectory();
        assertThat(made.directory().getParent()).doesNotExist();
    }

    @Test
    void reusedExtractionCountsAgainstTheRequestsBudget() throws IOException {
        // 300 KB per request: the reused extraction (about 205 KB) and a new 200 KB one do not fit together.
        ExtractionWorkspace workspace = workspace(new ExtractionLimits(20, 300_000, 50, 64 * 1024, Long.MAX_VALUE));
        Path zip = TestArchives.zip(input().resolve("p.zip"), TestArchives.productTree());
        Path second = TestArchives.zipOf(input().resolve("q.zip"), "q.bin", TestArchives.bytes(200_000, 4));
        extract(workspace, "p.zip", "f", zip.toUri().toString(), TestArchives.md5(zip));
        ExtractionBudget redelivery = workspace.newBudget();
        assertThat(workspace.extract(REQUEST, "p.zip", "f", zip.toUri().toString(), TestArchives.md5(zip), redelivery)
                .reused()).isTrue();

        assertThatThrownBy(() -> workspace.extract(REQUEST, "q.zip", "f", second.toUri().toString(),
                TestArchives.md5(second), redelivery))
                .isInstanceOf(InvalidContentException.class)
                .hasMessageEndingWith("archive entry 'q.bin' makes the request extract more than 300000 bytes "
                        + "(worker.extraction.max-total-bytes)");
    }

    @Test
    void requestsOfTwoTenantsWithTheSameIdGetTwoDirectories() throws IOException {
        ExtractionWorkspace workspace = workspace();

        assertThat(workspace.requestDirectory(new WorkspaceKey("a", "r1")))
                .isNotEqualTo(workspace.requestDirectory(new WorkspaceKey("b", "r1")));
        assertThat(workspace.requestDirectory(new WorkspaceKey("../..", "../../etc")))
                .startsWithRaw(dir.resolve("ws"))
                .hasParentRaw(dir.resolve("ws").resolve(ExtractionWorkspace.safeName("../..", "x")));
        assertThat(workspace.requestDirectory(new WorkspaceKey(null, "r1"))).isEqualTo(dir.resolve("ws/no-tenant/r1"));
    }

    @Test
    void interruptedDownloadLeavesNothing() throws IOException {
        Path zip = TestArchives.zip(dir.resolve("remote.zip"), TestArchives.productTree());
        SourceReader interrupting = new SourceReader() {
            @Override
            public boolean supports(URI url) {
                return "https".equals(url.getScheme());
            }

            @Override
            public SourceContent open(String field, URI url) throws IOException {
                // The request's time runs out while the archive is read.
                InputStream in = new java.io.FilterInputStream(Files.newInputStream(zip)) {
                    @Override
                    public int read(byte[] buffer, int offset, int length) throws IOException {
                        Thread.currentThread().interrupt();
                        return super.read(buffer, offset, length);
                    }
                };
                return new SourceContent(in, Files.size(zip), "remote.zip");
            }
        };

        try {
            assertThatThrownBy(() -> extract(workspace(interrupting), "remote.zip", "f", "https://host/remote.zip", null))
                    .isInstanceOf(InterruptedIOException.class).hasMessageContaining("interrupted");
        } finally {
            assertThat(Thread.interrupted()).isTrue();
        }
        assertThat(dir.resolve("ws/project1/req-1")).doesNotExist();
    }

    @Test
    void requestIdsAndNamesBecomeSafeDistinctDirectoryNames() {
        assertThat(ExtractionWorkspace.safeName("3f1c-99_a.b", "x")).isEqualTo("3f1c-99_a.b");
        assertThat(ExtractionWorkspace.safeName("../etc", "x")).matches("_\\._etc-[0-9a-f]{8}");
        assertThat(ExtractionWorkspace.safeName("a/b", "x")).isNotEqualTo(ExtractionWorkspace.safeName("a:b", "x"));
        assertThat(ExtractionWorkspace.safeName(null, "request")).isEqualTo("request");
    }
}
