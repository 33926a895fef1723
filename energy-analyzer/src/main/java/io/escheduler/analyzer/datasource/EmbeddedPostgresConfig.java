package io.escheduler.analyzer.datasource;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The PostgreSQL the analyzer starts itself when no datasource URL is configured
 * ({@code energy-analyzer.embedded-postgres.*}). Read before the application starts, by
 * {@link EmbeddedPostgresConfigSourceFactory} (which knows these keys as {@link EmbeddedPostgresSettings});
 * this mapping documents and validates them.
 */
@ConfigMapping(prefix = EmbeddedPostgresSettings.PREFIX)
public interface EmbeddedPostgresConfig {

    /**
     * Where the server keeps its data, password and log; unset: {@code ~/.local/share/escheduler/energy-analyzer/postgresql},
     * or {@code /var/lib/escheduler/energy-analyzer/postgresql} for root.
     */
    Optional<Path> directory();

    /** Directory of PostgreSQL's {@code initdb}, {@code pg_ctl} and {@code postgres}; unset: Debian's {@code /usr/lib/postgresql/<version>/bin}. */
    Optional<Path> binDirectory();

    /** Loopback port the server listens on; 0: a free one at every start. */
    @WithDefault(EmbeddedPostgresSettings.DEFAULT_PORT)
    int port();
}
