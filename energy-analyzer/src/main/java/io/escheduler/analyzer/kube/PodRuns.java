package io.escheduler.analyzer.kube;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Reads a pod as a job run, without side effects. A pod is a run once its phase is {@code Succeeded} or
 * {@code Failed}: it ran from the earliest start of any of its containers (init containers and earlier attempts of a
 * restarted container included; {@code status.startTime} when no container tells) to the latest finish of any of
 * them. Container times have a resolution of one second, so a run shorter than that ends one second after its start.
 */
final class PodRuns {

    /** {@code status.phase} of a pod whose containers have all ended and will not be restarted. */
    static final List<String> FINISHED_PHASES = List.of("Succeeded", "Failed");

    private PodRuns() {
    }

    /**
     * What a pod says: {@code run} when it finished and can be recorded; {@code skipped} (the reason) when it finished
     * but is no run (never ran on a node); both null while it has not finished.
     */
    record Reading(PodRun run, String skipped) {

        static final Reading NOT_FINISHED = new Reading(null, null);

        static Reading skip(String reason) {
            return new Reading(null, reason);
        }
    }

    static Reading read(Pod pod, String programLabel) {
        ObjectMeta meta = pod.getMetadata();
        PodStatus status = pod.getStatus();
        if (meta == null || status == null || !FINISHED_PHASES.contains(status.getPhase())) {
            return Reading.NOT_FINISHED;
        }
        Map<String, String> labels = meta.getLabels() == null ? Map.of() : meta.getLabels();
        String program = labels.getOrDefault(programLabel, "").strip();
        if (program.isEmpty()) {
            return Reading.skip("its label " + programLabel + " is missing or empty");
        }
        if (meta.getUid() == null || meta.getUid().isBlank()) {
            return Reading.skip("it has no UID");
        }
        String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        if (node == null || node.isBlank()) {
            return Reading.skip("it was never scheduled to a node (" + status.getPhase() + ", reason " + status.getReason() + ")");
        }
        List<ContainerStateTerminated> ended = terminated(status);
        Instant end = ended.stream().map(t -> instant(t.getFinishedAt())).filter(Objects::nonNull).max(Instant::compareTo).orElse(null);
        if (end == null) {
            return Reading.skip("no container of it ever ran (" + status.getPhase() + ", reason " + status.getReason() + ")");
        }
        Instant start = ended.stream().map(t -> instant(t.getStartedAt())).filter(Objects::nonNull).min(Instant::compareTo)
                .orElseGet(() -> instant(status.getStartTime()));
        if (start == null) {
            return Reading.skip("neither its containers nor its status tell when it started");
        }
        if (!end.isAfter(start)) {
            end = start.plusSeconds(1);
        }
        return new Reading(new PodRun(meta.getUid(), meta.getNamespace(), meta.getName(), program, node.strip(), start, end), null);
    }

    /** Every terminated state the pod reports: current and previous, of init and app containers. */
    private static List<ContainerStateTerminated> terminated(PodStatus status) {
        List<ContainerStateTerminated> states = new ArrayList<>();
        Stream.of(status.getInitContainerStatuses(), status.getContainerStatuses())
                .filter(Objects::nonNull).flatMap(List::stream).forEach((ContainerStatus container) -> {
                    add(states, container.getState());
                    add(states, container.getLastState());
                });
        return states;
    }

    private static void add(List<ContainerStateTerminated> states, ContainerState state) {
        if (state != null && state.getTerminated() != null) {
            states.add(state.getTerminated());
        }
    }

    /** An RFC 3339 time from the API server; null when absent or unreadable. */
    private static Instant instant(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
