package io.escheduler.analyzer.kube;

import io.escheduler.analyzer.api.ApiException;
import io.escheduler.analyzer.runs.Run;
import io.escheduler.analyzer.runs.RunRecorder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Retries, refusals and "once per pod" of the queue, with a recorder that fails on demand (no database). */
class PodRunQueueTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Map<String, RunRecorder.Recorded> stored = new ConcurrentHashMap<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile RuntimeException failure = new IllegalStateException("Acquisition timeout while waiting for new connection");
    private final Function<PodRun, RunRecorder.Recorded> recorder = run -> {
        calls.add(run.uid());
        if (failuresLeft.getAndDecrement() > 0) {
            throw failure;
        }
        boolean created = !stored.containsKey(run.uid());
        RunRecorder.Recorded recorded = stored.computeIfAbsent(run.uid(), uid -> {
            Run entity = new Run();
            entity.id = (long) stored.size() + 1;
            return new RunRecorder.Recorded(entity, true);
        });
        return new RunRecorder.Recorded(recorded.run(), created);
    };
    private final PodRunQueue queue = new PodRunQueue(recorder, Duration.ofMillis(20), Duration.ofMillis(80), registry);

    {
        queue.start();
    }

    @AfterEach
    void stop() {
        queue.stop(Duration.ofSeconds(1));
    }

    private static PodRun run(String uid) {
        return new PodRun(uid, "ns", "pod-" + uid, "lulesh", "n1", Instant.parse("2026-11-25T08:00:00Z"), Instant.parse("2026-11-25T08:10:00Z"));
    }

    private double count(String name, String... tags) {
        return registry.get(name).tags(tags).counter().count();
    }

    @Test
    void aRunIsRecordedOnceHoweverOftenThePodIsSeen() {
        for (int i = 0; i < 5; i++) {
            queue.offer(run("a"));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> count("energy.analyzer.pods.recorded") == 1);
        queue.offer(run("a"));
        queue.offer(run("b"));
        await().atMost(Duration.ofSeconds(5)).until(() -> count("energy.analyzer.pods.recorded") == 2);
        assertThat(calls).containsExactly("a", "b");
    }

    @Test
    void failuresAreRetriedWithBackoffUntilTheRunIsRecorded() {
        failuresLeft.set(3);
        queue.offer(run("a"));
        queue.offer(run("a")); // while it waits: no second chain of retries
        await().atMost(Duration.ofSeconds(5)).until(() -> count("energy.analyzer.pods.recorded") == 1);
        assertThat(count("energy.analyzer.pod.record.failures", "outcome", "retry")).isEqualTo(3);
        assertThat(calls).containsExactly("a", "a", "a", "a");
        assertThat(queue.waitingCount()).isZero();
        assertThat(registry.get("energy.analyzer.pod.records.waiting").gauge().value()).isZero();
        assertThat(queue.backoff(1)).isEqualTo(Duration.ofMillis(20));
        assertThat(queue.backoff(3)).isEqualTo(Duration.ofMillis(80));
        assertThat(queue.backoff(30)).isEqualTo(Duration.ofMillis(80));
    }

    @Test
    void aPodDeletedWhileItsRunWaitsIsStillRecorded() {
        failuresLeft.set(2);
        queue.offer(run("a"));
        queue.deleted("a", null);
        await().atMost(Duration.ofSeconds(5)).until(() -> count("energy.analyzer.pods.recorded") == 1);
        // gone from the cluster: nothing is remembered about it any more
        queue.deleted("a", run("a"));
        await().atMost(Duration.ofSeconds(5)).until(() -> calls.size() == 4);
        assertThat(count("energy.analyzer.pods.recorded")).as("already recorded, not counted again").isEqualTo(1);
    }

    @Test
    void aFinishedPodSeenOnlyAsDeletedIsRecorded() {
        queue.deleted("gone", run("gone"));
        queue.deleted("never-finished", null);
        await().atMost(Duration.ofSeconds(5)).until(() -> count("energy.analyzer.pods.recorded") == 1);
        assertThat(calls).containsExactly("gone");
    }

    @Test
    void aRefusedRunIsDroppedNotRetried() throws InterruptedException {
        failure = ApiException.unprocessable("unknown node(s) [n1]", null);
        failuresLeft.set(1);
        queue.offer(run("a"));
        await().atMost(Duration.ofSeconds(5)).until(() -> count("energy.analyzer.pod.record.failures", "outcome", "rejected") == 1);
        queue.offer(run("a"));
        Thread.sleep(200);
        assertThat(calls).containsExactly("a");
        assertThat(count("energy.analyzer.pod.record.failures", "outcome", "retry")).isZero();
    }
}
