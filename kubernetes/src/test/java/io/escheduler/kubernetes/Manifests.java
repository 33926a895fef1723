package io.escheduler.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** YAML streams as kubectl prints them, read into the fabric8 model. */
final class Manifests {

    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private static final Pattern SEPARATOR = Pattern.compile("(?m)^---\\s*$");
    private static final String MODEL_PACKAGE = "io.fabric8.kubernetes.api.model";

    private Manifests() {
    }

    /** The documents of a YAML stream, empty ones left out. A {@code ---} inside a block scalar is indented, so never at column 0. */
    static List<String> documents(String stream) {
        return Arrays.stream(SEPARATOR.split(stream)).filter(doc -> doc.lines().anyMatch(Manifests::content)).toList();
    }

    /**
     * One document as a typed object of the fabric8 model ({@code Deployment}, {@code ClusterRole}, ...), or as a
     * {@link GenericKubernetesResource} for kinds the model does not know ({@code ServiceMonitor}).
     */
    static HasMetadata object(String document) {
        Object parsed = SERIALIZATION.unmarshal(document);
        if (!(parsed instanceof HasMetadata object)) {
            throw new IllegalArgumentException("not a Kubernetes object: " + document.lines().limit(5).toList());
        }
        return object;
    }

    /**
     * Fields the typed model did not recognise (a misspelt {@code readinesProbe}, a field of a newer API version): the
     * model keeps them in {@code additionalProperties} rather than failing, so they are looked for here, as paths like
     * {@code spec.template.spec.containers[0].livenesProbe}. Generic objects have nothing but such fields: skipped.
     */
    static List<String> unknownFields(HasMetadata object) {
        List<String> found = new ArrayList<>();
        if (!(object instanceof GenericKubernetesResource)) {
            walk(object, "", found);
        }
        return found;
    }

    private static void walk(Object value, String path, List<String> found) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, v) -> walk(v, path + "[" + key + "]", found));
            return;
        }
        if (value instanceof Collection<?> list) {
            int i = 0;
            for (Object element : list) {
                walk(element, path + "[" + i++ + "]", found);
            }
            return;
        }
        if (!value.getClass().getName().startsWith(MODEL_PACKAGE)) {
            return;
        }
        for (Class<?> type = value.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                Object fieldValue = get(field, value);
                if (field.getName().equals("additionalProperties")) {
                    if (fieldValue instanceof Map<?, ?> extra && !extra.isEmpty()) {
                        extra.keySet().forEach(key -> found.add(join(path, String.valueOf(key))));
                    }
                } else {
                    walk(fieldValue, join(path, field.getName()), found);
                }
            }
        }
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static Object get(Field field, Object owner) {
        try {
            field.setAccessible(true);
            return field.get(owner);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot read " + field + ": " + e, e);
        }
    }

    private static boolean content(String line) {
        String stripped = line.strip();
        return !stripped.isEmpty() && !stripped.startsWith("#");
    }
}
