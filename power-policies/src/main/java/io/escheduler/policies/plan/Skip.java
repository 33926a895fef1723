package io.escheduler.policies.plan;

/**
 * Something a policy considered and left alone, with the reason (the answer to "why won't it power that node
 * off?").
 *
 * @param node the node, or null when a pod alone is concerned
 * @param pod  {@code namespace/name} of the pod concerned, or null
 */
public record Skip(String node, String pod, String reason) {

    public static Skip node(String node, String reason) {
        return new Skip(node, null, reason);
    }

    public static Skip pod(String pod, String reason) {
        return new Skip(null, pod, reason);
    }
}
