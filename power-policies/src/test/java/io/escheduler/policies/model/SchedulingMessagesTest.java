package io.escheduler.policies.model;

import io.escheduler.policies.model.SchedulingFailure;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Messages as kube-scheduler's FitError writes them (framework/types.go, noderesources/fit.go). */
class SchedulingMessagesTest {

    @Test
    void reasons() {
        record Case(String message, List<String> insufficient, List<String> others) {
        }
        List<Case> cases = List.of(
                new Case("0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.",
                        List.of("cpu"), List.of()),
                new Case("0/5 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient memory, 2 Too many pods."
                        + " preemption: 0/5 nodes are available: 1 Preemption is not helpful for scheduling, 4 No preemption victims found for incoming pod.",
                        List.of("memory", "pods"),
                        List.of("node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }")),
                new Case("0/2 nodes are available: 2 Insufficient cpu, 2 Insufficient nvidia.com/gpu.", List.of("cpu", "nvidia.com/gpu"), List.of()),
                new Case("0/4 nodes are available: 1 Insufficient ephemeral-storage, 3 node(s) didn't match Pod's node affinity/selector.",
                        List.of("ephemeral-storage"), List.of("node(s) didn't match Pod's node affinity/selector")),
                new Case("0/4 nodes are available: 4 node(s) didn't match Pod's node affinity/selector. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.",
                        List.of(), List.of("node(s) didn't match Pod's node affinity/selector")),
                new Case("0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
                        List.of(), List.of("pod has unbound immediate PersistentVolumeClaims")),
                new Case("no nodes available to schedule pods", List.of(), List.of("no nodes available to schedule pods")));
        for (Case k : cases) {
            SchedulingFailure f = SchedulingMessages.parse(k.message());
            assertThat(f.insufficient()).as(k.message()).isEqualTo(k.insufficient());
            assertThat(f.otherReasons()).as(k.message()).isEqualTo(k.others());
            assertThat(f.insufficientResources()).isEqualTo(!k.insufficient().isEmpty());
        }
    }
}
