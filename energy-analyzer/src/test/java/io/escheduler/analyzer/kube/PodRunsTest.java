package io.escheduler.analyzer.kube;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.escheduler.analyzer.kube.Pods.PROGRAM;
import static io.escheduler.analyzer.kube.Pods.pod;
import static io.escheduler.analyzer.kube.Pods.running;
import static io.escheduler.analyzer.kube.Pods.terminated;
import static io.escheduler.analyzer.kube.Pods.waiting;
import static org.assertj.core.api.Assertions.assertThat;

class PodRunsTest {

    private static PodRuns.Reading read(Pod pod) {
        pod.getMetadata().setUid("uid-1");
        return PodRuns.read(pod, PROGRAM);
    }

    @Test
    void runningAndPendingPodsAreNotFinished() {
        assertThat(read(pod("ns", "p", "lulesh", "n1", "Running", List.of(running("main", "2026-11-25T08:00:00Z")))))
                .isEqualTo(PodRuns.Reading.NOT_FINISHED);
        assertThat(read(pod("ns", "p", "lulesh", null, "Pending", List.of()))).isEqualTo(PodRuns.Reading.NOT_FINISHED);
        assertThat(read(pod("ns", "p", "lulesh", "n1", "Unknown", List.of()))).isEqualTo(PodRuns.Reading.NOT_FINISHED);
    }

    @Test
    void aSucceededPodRunsFromTheFirstStartToTheLastFinish() {
        PodRuns.Reading reading = read(pod("ns", "p", " lulesh ", "n1", "Succeeded", List.of(
                terminated("main", "2026-11-25T08:00:05Z", "2026-11-25T08:10:00Z", 0),
                terminated("sidecar", "2026-11-25T08:00:01Z", "2026-11-25T08:10:02Z", 0))));
        assertThat(reading.run()).isEqualTo(new PodRun("uid-1", "ns", "p", "lulesh", "n1",
                Instant.parse("2026-11-25T08:00:01Z"), Instant.parse("2026-11-25T08:10:02Z")));
    }

    @Test
    void initContainersAndEarlierAttemptsCount() {
        Pod pod = pod("ns", "p", "lulesh", "n1", "Failed", List.of(new ContainerStatusBuilder(
                terminated("main", "2026-11-25T08:05:00Z", "2026-11-25T08:06:00Z", 1))
                .withNewLastState().withNewTerminated().withStartedAt("2026-11-25T08:01:00Z").withFinishedAt("2026-11-25T08:04:00Z")
                .withExitCode(1).endTerminated().endLastState().build()));
        pod.getStatus().setInitContainerStatuses(List.of(terminated("stage-in", "2026-11-25T08:00:00Z", "2026-11-25T08:00:30Z", 0)));
        PodRuns.Reading reading = read(pod);
        assertThat(reading.run().start()).isEqualTo(Instant.parse("2026-11-25T08:00:00Z"));
        assertThat(reading.run().end()).isEqualTo(Instant.parse("2026-11-25T08:06:00Z"));
    }

    @Test
    void withoutAContainerStartItStartsAtTheStatusStartTime() {
        ContainerStatus noStart = new ContainerStatusBuilder().withName("main").withNewState().withNewTerminated()
                .withFinishedAt("2026-11-25T08:03:00Z").withExitCode(137).endTerminated().endState().build();
        PodRuns.Reading reading = read(pod("ns", "p", "lulesh", "n1", "Failed", List.of(noStart)));
        assertThat(reading.run().start()).isEqualTo(Instant.parse("2026-11-25T07:59:50Z"));
        assertThat(reading.run().end()).isEqualTo(Instant.parse("2026-11-25T08:03:00Z"));
    }

    @Test
    void aRunShorterThanTheOneSecondResolutionLastsOneSecond() {
        PodRuns.Reading reading = read(pod("ns", "p", "lulesh", "n1", "Succeeded", List.of(
                terminated("main", "2026-11-25T08:00:00Z", "2026-11-25T08:00:00Z", 0))));
        assertThat(reading.run().end()).isEqualTo(Instant.parse("2026-11-25T08:00:01Z"));
    }

    @Test
    void podsThatNeverRanAreSkippedWithTheReason() {
        assertThat(read(pod("ns", "p", "lulesh", null, "Failed", List.of())).skipped()).contains("never scheduled");
        assertThat(read(pod("ns", "p", "lulesh", "n1", "Failed", List.of(waiting("main", "ImagePullBackOff")))).skipped())
                .contains("no container of it ever ran");
        assertThat(read(pod("ns", "p", "", "n1", "Succeeded", List.of(terminated("main", "2026-11-25T08:00:00Z",
                "2026-11-25T08:01:00Z", 0)))).skipped()).contains("missing or empty");
    }

    @Test
    void aPodWithoutStatusOrMetadataIsNotFinished() {
        assertThat(PodRuns.read(new PodBuilder().build(), PROGRAM)).isEqualTo(PodRuns.Reading.NOT_FINISHED);
        assertThat(PodRuns.read(new PodBuilder().withNewMetadata().withName("x").endMetadata().build(), PROGRAM))
                .isEqualTo(PodRuns.Reading.NOT_FINISHED);
    }
}
