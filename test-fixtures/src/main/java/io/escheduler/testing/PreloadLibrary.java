package io.escheduler.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The MSR fixture preload library ({@code test-fixtures/src/main/c/msr-fixture-preload.c}), compiled by
 * the build into each module's {@code target/msr-fixture-preload.so} (property {@code msr.fixture.preload}).
 */
public final class PreloadLibrary {

    private PreloadLibrary() {
    }

    public static Path path() {
        String configured = System.getProperty("msr.fixture.preload");
        if (configured == null) {
            throw new IllegalStateException("system property msr.fixture.preload is not set: run the tests through Maven, "
                    + "which compiles test-fixtures/src/main/c/msr-fixture-preload.c with gcc");
        }
        Path path = Path.of(configured);
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException(path + " does not exist: the build compiles it from test-fixtures/src/main/c/msr-fixture-preload.c "
                    + "with gcc in the process-test-classes phase (is gcc installed?)");
        }
        return path;
    }

    /** Where fixture trees with MSR files must live for the preload library to act on them (property {@code msr.fixture.root}). */
    public static Path fixtureRoot() {
        String configured = System.getProperty("msr.fixture.root");
        if (configured == null) {
            throw new IllegalStateException("system property msr.fixture.root is not set: run the tests through Maven");
        }
        try {
            Path root = Files.createDirectories(Path.of(configured));
            return root.toRealPath();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A fresh directory under {@link #fixtureRoot()} for one test's machine. */
    public static Path newFixtureDirectory(String prefix) {
        try {
            return Files.createTempDirectory(fixtureRoot(), prefix + "-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
