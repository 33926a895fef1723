package io.escheduler.extender.protocol;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The hand-written kube-scheduler request bodies under {@code src/test/resources/requests/}. */
public final class Requests {

    private static final Path DIR = Path.of("src/test/resources/requests");

    private Requests() {
    }

    public static byte[] bytes(String file) {
        try {
            return Files.readAllBytes(DIR.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(String file) {
        return new String(bytes(file), java.nio.charset.StandardCharsets.UTF_8);
    }
}
