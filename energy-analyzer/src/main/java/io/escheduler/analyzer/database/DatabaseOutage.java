package io.escheduler.analyzer.database;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether PostgreSQL is away, for the API (503 naming it), the profiler (waits without a stack trace per poll) and the
 * log: one WARN line when an outage starts, one INFO line when the database answers again, whoever noticed.
 */
@ApplicationScoped
public class DatabaseOutage {

    private static final Logger LOG = Logger.getLogger(DatabaseOutage.class);

    /** What a client is told to wait before it tries again. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(10);

    private final String database = describe(ConfigProvider.getConfig().getOptionalValue("quarkus.datasource.jdbc.url", String.class)
            .orElse(null));
    private final AtomicReference<Instant> since = new AtomicReference<>();

    /**
     * True when {@code failure} says the database cannot be reached ({@link DatabaseErrors}); the first such failure of
     * an outage is logged, with its cause, once.
     */
    public boolean unreachable(Throwable failure) {
        if (!DatabaseErrors.unreachable(failure)) {
            return false;
        }
        if (since.compareAndSet(null, Instant.now())) {
            LOG.warnf("%s is unreachable (%s): the API answers 503, pending runs wait; logged once for this outage", database,
                    rootCause(failure));
        }
        return true;
    }

    /** Something the database answered: ends an outage, if one was going on, with one log line. */
    public void answered() {
        if (since.get() == null) {
            return;
        }
        Instant started = since.getAndSet(null);
        if (started != null) {
            LOG.infof("%s answers again, after %d s away", database, Duration.between(started, Instant.now()).toSeconds());
        }
    }

    /** {@code PostgreSQL at db.example.org:5432/escheduler}: the server and database, never credentials or parameters. */
    public String database() {
        return database;
    }

    static String describe(String jdbcUrl) {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
            return "PostgreSQL";
        }
        try {
            URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
            if (uri.getHost() == null) {
                return "PostgreSQL";
            }
            String path = uri.getPath() == null ? "" : uri.getPath();
            return "PostgreSQL at " + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + path;
        } catch (IllegalArgumentException e) {
            return "PostgreSQL";
        }
    }

    private static String rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message.strip();
    }
}
