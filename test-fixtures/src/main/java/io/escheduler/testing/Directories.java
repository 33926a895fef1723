package io.escheduler.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Directories that tests and the demo make, and remove when done. */
public final class Directories {

    private Directories() {
    }

    /**
     * Deletes a directory tree, best effort: what cannot be deleted stays behind in the temporary directory. Fixture
     * trees too: deleting their sparse MSR files costs nothing.
     */
    public static void deleteTree(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    // left behind
                }
            });
        } catch (IOException e) {
            // already gone
        }
    }
}
