package io.escheduler.analyzer.profiles;

import io.escheduler.analyzer.config.AnalyzerConfig;
import io.escheduler.analyzer.database.DatabaseOutage;
import io.escheduler.prometheus.PrometheusQueryException;
import io.escheduler.prometheus.PrometheusUnavailableException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Profiles due pending runs every {@code energy-analyzer.profiles.poll-interval}, in batches of
 * {@link #BATCH}, each run on its own; a poll takes batch after batch while full ones come, so a
 * backlog drains as fast as Prometheus and PostgreSQL answer rather than one batch per interval. A run is not looked at before its end plus
 * {@code energy-analyzer.profiles.settle} (its last scrapes must have reached Prometheus). If
 * Prometheus lacks data or is unavailable the run stays pending with one more attempt, the reason
 * in {@code last_error} and its next attempt after a doubling delay ({@link RetryPolicy}); it is
 * marked failed once {@code energy-analyzer.profiles.give-up-after} has passed since its end. Once
 * Prometheus is found unavailable, the rest of the batch is not sent to it but counted as failed
 * attempts with the same reason.
 *
 * <p>Shutdown: on {@code ShutdownEvent}, before persistence closes, no new poll starts and a poll in progress stops
 * after the run at hand, handing the rest of its batch back to the queue (due at once). If that run is still not done
 * after {@link #SHUTDOWN_GRACE} (Prometheus slow), the batch is handed back from the stopping thread instead: every
 * run is either profiled or pending again, never left claimed for the {@link #LEASE}.
 */
@ApplicationScoped
public class ProfilingJob {

    private static final Logger LOG = Logger.getLogger(ProfilingJob.class);

    /** Runs claimed per poll. */
    static final int BATCH = 50;
    /** How long claimed runs are hidden from other replicas while this one profiles them. */
    static final Duration LEASE = Duration.ofMinutes(10);
    /** How long a stop waits for the run at hand: within Kubernetes' and systemd's 30 s with room for the rest. */
    static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(15);

    private final PendingRuns queue;
    private final RunProfiler profiler;
    private final ProfileMetrics metrics;
    private final DatabaseOutage database;
    private final AnalyzerConfig.Profiles settings;
    private final RetryPolicy retryPolicy;
    /** Held while a poll runs. */
    private final ReentrantLock polling = new ReentrantLock();
    private volatile boolean stopping;
    /** The runs the current {@link #profileDue} claimed, for a stop that cannot wait for it. */
    private volatile List<Long> inHand = List.of();

    @Inject
    ProfilingJob(PendingRuns queue, RunProfiler profiler, ProfileMetrics metrics, DatabaseOutage database, AnalyzerConfig config) {
        this.queue = queue;
        this.profiler = profiler;
        this.metrics = metrics;
        this.database = database;
        this.settings = config.profiles();
        this.retryPolicy = new RetryPolicy(settings.retryInitial(), settings.retryMax(), settings.giveUpAfter());
    }

    @Scheduled(every = "${energy-analyzer.profiles.poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            identity = "run-profiler")
    void poll() {
        if (stopping || !polling.tryLock()) {
            return;
        }
        try {
            while (!stopping && profileDue() == BATCH && !Thread.currentThread().isInterrupted()) {
                LOG.debugf("a full batch of %d runs was due: taking the next one", BATCH);
            }
        } catch (RuntimeException e) {
            if (stopping) {
                LOG.debugf("profiling stopped by the shutdown: %s", e);
            } else if (!database.unreachable(e)) { // an outage is logged once, by DatabaseOutage
                LOG.errorf(e, "profiling pending runs failed; trying again at the next poll");
            }
        } finally {
            polling.unlock();
        }
    }

    /** First in the shutdown, while persistence still works: see the class comment. */
    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        try {
            if (polling.tryLock(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                polling.unlock();
                LOG.debug("profiler stopped");
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Long> held = inHand;
        try {
            queue.release(held, Instant.now());
            LOG.infof("stopping while run(s) %s were being profiled for over %s: they are pending again", held, SHUTDOWN_GRACE);
        } catch (RuntimeException e) {
            LOG.warnf("stopping while run(s) %s were being profiled, and they could not be handed back (%s): they are due again "
                    + "when their claim ends, %s after it began", held, e.getMessage(), LEASE);
        }
    }

    /** Profiles the runs due now; how many were looked at. */
    public int profileDue() {
        List<Long> claimed = queue.claim(BATCH, Instant.now(), LEASE);
        inHand = claimed;
        database.answered();
        PrometheusUnavailableException unavailable = null;
        int done = 0;
        int waiting = 0;
        try {
            for (Long id : claimed) {
                if (stopping) {
                    break; // the rest go back to the queue below
                }
                Optional<RunWindow> window = queue.window(id);
                done++;
                if (window.isEmpty()) {
                    continue;
                }
                RunWindow run = window.get();
                Instant settled = run.end().plus(settings.settle());
                if (Instant.now().isBefore(settled)) {
                    queue.defer(run.runId(), settled); // not an attempt: its last scrapes may not be in Prometheus yet
                } else if (unavailable != null) {
                    retry(run, ProfileMetrics.Reason.unavailable, unavailable.getMessage());
                    waiting++;
                } else {
                    unavailable = profileOne(run);
                    waiting += unavailable == null ? 0 : 1;
                }
            }
        } finally {
            queue.release(claimed.subList(done, claimed.size()), Instant.now());
            inHand = List.of();
            metrics.pending(queue.countPending());
        }
        if (unavailable != null) {
            LOG.warnf("%s: %d run(s) wait for it", unavailable.getMessage(), waiting);
        }
        return done;
    }

    /** One settled run; the unavailability met, if any. */
    private PrometheusUnavailableException profileOne(RunWindow run) {
        Instant now = Instant.now();
        try {
            RunProfiler.Outcome outcome = profiler.profile(run, now);
            if (outcome instanceof RunProfiler.Complete complete) {
                queue.complete(run.runId(), complete.profile(), Instant.now());
                metrics.profiled();
                RunProfile p = complete.profile();
                LOG.infof("run %d profiled: peak %.1f W, min %.1f W, mean %.1f W, %.1f J over %.1f s on %s (%d samples)",
                        run.runId(), p.peakWatts(), p.minWatts(), p.meanWatts(), p.energyJoules(), run.durationSeconds(), run.nodes(),
                        p.samples());
            } else if (outcome instanceof RunProfiler.Incomplete incomplete) {
                LOG.debugf("run %d: %s", run.runId(), incomplete.reason());
                retry(run, ProfileMetrics.Reason.incomplete, "Prometheus lacks data: " + incomplete.reason());
            }
            return null;
        } catch (PrometheusUnavailableException e) {
            retry(run, ProfileMetrics.Reason.unavailable, e.getMessage());
            return e;
        } catch (PrometheusQueryException e) {
            LOG.errorf("run %d: %s", run.runId(), e.getMessage());
            retry(run, ProfileMetrics.Reason.bad_query, e.getMessage());
            return null;
        } catch (RuntimeException e) {
            LOG.errorf(e, "run %d: profiling failed", run.runId());
            retry(run, ProfileMetrics.Reason.error, "profiling failed: " + e);
            return null;
        }
    }

    private void retry(RunWindow run, ProfileMetrics.Reason reason, String error) {
        switch (queue.retry(run.runId(), error, Instant.now(), retryPolicy)) {
            case later -> metrics.retried(reason);
            case gaveUp -> {
                metrics.failed();
                LOG.warnf("run %d failed: no complete data within %s of its end %s: %s", run.runId(), settings.giveUpAfter(), run.end(), error);
            }
            case notPending -> LOG.debugf("run %d is no longer pending", run.runId());
        }
    }
}
