package io.escheduler.policies.model;

/**
 * A pod toleration, matched against a taint the way the Kubernetes API does
 * ({@code Toleration.ToleratesTaint}): an empty effect matches every effect; {@code Exists} with an empty key
 * matches every taint; {@code Equal} (the default operator) needs the same key and value.
 */
public record Toleration(String key, String operator, String value, String effect) {

    public boolean tolerates(Taint taint) {
        if (effect != null && !effect.isEmpty() && !effect.equals(taint.effect())) {
            return false;
        }
        if ("Exists".equals(operator)) {
            return key == null || key.isEmpty() || key.equals(taint.key());
        }
        return key != null && key.equals(taint.key()) && nullToEmpty(value).equals(nullToEmpty(taint.value()));
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
