package io.escheduler.analyzer.kube;

import io.escheduler.analyzer.api.ApiException;
import io.escheduler.analyzer.config.AnalyzerConfig;
import io.escheduler.analyzer.runs.RunRecorder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Records finished pods as runs, each once, on one thread ({@code kube-discovery}) that also writes the Node →
 * system rows, so that a pod's node is written before the pod. The informers' threads only hand work over: a slow
 * or absent database never stalls the watches.
 * <p>
 * A run is recorded at most once per pod UID: {@link RunRecorder#recordPod} finds an existing run (this or another
 * replica recorded it, before or after a restart), and a concurrent insert of the same run is read back as "already
 * recorded". A failure that may pass (database away) is retried with backoff ({@code energy-analyzer.kubernetes.retry-*})
 * for as long as the process lives, even after the pod is deleted; a run the recorder refuses (HTTP 4xx reasons) is
 * logged and dropped. Waiting runs live in memory: after a restart the pod informer's first list brings back the
 * finished pods that still exist.
 */
@ApplicationScoped
public class PodRunQueue {

    private static final Logger LOG = Logger.getLogger(PodRunQueue.class);

    /** A run that failed to be recorded and waits for its next attempt. */
    private record Waiting(PodRun run, int attempts, boolean deleted) {
    }

    private final Function<PodRun, RunRecorder.Recorded> record;
    private final Duration retryInitial;
    private final Duration retryMax;
    private final Counter recorded;
    private final Counter retried;
    private final Counter rejected;
    /** UIDs of pods whose run is recorded (or refused) and that still exist: their updates and resyncs cost nothing. */
    private final Set<String> settled = ConcurrentHashMap.newKeySet();
    private final Map<String, Waiting> waiting = new ConcurrentHashMap<>();
    private volatile ScheduledThreadPoolExecutor executor;

    @Inject
    public PodRunQueue(RunRecorder recorder, NodeSystems nodes, AnalyzerConfig config, MeterRegistry registry) {
        this(run -> recordOnce(recorder, nodes, run), config.kubernetes().retryInitial(), config.kubernetes().retryMax(), registry);
    }

    /** {@code record} records one run now, on the calling thread (see {@link #recordOnce}). */
    PodRunQueue(Function<PodRun, RunRecorder.Recorded> record, Duration retryInitial, Duration retryMax, MeterRegistry registry) {
        this.record = record;
        this.retryInitial = retryInitial;
        this.retryMax = retryMax;
        this.recorded = Counter.builder("energy.analyzer.pods.recorded")
                .description("Finished pods recorded as new runs (a pod already recorded is not counted again)").register(registry);
        this.retried = failures(registry, "retry");
        this.rejected = failures(registry, "rejected");
        Gauge.builder("energy.analyzer.pod.records.waiting", waiting, Map::size)
                .description("Finished pods whose run could not be recorded yet and waits for a retry").register(registry);
    }

    private static Counter failures(MeterRegistry registry, String outcome) {
        return Counter.builder("energy.analyzer.pod.record.failures").tag("outcome", outcome)
                .description("Attempts to record a finished pod that failed: retried later (retry) or refused for good (rejected)")
                .register(registry);
    }

