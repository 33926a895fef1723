package io.escheduler.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenFileTest {

    @TempDir
    Path dir;

    @Test
    void parsesTokensNamesCommentsAndBlankLines() {
        TokenFile file = TokenFile.parse(List.of(
                "# a comment",
                "",
                "   ",
                "alpha-token  analyzer on hpc01   # trailing comment",
                "\tbeta#token\t",
                "gamma-token#not-a-comment",
                "  # indented comment"));

        assertThat(file.size()).isEqualTo(3);
        assertThat(file.find("alpha-token")).contains("analyzer on hpc01");
        assertThat(file.find("beta#token")).contains("token " + TokenHash.of("beta#token"));
        assertThat(file.find("gamma-token#not-a-comment")).isPresent();
        assertThat(file.find("gamma-token")).isEmpty();
        assertThat(file.find("analyzer")).isEmpty();
        assertThat(file.find("# a comment")).isEmpty();
    }

    @Test
    void firstOfDuplicateTokensNamesIt() {
        TokenFile file = TokenFile.parse(List.of("same first", "same second"));
        assertThat(file.find("same")).contains("first");
    }

    @Test
    void startupNeedsTheSettingAndAReadableFile() {
        assertThatThrownBy(() -> TokenFileAuthenticator.open("some-service.auth", Optional.empty()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("some-service.auth.token-file")
                .hasMessageContaining("some-service.auth.mode=token-file");
        Path missing = dir.resolve("absent");
        assertThatThrownBy(() -> TokenFileAuthenticator.open("some-service.auth", Optional.of(missing)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("some-service.auth.token-file=" + missing)
                .hasMessageContaining("cannot be read");
    }

    @Test
    void emptyFileRefusesEveryone() throws IOException {
        Path file = Files.writeString(dir.resolve("tokens"), "# nobody yet\n");
        assertThat(TokenFileAuthenticator.open("some-service.auth", Optional.of(file)).authenticate("anything"))
                .isInstanceOf(AuthOutcome.Unauthenticated.class);
    }

    @Test
    void secretVolumeSwapIsSeenEvenWithTheSameTimeAndSize() throws IOException {
        Path file = Files.writeString(dir.resolve("tokens"), "token-aaaa one\n");
        FileTime time = Files.getLastModifiedTime(file);
        TokenFileAuthenticator authenticator = TokenFileAuthenticator.open("some-service.auth", Optional.of(file));
        assertThat(authenticator.authenticate("token-aaaa")).isEqualTo(new AuthOutcome.Allowed("one"));

        // Same size and modification time, new inode: how a Kubernetes Secret volume updates.
        Path next = Files.writeString(dir.resolve("tokens.next"), "token-bbbb one\n");
        Files.setLastModifiedTime(next, time);
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

        assertThat(authenticator.authenticate("token-bbbb")).isEqualTo(new AuthOutcome.Allowed("one"));
        assertThat(authenticator.authenticate("token-aaaa")).isInstanceOf(AuthOutcome.Unauthenticated.class);
    }

    @Test
    void reasonsNeverContainTheToken() throws IOException {
        Path file = Files.writeString(dir.resolve("tokens"), "known\n");
        AuthOutcome outcome = TokenFileAuthenticator.open("some-service.auth", Optional.of(file)).authenticate("s3cret-value");
        assertThat(((AuthOutcome.Unauthenticated) outcome).reason()).doesNotContain("s3cret-value");
    }
}
