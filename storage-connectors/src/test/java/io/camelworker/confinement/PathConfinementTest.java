package io.camelworker.confinement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PathConfinementTest {

    @TempDir
    Path temp;

    final Function<PathConfinement.Escape, RuntimeException> refusal = escape -> new IllegalArgumentException(escape.name());

    @Test
    void aRelativePathResolvesUnderTheDirectoryAndALeadingSeparatorIsRelativeToIt() {
        Path directory = temp.resolve("store");

        assertThat(PathConfinement.resolve(directory, "2024/01", "/", refusal)).isEqualTo(directory.resolve("2024/01"));
        assertThat(PathConfinement.resolve(directory, "/2024//./01/", "/", refusal)).isEqualTo(directory.resolve("2024/01"));
        assertThat(PathConfinement.resolve(directory, "2024\\01", "/\\", refusal)).isEqualTo(directory.resolve("2024/01"));
        assertThat(PathConfinement.resolve(directory, null, "/", refusal)).isEqualTo(directory);
    }

    @Test
    void dotDotIsRefusedEvenWhenItWouldStayInside() {
        assertThatThrownBy(() -> PathConfinement.resolve(temp, "a/../b", "/", refusal)).hasMessage("PARENT");
        assertThatThrownBy(() -> PathConfinement.resolve(temp, "a\\..\\..\\etc", "/\\", refusal)).hasMessage("PARENT");
    }

    @Test
    void aNulCharacterIsRefused() {
        assertThatThrownBy(() -> PathConfinement.resolve(temp, "a\0b", "/", refusal)).hasMessage("NUL");
    }

    @Test
    void aLinkLeadingOutIsRefusedOnlyWhereLinksAreFollowed() throws IOException {
        Path directory = Files.createDirectories(temp.resolve("store"));
        Path outside = Files.createDirectories(temp.resolve("outside"));
        Files.createSymbolicLink(directory.resolve("link"), outside);

        assertThat(PathConfinement.resolve(directory, "link/x", "/", refusal)).isEqualTo(directory.resolve("link/x"));
        assertThatThrownBy(() -> PathConfinement.resolveFollowingLinks(directory, "link/x", "/", refusal))
                .hasMessage("OUTSIDE");
        assertThat(PathConfinement.resolveFollowingLinks(directory, "sub/x", "/", refusal)).isEqualTo(directory.resolve("sub/x"));
    }

    @Test
    void aSiblingSharingTheDirectorysPrefixIsOutside() throws IOException {
        Path directory = Files.createDirectories(temp.resolve("data"));
        Path sibling = Files.createDirectories(temp.resolve("data-other"));

        assertThat(PathConfinement.isInside(sibling.resolve("x"), directory)).isFalse();
        assertThat(PathConfinement.isInside(directory.resolve("x/y"), directory)).isTrue();
    }

    @Test
    void theRealPathOfAPathNotYetCreatedFollowsTheLinksOfItsExistingAncestors() throws IOException {
        Path outside = Files.createDirectories(temp.resolve("outside"));
        Path link = Files.createSymbolicLink(temp.resolve("link"), outside);

        assertThat(PathConfinement.realPath(link.resolve("new/file"))).isEqualTo(outside.toRealPath().resolve("new/file"));
    }

    @Test
    void aParentSegmentIsFoundInAPath() {
        assertThat(PathConfinement.hasParentSegment(Path.of("/data/a/../b"))).isTrue();
        assertThat(PathConfinement.hasParentSegment(Path.of("/data/a..b"))).isFalse();
    }
}
