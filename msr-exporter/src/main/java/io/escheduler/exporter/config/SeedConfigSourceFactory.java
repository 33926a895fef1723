package io.escheduler.exporter.config;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Keeps existing installs working: reads the seed's {@code msr_exporter.yaml} ({@code Address},
 * {@code Interface}) and turns the effective {@code msr-exporter.address} into the HTTP server's
 * host and port.
 *
 * <p>Precedence, highest first: system properties and environment variables, the YAML file,
 * {@code application.properties}, the defaults.
 */
public final class SeedConfigSourceFactory implements ConfigSourceFactory {

    static final String ADDRESS = "msr-exporter.address";
    static final String INTERFACE = "msr-exporter.interface";
    static final String CONFIG_FILE = "msr-exporter.config-file";
    static final Path DEFAULT_FILE = Path.of("msr_exporter.yaml");

    /** Between application.properties (250) and environment variables (300). */
    static final int ORDINAL = 260;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        Map<String, String> seed = readSeedFile(context.getValue(CONFIG_FILE));
        Map<String, String> properties = new HashMap<>(seed);

        ConfigValue configured = context.getValue(ADDRESS);
        String address;
        if (configured.getValue() != null && (configured.getSourceOrdinal() > ORDINAL || !seed.containsKey(ADDRESS))) {
            address = configured.getValue();
        } else {
            address = seed.getOrDefault(ADDRESS, ExporterConfig.DEFAULT_ADDRESS);
        }
        ListenAddress listen = ListenAddress.parse(ADDRESS, address);
        properties.put("quarkus.http.host", listen.host());
        properties.put("quarkus.http.port", Integer.toString(listen.port()));
        return List.of(new MapBackedConfigSource("msr_exporter.yaml and msr-exporter.address", properties, ORDINAL) {
        });
    }

    private static Map<String, String> readSeedFile(ConfigValue fileValue) {
        boolean named = fileValue.getValue() != null && !fileValue.getValue().isBlank();
        Path file = named ? Path.of(fileValue.getValue()) : DEFAULT_FILE;
        if (!Files.exists(file)) {
            if (named) {
                throw new IllegalArgumentException(CONFIG_FILE + ": " + file.toAbsolutePath() + " does not exist");
            }
            return Map.of();
        }
        Object document;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            document = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
        } catch (IOException | YAMLException e) {
            throw new IllegalArgumentException(file + ": not readable YAML: " + e.getMessage(), e);
        }
        if (document == null) {
            return Map.of();
        }
        if (!(document instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(file + ": expected the keys Address and Interface, found " + document);
        }
        Map<String, String> properties = new HashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String key = String.valueOf(entry.getKey());
            String value = entry.getValue() == null ? "" : String.valueOf(entry.getValue());
            switch (key.toLowerCase(Locale.ROOT)) {
                case "address" -> properties.put(ADDRESS, value);
                case "interface" -> properties.put(INTERFACE, value);
                default -> throw new IllegalArgumentException(file + ": unknown key '" + key + "' (known: Address, Interface)");
            }
        }
        return properties;
    }
}
