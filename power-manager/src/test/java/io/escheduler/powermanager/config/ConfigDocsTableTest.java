package io.escheduler.powermanager.config;

import io.escheduler.testing.ConfigDocs;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration tables of docs/power-manager.md name every key of {@link PowerManagerConfig}, the power drivers'
 * {@code power.*} included, with its default, and no key it does not have.
 */
class ConfigDocsTableTest {

    @Test
    void everyKeyIsDocumentedWithItsDefault() {
        assertThat(ConfigDocs.problems(PowerManagerConfig.class, "power-manager", Path.of("../docs/power-manager.md"))).isEmpty();
    }
}
