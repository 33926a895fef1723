package io.escheduler.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The files under {@code dashboards/grafana/}: dashboards and provisioning, as Grafana reads them. */
final class GrafanaFiles {

    static final String DATASOURCES = "provisioning/datasources/escheduler.yaml";
    static final String PROVIDERS = "provisioning/dashboards/escheduler.yaml";
    static final String DASHBOARDS = "dashboards";

    private static final ObjectMapper JSON = new ObjectMapper();

    private GrafanaFiles() {
    }

    /** {@code dashboards/grafana}, from the module's directory (Maven's working directory) or the repository root. */
    static Path root() {
        for (Path candidate : List.of(Path.of("grafana"), Path.of("dashboards", "grafana"))) {
            if (Files.isDirectory(candidate.resolve(DASHBOARDS))) {
                return candidate.toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException("no dashboards/grafana directory from " + Path.of("").toAbsolutePath());
    }

    /** The dashboards' documentation page, docs/dashboards.md. */
    static Path page() {
        return root().getParent().getParent().resolve("docs/dashboards.md");
    }

    /** Every {@code *.json} under {@code grafana/dashboards}, by file name. */
    static List<Dashboard> dashboards() {
        try (Stream<Path> files = Files.list(root().resolve(DASHBOARDS))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted()
                    .map(f -> new Dashboard(f.getFileName().toString(), readJson(f))).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(file + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    /** A provisioning file, parsed as YAML (the text as Grafana reads it, before it expands environment variables). */
    static Map<String, Object> yaml(String relative) {
        try {
            return new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(root().resolve(relative)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Data source uid → type, from the provisioning file. */
    @SuppressWarnings("unchecked")
    static Map<String, String> datasourceTypes() {
        List<Map<String, Object>> sources = (List<Map<String, Object>>) yaml(DATASOURCES).get("datasources");
        Map<String, String> types = new java.util.LinkedHashMap<>();
        for (Map<String, Object> source : sources) {
            types.put(String.valueOf(source.get("uid")), String.valueOf(source.get("type")));
        }
        return types;
    }
}
