package io.escheduler.analyzer.datasource;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * The keys of {@link EmbeddedPostgresConfig}, read from raw configuration: they are needed while the configuration
 * itself is being built, before any mapping exists.
 *
 * @param directory    where the server keeps its data, password and log
 * @param binDirectory where {@code initdb}, {@code pg_ctl} and {@code postgres} are, if configured
 * @param port         the loopback port, 0 for a free one
 */
record EmbeddedPostgresSettings(Path directory, Optional<Path> binDirectory, int port) {

    static final String PREFIX = "energy-analyzer.embedded-postgres";
    static final String DIRECTORY = PREFIX + ".directory";
    static final String BIN_DIRECTORY = PREFIX + ".bin-directory";
    static final String PORT = PREFIX + ".port";
    static final String DEFAULT_PORT = "0";

    /** The directory used when none is configured: root's is a system service's, anyone else's is in their home. */
    static Path defaultDirectory(boolean root, Path home) {
        return root ? Path.of("/var/lib/escheduler/energy-analyzer/postgresql")
                : home.resolve(".local/share/escheduler/energy-analyzer/postgresql");
    }

    /**
     * Reads the settings through {@code lookup} (key to value, null when unset).
     *
     * @throws IllegalArgumentException naming the key of a value that is not valid
     */
    static EmbeddedPostgresSettings read(Function<String, String> lookup, boolean root, Path home) {
        Path directory = path(lookup, DIRECTORY).orElse(defaultDirectory(root, home));
        String portText = Optional.ofNullable(lookup.apply(PORT)).map(String::strip).filter(s -> !s.isEmpty()).orElse(DEFAULT_PORT);
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(PORT + "=" + portText + " is not a port (0 for a free one, else 1-65535)");
        }
        return new EmbeddedPostgresSettings(directory.toAbsolutePath().normalize(), path(lookup, BIN_DIRECTORY), port);
    }

    private static Optional<Path> path(Function<String, String> lookup, String key) {
        return Optional.ofNullable(lookup.apply(key)).map(String::strip).filter(s -> !s.isEmpty()).map(Path::of);
    }
}
