package io.escheduler.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The five services and what the manifests must agree with: the image name, and the HTTP port each one listens on
 * (API, {@code /metrics} and probes share it), read from the module's own sources.
 */
enum Module {

    /** Listens on msr-exporter.address, default {@code ExporterConfig.DEFAULT_ADDRESS} (the seed's "Address"). */
    MSR_EXPORTER("msr-exporter", "MSR_EXPORTER_ADDRESS"),
    NODE_ACTUATOR("node-actuator", "QUARKUS_HTTP_PORT"),
    ENERGY_ANALYZER("energy-analyzer", "QUARKUS_HTTP_PORT"),
    POWER_MANAGER("power-manager", "QUARKUS_HTTP_PORT"),
    SCHEDULER_EXTENDER("scheduler-extender", "QUARKUS_HTTP_PORT");

    private static final Pattern HTTP_PORT = Pattern.compile("(?m)^quarkus\\.http\\.port\\s*=\\s*(\\d+)\\s*$");
    private static final Pattern EXPORTER_ADDRESS = Pattern.compile("DEFAULT_ADDRESS\\s*=\\s*\"[^\"]*:(\\d+)\"");
    private static final Pattern ADDRESS_PORT = Pattern.compile(":(\\d+)$");

    private final String moduleName;
    private final String portVariable;

    Module(String moduleName, String portVariable) {
        this.moduleName = moduleName;
        this.portVariable = portVariable;
    }

    /** The module's directory, its workload's and container's name, its Service's and scrape job's name. */
    String moduleName() {
        return moduleName;
    }

    /** The image repository's last two path elements ({@code escheduler/msr-exporter}); overlays may prefix a registry. */
    String image() {
        return "escheduler/" + moduleName;
    }

    /** The port the module listens on unless configured otherwise, from its sources. */
    int defaultPort() {
        if (this == MSR_EXPORTER) {
            String config = Repository.read("msr-exporter/src/main/java/io/escheduler/exporter/config/ExporterConfig.java");
            return group(EXPORTER_ADDRESS.matcher(config), "ExporterConfig.DEFAULT_ADDRESS");
        }
        String properties = Repository.read(moduleName + "/src/main/resources/application.properties");
        return group(HTTP_PORT.matcher(properties), moduleName + "'s quarkus.http.port");
    }

    /** The port this container listens on: the module's default unless its environment sets another. */
    int port(Container container) {
        for (EnvVar env : container.getEnv()) {
            if (env.getName().equals(portVariable) && env.getValue() != null) {
                Matcher m = ADDRESS_PORT.matcher(env.getValue());
                return this == MSR_EXPORTER ? group(m, portVariable) : Integer.parseInt(env.getValue());
            }
        }
        return defaultPort();
    }

    /** The module's {@code application.properties}, for settings the manifests depend on. */
    Properties properties() {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(Repository.read(moduleName + "/src/main/resources/application.properties")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    static Module named(String moduleName) {
        for (Module m : values()) {
            if (m.moduleName.equals(moduleName)) {
                return m;
            }
        }
        throw new IllegalArgumentException(moduleName);
    }

    private static int group(Matcher m, String what) {
        if (!m.find()) {
            throw new IllegalStateException("cannot find " + what);
        }
        return Integer.parseInt(m.group(1));
    }
}