    synchronized void start() {
        if (executor == null) {
            ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, r -> {
                Thread thread = new Thread(r, "kube-discovery");
                thread.setDaemon(true);
                return thread;
            });
            pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
            pool.setRemoveOnCancelPolicy(true);
            executor = pool;
        }
    }

    /**
     * Stops taking work and drops what is queued; the task at hand (one database transaction) may finish within
     * {@code grace}, then it is interrupted. Waiting runs are dropped.
     */
    synchronized void stop(Duration grace) {
        if (executor == null) {
            return;
        }
        executor.getQueue().clear();
        executor.shutdown();
        try {
            if (!executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        if (!waiting.isEmpty()) {
            LOG.warnf("stopping with %d finished pod(s) not recorded yet (%s): they are recorded after the restart if they still exist",
                    waiting.size(), waiting.values().stream().map(w -> w.run().pod()).limit(10).toList());
        }
        executor = null;
    }

    /** Runs {@code task} on the discovery thread, after the work handed over before it. */
    void execute(Runnable task) {
        ScheduledExecutorService current = executor;
        if (current == null) {
            LOG.debug("discovery is stopped: dropping a task");
            return;
        }
        try {
            current.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.errorf(e, "discovery task failed");
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("discovery is stopping: dropping a task");
        }
    }

    /** A finished pod (informer add, update or resync). */
    void offer(PodRun run) {
        if (settled.contains(run.uid())) {
            return;
        }
        execute(() -> {
            if (settled.contains(run.uid())) {
                return;
            }
            Waiting before = waiting.computeIfPresent(run.uid(), (uid, w) -> new Waiting(run, w.attempts(), w.deleted()));
            if (before == null) { // else a retry is scheduled, and will take the newest reading
                attempt(new Waiting(run, 0, false));
            }
        });
    }

    /** The pod is gone: its run (null when it had not finished or never ran) is recorded if it was not already. */
    void deleted(String uid, PodRun run) {
        execute(() -> {
            boolean wasSettled = settled.remove(uid);
            Waiting before = waiting.computeIfPresent(uid, (key, w) -> new Waiting(run == null ? w.run() : run, w.attempts(), true));
            if (!wasSettled && before == null && run != null) {
                attempt(new Waiting(run, 0, true));
            }
        });
    }

    private void attempt(Waiting next) {
        PodRun run = next.run();
        try {
            RunRecorder.Recorded result = record.apply(run);
            waiting.remove(run.uid());
            settle(next);
            if (result.created()) {
                recorded.increment();
                LOG.infof("pod %s (%s) recorded as run %d: %s on %s, %s..%s", run.pod(), run.uid(), result.run().id, run.program(),
                        run.node(), run.start(), run.end());
            } else {
                LOG.debugf("pod %s (%s) was already recorded as run %d", run.pod(), run.uid(), result.run().id);
            }
        } catch (ApiException e) {
            waiting.remove(run.uid());
            settle(next);
            rejected.increment();
            LOG.warnf("pod %s (%s) cannot be recorded as a run and is dropped: %s", run.pod(), run.uid(), e.getMessage());
        } catch (RuntimeException e) {
            int attempts = next.attempts() + 1;
            Duration delay = backoff(attempts);
            waiting.put(run.uid(), new Waiting(run, attempts, next.deleted()));
            retried.increment();
            LOG.warnf("pod %s (%s): recording its run failed (attempt %d), retrying in %s: %s", run.pod(), run.uid(), attempts,
                    delay, rootMessage(e));
            schedule(run.uid(), delay);
        }
    }

    private void settle(Waiting done) {
        if (!done.deleted()) {
            settled.add(done.run().uid());
        }
    }

    private void schedule(String uid, Duration delay) {
        ScheduledExecutorService current = executor;
        if (current == null) {
            return;
        }
        try {
            current.schedule(() -> {
                Waiting due = waiting.get(uid);
                if (due != null && !settled.contains(uid)) {
                    try {
                        attempt(due);
                    } catch (RuntimeException e) {
                        LOG.errorf(e, "retry of pod %s failed", due.run().pod());
                    }
                }
            }, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("discovery is stopping: not scheduling a retry");
        }
    }

    /**
     * Records the run of a finished pod now, on the calling thread: makes sure its node has a row, then records it;
     * a concurrent insert of the same run (another replica) is read back as already recorded.
     */
    static RunRecorder.Recorded recordOnce(RunRecorder recorder, NodeSystems nodes, PodRun run) {
        nodes.ensureKnown(run.node());
        try {
            return recorder.recordPod(run.uid(), run.program(), run.node(), run.start(), run.end());
        } catch (RuntimeException e) {
            if (!Duplicates.isUniqueViolation(e)) {
                throw e;
            }
            LOG.debugf("pod %s: recorded concurrently by another writer; reading it back", run.pod());
            return recorder.recordPod(run.uid(), run.program(), run.node(), run.start(), run.end());
        }
    }

    Duration backoff(int attempts) {
        Duration delay = retryInitial;
        for (int i = 1; i < attempts && delay.compareTo(retryMax) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(retryMax) > 0 ? retryMax : delay;
    }

    int waitingCount() {
        return waiting.size();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e) : e.getClass().getSimpleName() + " (" + root + ")";
    }
}
