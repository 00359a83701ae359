package io.camelworker.confinement;

import io.camelworker.outcome.InvalidContentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AllowedRootsTest {

    @TempDir
    Path temp;

    @Test
    void aFileUrlInsideARootResolvesToItsPath() throws IOException {
        Path root = Files.createDirectories(temp.resolve("in"));
        AllowedRoots roots = new AllowedRoots(List.of(root));

        assertThat(roots.resolveFileUrl("url", "file://" + root + "/a/b.txt")).isEqualTo(root.toRealPath().resolve("a/b.txt"));
        assertThat(roots.resolveFileUrl("url", "file:" + root + "/c.txt")).isEqualTo(root.toRealPath().resolve("c.txt"));
        assertThat(roots.resolveFileUrl("url", "file://localhost" + root + "/d.txt")).isEqualTo(root.toRealPath().resolve("d.txt"));
    }

    @Test
    void aPathOutsideTheRootsIsRefusedNamingTheFieldTheUrlAndTheRoots() throws IOException {
        Path root = Files.createDirectories(temp.resolve("in"));
        AllowedRoots roots = new AllowedRoots(List.of(root));

        assertThatThrownBy(() -> roots.resolveFileUrl("urls[3]", "file:///etc/passwd"))
                .isInstanceOf(InvalidContentException.class)
                .hasMessage("urls[3] 'file:///etc/passwd' is outside the allowed roots [" + root.toRealPath() + "]");
    }

    @Test
    void aSiblingDirectorySharingTheRootsPrefixIsOutside() throws IOException {
        Path root = Files.createDirectories(temp.resolve("data"));
        Files.createDirectories(temp.resolve("data-other"));
        AllowedRoots roots = new AllowedRoots(List.of(root));

        assertThatThrownBy(() -> roots.resolveFileUrl("url", "file://" + temp + "/data-other/x"))
                .hasMessageContaining("outside the allowed roots");
    }

    @Test
    void dotDotIsRefusedEvenWhenItStaysInside() throws IOException {
        Path root = Files.createDirectories(temp.resolve("in"));
        AllowedRoots roots = new AllowedRoots(List.of(root));

        assertThatThrownBy(() -> roots.resolveFileUrl("url", "file://" + root + "/a/../b"))
                .hasMessage("url 'file://" + root + "/a/../b' contains '..'");
        assertThatThrownBy(() -> roots.resolveFileUrl("url", "file://" + root + "/%2e%2e/etc"))
                .hasMessageContaining("contains '..'");
    }

    @Test
    void aLinkInsideARootThatLeadsOutIsRefused() throws IOException {
        Path root = Files.createDirectories(temp.resolve("in"));
        Path outside = Files.createDirectories(temp.resolve("out"));
        Files.createSymbolicLink(root.resolve("link"), outside);
        AllowedRoots roots = new AllowedRoots(List.of(root));

        assertThatThrownBy(() -> roots.resolveFileUrl("url", "file://" + root + "/link/secret"))
                .hasMessageContaining("outside the allowed roots");
    }

    @Test
    void onlyLocalFileUrlsAreAccepted() throws IOException {
        AllowedRoots roots = new AllowedRoots(List.of(Files.createDirectories(temp.resolve("in"))));

        assertThatThrownBy(() -> roots.resolveFileUrl("url", "http://host/file")).hasMessage("url 'http://host/file' is not a file: URL");
        assertThatThrownBy(() -> roots.resolveFileUrl("url", "file://remote-host/file")).hasMessageContaining("must be a local file URL");
        assertThatThrownBy(() -> roots.resolveFileUrl("url", "file://user:pass-4711@remote-host/file"))
                .hasMessage("url 'file://remote-host/file' must be a local file URL such as file:///data/file.txt");
        assertThatThrownBy(() -> roots.resolveFileUrl("url", "file:relative/path")).isInstanceOf(InvalidContentException.class);
        assertThatThrownBy(() -> roots.resolveFileUrl("url", "not a url")).hasMessageContaining("is not a valid URL");
        assertThatThrownBy(() -> roots.resolveFileUrl("url", "")).hasMessage("url is empty; expected a file: URL");
    }

    @Test
    void withoutAnyRootEveryPathIsRefused() {
        AllowedRoots roots = new AllowedRoots(List.of());

        assertThatThrownBy(() -> roots.resolveFileUrl("url", "file:///tmp/x"))
                .hasMessageContaining("no allowed root is configured (worker.files.allowed-roots)");
    }

    @Test
    void aNameLongerThanAFileSystemTakesIsInvalidContentWhereverItIsUsed() throws IOException {
        Path root = Files.createDirectories(temp.resolve("in")).toRealPath();
        AllowedRoots roots = new AllowedRoots(List.of(root));
        String tooLong = "d".repeat(AllowedRoots.MAX_NAME_BYTES + 1);

        // Each would otherwise fail with "File name too long", an IOException the worker retries.
        assertThatThrownBy(() -> roots.openRegularFile("url", "file://" + root + "/" + tooLong))
                .isInstanceOf(InvalidContentException.class).hasMessageContaining("longer than 255 bytes");
        assertThatThrownBy(() -> roots.destinationDirectory("destination 'x'", root.resolve(tooLong))
                .createTemporaryFile("a.part"))
                .isInstanceOf(InvalidContentException.class).hasMessageContaining("longer than 255 bytes");
        assertThatThrownBy(() -> roots.destinationDirectory("destination 'y'", root.resolve("ok"))
                .createTemporaryFile(tooLong))
                .isInstanceOf(InvalidContentException.class).hasMessageContaining("longer than 255 bytes");
    }
}
