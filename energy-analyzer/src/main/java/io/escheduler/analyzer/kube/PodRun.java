package io.escheduler.analyzer.kube;

import java.time.Instant;

/**
 * A finished pod as a job run: the program its {@code energy.escheduler.io/program} label names, the node it ran
 * on, and when its containers ran ({@code start} inclusive, {@code end} after {@code start}).
 */
public record PodRun(String uid, String namespace, String name, String program, String node, Instant start, Instant end) {

    /** {@code namespace/name} for logs. */
    public String pod() {
        return namespace + "/" + name;
    }
}
