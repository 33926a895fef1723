package io.escheduler.exporter.config;

import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's configuration table names every key of {@link ExporterConfig} with its default. */
class ReadmeConfigTableTest {

    @Test
    void everyKeyIsDocumentedWithItsDefault() throws IOException {
        String readme = Files.readString(Path.of("../README.md"));
        List<String> rows = new ArrayList<>();
        for (String line : readme.split("\n")) {
            if (line.startsWith("| `msr-exporter.")) {
                rows.add(line);
            }
        }
        for (Method method : ExporterConfig.class.getDeclaredMethods()) {
            if (method.isSynthetic() || method.isDefault()) {
                continue;
            }
            String key = "msr-exporter." + (method.isAnnotationPresent(WithName.class) ? method.getAnnotation(WithName.class).value()
                    : method.getName().replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase());
            assertThat(rows).as("README row for " + key).anyMatch(row -> row.startsWith("| `" + key + "` |"));
            WithDefault fallback = method.getAnnotation(WithDefault.class);
            if (fallback != null) {
                assertThat(rows).as("README default of " + key)
                        .anyMatch(row -> row.startsWith("| `" + key + "` | `" + fallback.value().toLowerCase() + "` |"));
            }
        }
        assertThat(rows).hasSize(ExporterConfig.class.getDeclaredMethods().length);
    }
}
