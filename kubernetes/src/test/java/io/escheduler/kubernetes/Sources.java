package io.escheduler.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Settings the manifests must agree with, read from the modules' sources, and their values in a container. */
final class Sources {

    private Sources() {
    }

    /**
     * The {@code @WithDefault} of {@code method()} in the first {@code interface block} of a {@code @ConfigMapping}
     * source file, e.g. {@code withDefault("scheduler-extender/.../ExtenderConfig.java", "Actuator", "port")}.
     */
    static String withDefault(String sourceFile, String block, String method) {
        String source = Repository.read(sourceFile);
        Matcher start = Pattern.compile("interface\\s+" + block + "\\s*\\{").matcher(source);
        if (!start.find()) {
            throw new IllegalStateException("no interface " + block + " in " + sourceFile);
        }
        Matcher m = Pattern.compile("@WithDefault\\(\"([^\"]*)\"\\)\\s+[\\w.<>, ]+\\s+" + method + "\\(\\)").matcher(source);
        if (!m.find(start.end())) {
            throw new IllegalStateException("no @WithDefault on " + block + "." + method + "() in " + sourceFile);
        }
        return m.group(1);
    }

    /** The value of a setting in a container: its environment variable when set there, else the default. */
    static String setting(Container container, String variable, String defaultValue) {
        for (EnvVar env : container.getEnv()) {
            if (env.getName().equals(variable) && env.getValue() != null) {
                return env.getValue();
            }
        }
        return defaultValue;
    }
}
