package io.escheduler.extender.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Golden replies under {@code src/test/resources/golden/}: compared byte for byte, rewritten with {@code -Dgolden.update=true}. */
final class Golden {

    private static final Path DIR = Path.of("src/test/resources/golden");

    private Golden() {
    }

    static void check(String file, byte[] actual) {
        Path golden = DIR.resolve(file);
        try {
            if (Boolean.getBoolean("golden.update")) {
                Files.createDirectories(DIR);
                Files.write(golden, actual);
                return;
            }
            assertThat(golden).as("golden file missing: run with -Dgolden.update=true").exists();
            assertThat(new String(actual, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(Files.readString(golden));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
