package io.escheduler.simulator.cluster;

/** A node taint as in {@code spec.taints}; {@code NoSchedule} and {@code NoExecute} keep pods without a toleration off. */
public record Taint(String key, String value, String effect) {

    public boolean repels() {
        return "NoSchedule".equals(effect) || "NoExecute".equals(effect);
    }

    /** {@code {key: value}}, as kube-scheduler writes an untolerated taint in its message. */
    public String inMessage() {
        return "{" + key + ": " + (value == null ? "" : value) + "}";
    }
}
