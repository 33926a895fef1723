package io.escheduler.actuator.auth;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code token-file} mode with a token file under {@code target/}, written before the application
 * starts (the test class runs on a {@code FixtureNode} told to leave authentication alone).
 */
public class TokenFileProfile implements QuarkusTestProfile {

    static final Path FILE = Path.of("target", "token-file-auth", "tokens").toAbsolutePath();
    static final String ORIGINAL = """
            # tokens of the token-file mode test
            file-token-one      ops-script   # named
            file-token-two

            """;

    private static final AtomicLong BUMPS = new AtomicLong();

    @Override
    public Map<String, String> getConfigOverrides() {
        write(ORIGINAL);
        return Map.of(
                "node-actuator.auth.mode", "token-file",
                "node-actuator.auth.token-file", FILE.toString());
    }

    /** Rewrites the file and moves its modification time forward, as a rotation would. */
    static void write(String content) {
        try {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, content);
            Files.setLastModifiedTime(FILE, FileTime.from(Instant.now().plusSeconds(BUMPS.incrementAndGet())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
