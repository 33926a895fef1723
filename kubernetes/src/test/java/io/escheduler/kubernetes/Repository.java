package io.escheduler.kubernetes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Paths in the checkout: the kustomize layout under {@code kubernetes/}, the modules' sources beside it. */
final class Repository {

    private static final Path ROOT = findRoot();

    private Repository() {
    }

    /** The checkout's root, found from Maven's working directory (the module) or the root itself. */
    static Path root() {
        return ROOT;
    }

    /** {@code kubernetes/}. */
    static Path kubernetes() {
        return ROOT.resolve("kubernetes");
    }

    static Path resolve(String relative) {
        return ROOT.resolve(relative);
    }

    /** {@code path} relative to the root, with forward slashes: how builds and messages name it. */
    static String relative(Path path) {
        return ROOT.relativize(path.toAbsolutePath().normalize()).toString().replace('\\', '/');
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(String relative) {
        return read(resolve(relative));
    }

    private static Path findRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("kubernetes/base"))) {
                return dir.normalize();
            }
        }
        throw new IllegalStateException("no checkout (pom.xml beside kubernetes/base) above " + Path.of("").toAbsolutePath());
    }
}
