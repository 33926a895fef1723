package io.escheduler.policies.model;

import io.escheduler.policies.model.SchedulingFailure;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Reads kube-scheduler's {@code FitError} message (the {@code PodScheduled} condition's and the
 * {@code FailedScheduling} event's):
 *
 * <pre>0/5 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 4 Insufficient cpu. preemption: 0/5 nodes are available: …</pre>
 *
 * {@code "0/N nodes are available"}, then {@code ": "} and the filter reasons as {@code "<count> <reason>"}
 * joined by {@code ", "} and closed by {@code "."}, then the PostFilter (preemption) message, which is ignored.
 * NodeResourcesFit's reasons are {@code "Insufficient <resource>"} (cpu, memory, ephemeral-storage, any extended
 * resource) and {@code "Too many pods"} (source: kubernetes {@code pkg/scheduler/framework/plugins/noderesources/fit.go},
 * {@code framework/types.go} {@code FitError.Error}). Older schedulers wrote the same reasons.
 */
public final class SchedulingMessages {

    private static final String AVAILABLE = "nodes are available: ";
    private static final String INSUFFICIENT = "Insufficient ";
    private static final String TOO_MANY_PODS = "Too many pods";

    private SchedulingMessages() {
    }

    public static SchedulingFailure parse(String message) {
        TreeSet<String> insufficient = new TreeSet<>();
        List<String> others = new ArrayList<>();
        int start = message.indexOf(AVAILABLE);
        if (start >= 0) {
            start += AVAILABLE.length();
            int end = message.indexOf(". ", start);
            String reasons = end < 0 ? message.substring(start) : message.substring(start, end);
            if (reasons.endsWith(".")) {
                reasons = reasons.substring(0, reasons.length() - 1);
            }
            for (String entry : reasons.split(", ")) {
                String reason = withoutCount(entry.strip());
                if (reason.startsWith(INSUFFICIENT)) {
                    insufficient.add(reason.substring(INSUFFICIENT.length()));
                } else if (reason.equals(TOO_MANY_PODS)) {
                    insufficient.add("pods");
                } else if (!reason.isEmpty()) {
                    others.add(reason);
                }
            }
        } else if (!message.isBlank()) {
            others.add(message);
        }
        return new SchedulingFailure(List.copyOf(insufficient), List.copyOf(others), message);
    }

    /** {@code "3 Insufficient cpu"} → {@code "Insufficient cpu"}; an entry without a leading count stays as it is. */
    private static String withoutCount(String entry) {
        int space = entry.indexOf(' ');
        if (space > 0 && entry.substring(0, space).chars().allMatch(Character::isDigit)) {
            return entry.substring(space + 1);
        }
        return entry;
    }
}
