package io.escheduler.extender.config;

import io.escheduler.testing.ConfigDocs;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The configuration table of docs/scheduler-extender.md names every key of {@link ExtenderConfig} with its default. */
class ConfigDocsTableTest {

    @Test
    void everyKeyIsDocumentedWithItsDefault() {
        assertThat(ConfigDocs.problems(ExtenderConfig.class, "scheduler-extender", Path.of("../docs/scheduler-extender.md"))).isEmpty();
    }
}
