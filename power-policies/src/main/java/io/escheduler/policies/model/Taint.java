package io.escheduler.policies.model;

/** A node taint; only {@code NoSchedule} and {@code NoExecute} keep pods off a node. */
public record Taint(String key, String value, String effect) {

    public boolean repels() {
        return "NoSchedule".equals(effect) || "NoExecute".equals(effect);
    }
}
