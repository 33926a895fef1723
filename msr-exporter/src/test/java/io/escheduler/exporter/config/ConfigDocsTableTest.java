package io.escheduler.exporter.config;

import io.escheduler.testing.ConfigDocs;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The configuration table of docs/msr-exporter.md names every key of {@link ExporterConfig} with its default. */
class ConfigDocsTableTest {

    @Test
    void everyKeyIsDocumentedWithItsDefault() {
        assertThat(ConfigDocs.problems(ExporterConfig.class, "msr-exporter", Path.of("../docs/msr-exporter.md"))).isEmpty();
    }
}
