package io.escheduler.actuator.config;

import io.escheduler.testing.ConfigDocs;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The configuration table of docs/node-actuator.md names every key of {@link ActuatorConfig} with its default. */
class ConfigDocsTableTest {

    @Test
    void everyKeyIsDocumentedWithItsDefault() {
        assertThat(ConfigDocs.problems(ActuatorConfig.class, "node-actuator", Path.of("../docs/node-actuator.md"))).isEmpty();
    }
}
