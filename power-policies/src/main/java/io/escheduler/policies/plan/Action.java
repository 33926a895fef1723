package io.escheduler.policies.plan;

/**
 * One step of a plan, with the reason a person reads.
 *
 * @param kind      what to do
 * @param node      the node acted on (for an eviction: the pod's current node)
 * @param namespace the pod's namespace, for an eviction; null otherwise
 * @param pod       the pod's name, for an eviction; null otherwise
 * @param target    for an eviction, the node the pod is planned to land on; null otherwise
 * @param value     the setting: a CPU ceiling ({@code min} or kHz) or a power limit in watts; null otherwise
 * @param reason    why
 */
public record Action(ActionKind kind, String node, String namespace, String pod, String target, String value, String reason) {

    public static Action onNode(ActionKind kind, String node, String reason) {
        return new Action(kind, node, null, null, null, null, reason);
    }

    public static Action setting(ActionKind kind, String node, String value, String reason) {
        return new Action(kind, node, null, null, null, value, reason);
    }

    public static Action evict(String node, String namespace, String pod, String target, String reason) {
        return new Action(ActionKind.EVICT, node, namespace, pod, target, null, reason);
    }
}
