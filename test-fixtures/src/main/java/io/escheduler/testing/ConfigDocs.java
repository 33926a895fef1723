package io.escheduler.testing;

import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks a documentation page's configuration table against a service's {@code @ConfigMapping}: every key
 * has a row {@code | `key` | `default` | meaning |} (the default cell holds the
 * {@code @WithDefault} value where there is one), and every row names a key that exists.
 */
public final class ConfigDocs {

    private ConfigDocs() {
    }

    /**
     * Key → default (null where none) of {@code mapping} under {@code prefix}, nested groups included, and the keys a
     * group inherits from an interface it extends (as SmallRye's mapping reads them).
     */
    public static Map<String, String> keys(Class<?> mapping, String prefix) {
        Map<String, String> keys = new LinkedHashMap<>();
        for (Method method : mapping.getMethods()) {
            if (method.isSynthetic() || method.isDefault() || java.lang.reflect.Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            String name = method.isAnnotationPresent(WithName.class) ? method.getAnnotation(WithName.class).value()
                    : method.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
            Class<?> type = method.getReturnType();
            if (type.isInterface() && !type.getPackageName().startsWith("java.")) { // a group (nested or not), maybe inherited
                keys.putAll(keys(type, prefix + "." + name));
                continue;
            }
            WithDefault fallback = method.getAnnotation(WithDefault.class);
            keys.put(prefix + "." + name, fallback == null ? null : fallback.value());
        }
        return keys;
    }

    /** The problems found, empty when the table and the mapping agree. */
    public static List<String> problems(Class<?> mapping, String prefix, Path readme) {
        return problems(readme, prefix, Map.of(prefix, mapping));
    }

    /**
     * The same for a service with several mappings (prefix → mapping, e.g. a package's own mapping under the
     * service's): the rows under {@code rowPrefix} and the keys of all of them must agree.
     */
    public static List<String> problems(Path readme, String rowPrefix, Map<String, Class<?>> mappings) {
        String text;
        try {
            text = Files.readString(readme);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> rows = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("| `" + rowPrefix + ".")) {
                String[] cells = line.split("\\|");
                rows.put(cells[1].strip().replace("`", ""), cells[2].strip());
            }
        }
        List<String> problems = new ArrayList<>();
        Map<String, String> keys = new LinkedHashMap<>();
        mappings.forEach((prefix, mapping) -> keys.putAll(keys(mapping, prefix)));
        keys.forEach((key, fallback) -> {
            if (!rows.containsKey(key)) {
                problems.add(readme + " has no row for " + key);
            } else if (fallback != null && !rows.get(key).equalsIgnoreCase("`" + fallback + "`")) {
                problems.add(readme + ": " + key + " defaults to `" + fallback + "`, the table says " + rows.get(key));
            }
        });
        rows.keySet().stream().filter(key -> !keys.containsKey(key)).forEach(key -> problems.add(readme + " documents " + key + ", which does not exist"));
        return problems;
    }
}
