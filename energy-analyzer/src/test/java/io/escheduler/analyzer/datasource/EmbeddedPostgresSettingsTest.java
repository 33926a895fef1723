package io.escheduler.analyzer.datasource;

import io.escheduler.testing.ConfigDocs;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedPostgresSettingsTest {

    @Test
    void readsTheKeysOfTheMappingWithItsDefaults() {
        Map<String, String> keys = new HashMap<>();
        keys.put(EmbeddedPostgresSettings.DIRECTORY, null);
        keys.put(EmbeddedPostgresSettings.BIN_DIRECTORY, null);
        keys.put(EmbeddedPostgresSettings.PORT, EmbeddedPostgresSettings.DEFAULT_PORT);

        assertThat(ConfigDocs.keys(EmbeddedPostgresConfig.class, EmbeddedPostgresSettings.PREFIX)).isEqualTo(keys);
    }

    @Test
    void rootKeepsItsDataWhereSystemServicesDoEveryoneElseInTheirHome() {
        Path home = Path.of("/home/ana");

        assertThat(EmbeddedPostgresSettings.read(key -> null, true, home).directory())
                .isEqualTo(Path.of("/var/lib/escheduler/energy-analyzer/postgresql"));
        assertThat(EmbeddedPostgresSettings.read(key -> null, false, home).directory())
                .isEqualTo(Path.of("/home/ana/.local/share/escheduler/energy-analyzer/postgresql"));
        assertThat(EmbeddedPostgresSettings.read(Map.of(EmbeddedPostgresSettings.DIRECTORY, "/srv/db/")::get, false, home).directory())
                .isEqualTo(Path.of("/srv/db"));
    }

    @Test
    void aPortOutOfRangeNamesTheKey() {
        assertThatThrownBy(() -> EmbeddedPostgresSettings.read(Map.of(EmbeddedPostgresSettings.PORT, "70000")::get, false, Path.of("/")))
                .hasMessage("energy-analyzer.embedded-postgres.port=70000 is not a port (0 for a free one, else 1-65535)");
    }
}
