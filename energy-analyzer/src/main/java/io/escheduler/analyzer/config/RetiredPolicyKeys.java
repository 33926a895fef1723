package io.escheduler.analyzer.config;

import io.quarkus.runtime.Application;
import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigSourceInterceptorFactory;
import io.smallrye.config.ConfigValue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Refuses to start an analyzer configured for the power policies, which moved to power-manager: any
 * {@code energy-analyzer.policies.*} key (application.properties, a system property) or {@code ENERGY_ANALYZER_POLICIES_*}
 * environment variable stops the start with a message that names each one, where it was set and the power-manager key
 * that replaces it. Silently ignoring them would leave an operator believing the policies still run (or still do not).
 *
 * <p>Runs while the runtime configuration is built, once every source is known (an interceptor factory, registered in
 * {@code META-INF/services}), before the datasource, Flyway or any informer starts; not during the build. The
 * interceptor it returns changes nothing.
 */
public final class RetiredPolicyKeys implements ConfigSourceInterceptorFactory {

    static final String OLD_PREFIX = "energy-analyzer.policies.";
    static final String OLD_ENV_PREFIX = "ENERGY_ANALYZER_POLICIES_";
    static final String NEW_PREFIX = "power-manager.";
    static final String NEW_ENV_PREFIX = "POWER_MANAGER_";

    @Override
    public ConfigSourceInterceptor getInterceptor(ConfigSourceInterceptorContext context) {
        if (Application.currentApplication() == null) { // the build, not a start
            return ConfigSourceInterceptorContext::proceed;
        }
        List<String> found = new ArrayList<>();
        for (Iterator<String> names = context.iterateNames(); names.hasNext(); ) {
            String name = names.next();
            if (retired(name)) {
                found.add(name);
            }
        }
        if (!found.isEmpty()) {
            throw new IllegalStateException(message(found, name -> source(context, name)));
        }
        return ConfigSourceInterceptorContext::proceed;
    }

    /** Whether {@code name} is a key of the analyzer's former policies, as a property or as an environment variable. */
    static boolean retired(String name) {
        return name.startsWith(OLD_PREFIX) || name.toUpperCase(Locale.ROOT).startsWith(OLD_ENV_PREFIX) && !name.contains(".");
    }

    /** power-manager's key for {@code name}: {@code energy-analyzer.policies.dvfs.mode} → {@code power-manager.dvfs.mode}. */
    static String replacement(String name) {
        if (name.startsWith(OLD_PREFIX)) {
            return NEW_PREFIX + name.substring(OLD_PREFIX.length());
        }
        return NEW_ENV_PREFIX + name.substring(OLD_ENV_PREFIX.length());
    }

    interface Sources {
        String of(String name);
    }

    /** One line per key, in name order: where it is set and what replaces it. */
    static String message(List<String> names, Sources sources) {
        StringBuilder message = new StringBuilder("energy-analyzer no longer runs the power policies: power-manager does "
                + "(docs/power-manager.md, \"Upgrading from the analyzer's policies\"). Move these settings to power-manager's "
                + "configuration under their new names, and remove them from the analyzer's:");
        for (String name : new TreeSet<>(names)) {
            String source = sources.of(name);
            message.append("\n  ").append(name).append(source == null ? "" : " (" + source + ")").append(" -> ").append(replacement(name));
        }
        return message.toString();
    }

    private static String source(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        return value == null ? null : value.getConfigSourceName();
    }
}
