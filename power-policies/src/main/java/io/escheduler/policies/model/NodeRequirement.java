package io.escheduler.policies.model;

import java.util.List;
import java.util.Map;

/**
 * One node selector requirement ({@code key operator values}) of a pod's required node affinity or its
 * {@code nodeSelector} (which becomes {@code key In [value]}); operators {@code In}, {@code NotIn}, {@code Exists},
 * {@code DoesNotExist}, {@code Gt}, {@code Lt} as in the Kubernetes API. An unknown operator never matches.
 */
public record NodeRequirement(String key, String operator, List<String> values) {

    public boolean matches(Map<String, String> labels) {
        String label = labels.get(key);
        return switch (operator) {
            case "In" -> label != null && values.contains(label);
            case "NotIn" -> label == null || !values.contains(label);
            case "Exists" -> label != null;
            case "DoesNotExist" -> label == null;
            case "Gt" -> compare(label) > 0;
            case "Lt" -> compare(label) < 0;
            default -> false;
        };
    }

    /** label − value as integers, or 0 (no match for Gt/Lt) when either is missing or not an integer. */
    private int compare(String label) {
        if (label == null || values.size() != 1) {
            return 0;
        }
        try {
            return Long.compare(Long.parseLong(label), Long.parseLong(values.get(0)));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
