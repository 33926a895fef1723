package io.escheduler.analyzer.datasource;

import io.quarkus.runtime.Application;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Gives the analyzer a database when none is configured: with no {@code quarkus.datasource.jdbc.url} (from
 * {@code QUARKUS_DATASOURCE_JDBC_URL}, a system property or {@code application.properties}), it starts
 * {@link EmbeddedPostgres} and supplies its URL, user and password, at an ordinal below every configuration file, so
 * that nothing configured is ever overridden. A configured URL always wins, and then nothing is started. Dev and test
 * mode are left to Quarkus Dev Services, and so is the build: Quarkus keeps runtime values it sees while building as
 * the application's defaults, which would make one start's URL every later start's.
 *
 * <p>Runs while the runtime configuration is built (registered in {@code META-INF/services}), before Flyway and
 * Hibernate ORM open the datasource; the server is stopped by a shutdown hook once the application has stopped.
 */
public final class EmbeddedPostgresConfigSourceFactory implements ConfigSourceFactory {

    static final String URL = "quarkus.datasource.jdbc.url";
    static final String USERNAME = "quarkus.datasource.username";
    static final String PASSWORD = "quarkus.datasource.password";
    /** Below application.properties (250): a value configured anywhere wins. */
    private static final int ORDINAL = 100;
    private static final Logger LOG = Logger.getLogger(EmbeddedPostgresConfigSourceFactory.class);

    /** One server per JVM, however often the configuration is built. */
    private static EmbeddedPostgres running;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (Application.currentApplication() == null // the build (which would keep the values as defaults), not a start
                || configured(context, URL) || context.getProfiles().contains("dev") || context.getProfiles().contains("test")) {
            return List.of();
        }
        for (String key : List.of(USERNAME, PASSWORD)) {
            if (configured(context, key)) {
                throw new EmbeddedPostgresException(key + " is set but " + URL + " is not: set QUARKUS_DATASOURCE_JDBC_URL too, "
                        + "or unset " + key + " to let the analyzer start its own PostgreSQL (which has its own user and password)");
            }
        }
        EmbeddedPostgres server = server(context);
        return List.of(new PropertiesConfigSource(Map.of(URL, server.jdbcUrl(), USERNAME, EmbeddedPostgres.USER, PASSWORD, server.password()),
                "the analyzer's own PostgreSQL in " + server.directory(), ORDINAL));
    }

    private static synchronized EmbeddedPostgres server(ConfigSourceContext context) {
        if (running == null) {
            boolean root = isRoot();
            EmbeddedPostgresSettings settings = EmbeddedPostgresSettings.read(key -> value(context, key), root,
                    Path.of(System.getProperty("user.home")));
            EmbeddedPostgres server = EmbeddedPostgres.start(settings, root);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                awaitApplicationStop();
                server.stop();
            }, "embedded-postgres-stop"));
            running = server;
        }
        return running;
    }

    /**
     * Waits (a minute at most) until the application has stopped, so that its last transactions are done before the
     * database goes: the JVM runs shutdown hooks concurrently, Quarkus's own among them.
     */
    private static void awaitApplicationStop() {
        Application application = Application.currentApplication();
        if (application == null) {
            return;
        }
        Thread stopping = new Thread(() -> {
            try {
                application.stop();
            } catch (RuntimeException e) {
                // not started, or already stopped
            }
        }, "embedded-postgres-await-stop");
        stopping.setDaemon(true);
        stopping.start();
        try {
            stopping.join(TimeUnit.MINUTES.toMillis(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (stopping.isAlive()) {
            LOG.warn("The application did not stop within a minute; stopping its PostgreSQL anyway");
        }
    }

    private static boolean configured(ConfigSourceContext context, String key) {
        return value(context, key) != null;
    }

    private static String value(ConfigSourceContext context, String key) {
        ConfigValue value = context.getValue(key);
        return value == null || value.getValue() == null || value.getValue().isBlank() ? null : value.getValue();
    }

    /** Whether this process runs as root: {@code /proc/self} belongs to the process's effective user. */
    private static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }
}
