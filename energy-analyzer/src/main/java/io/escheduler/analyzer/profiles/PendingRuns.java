package io.escheduler.analyzer.profiles;

import io.escheduler.analyzer.runs.Run;
import io.escheduler.analyzer.runs.RunNodeProfile;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The profiler's queue, kept in the {@code run} table only, so nothing is lost across restarts:
 * a run waits while {@code status = 'pending'}, and is due once {@code next_attempt_at} has
 * passed. Each method is its own short transaction; none is open while Prometheus is asked.
 *
 * <p>Several replicas share the queue safely: {@link #claim} locks due rows with
 * {@code FOR UPDATE SKIP LOCKED} (rows another replica is claiming are skipped, not waited for)
 * and moves their {@code next_attempt_at} a lease ahead, so no other replica takes them while
 * they are profiled; a replica that dies mid-way leaves them due again when the lease ends. Results
 * are written only to runs still pending.
 */
@ApplicationScoped
public class PendingRuns {

    private final EntityManager em;

    @Inject
    PendingRuns(EntityManager em) {
        this.em = em;
    }

    /** Claims up to {@code limit} due runs, oldest due first, until {@code now + lease}; their ids. */
    @SuppressWarnings("unchecked")
    List<Long> claim(int limit, Instant now, Duration lease) {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<Number> due = em.createNativeQuery("""
                            SELECT id FROM run
                            WHERE status = 'pending' AND next_attempt_at <= :now
                            ORDER BY next_attempt_at, id
                            LIMIT :limit
                            FOR UPDATE SKIP LOCKED""")
                    .setParameter("now", now)
                    .setParameter("limit", limit)
                    .getResultList();
            List<Long> ids = due.stream().map(Number::longValue).toList();
            if (!ids.isEmpty()) {
                em.createNativeQuery("UPDATE run SET next_attempt_at = :until WHERE id IN (:ids)")
                        .setParameter("until", now.plus(lease))
                        .setParameter("ids", ids)
                        .executeUpdate();
            }
            return ids;
        });
    }

    /** The run's nodes and span, while it is pending. */
    Optional<RunWindow> window(long id) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Run run = Run.findById(id);
            if (run == null || run.status != Run.Status.pending) {
                return Optional.empty();
            }
            return Optional.of(new RunWindow(run.id, List.of(run.nodes), run.startedAt, run.endedAt));
        });
    }

    /** Stores the profile and marks the run complete. */
    void complete(long id, RunProfile profile, Instant now) {
        QuarkusTransaction.requiringNew().run(() -> {
            Run run = pendingForUpdate(id);
            if (run == null) {
                return;
            }
            RunNodeProfile.delete("run", run);
            run.nodeProfiles.clear();
            for (NodeProfile node : profile.nodes()) {
                RunNodeProfile row = new RunNodeProfile();
                row.run = run;
                row.node = node.node();
                row.peakWatts = node.peakWatts();
                row.minWatts = node.minWatts();
                row.meanWatts = node.meanWatts();
                row.energyJoules = node.energyJoules();
                row.samples = node.samples();
                run.nodeProfiles.add(row);
            }
            run.peakWatts = profile.peakWatts();
            run.minWatts = profile.minWatts();
            run.meanWatts = profile.meanWatts();
            run.energyJoules = profile.energyJoules();
            run.samples = profile.samples();
            run.status = Run.Status.complete;
            run.completedAt = now;
            run.nextAttemptAt = null;
            run.lastError = null;
        });
    }

    /** What {@link #retry} did. */
    enum Retried {
        /** The run stays pending, for a later attempt. */
        later,
        /** The run was marked failed. */
        gaveUp,
        /** The run was no longer pending. */
        notPending
    }

    /** Records a failed attempt. */
    Retried retry(long id, String error, Instant now, RetryPolicy policy) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Run run = pendingForUpdate(id);
            if (run == null) {
                return Retried.notPending;
            }
            int before = run.attempts;
            run.attempts = before + 1;
            if (policy.givesUp(run.endedAt, now)) {
                run.status = Run.Status.failed;
                run.nextAttemptAt = null;
                run.lastError = "gave up " + policy.giveUpAfter() + " after the run's end, after " + run.attempts + " attempts: " + error;
                return Retried.gaveUp;
            }
            run.nextAttemptAt = policy.nextAttempt(before, now);
            run.lastError = error;
            return Retried.later;
        });
    }

    /** Not an attempt: the run is looked at again at {@code until} (e.g. once its data has settled). */
    void defer(long id, Instant until) {
        QuarkusTransaction.requiringNew().run(() -> {
            Run run = pendingForUpdate(id);
            if (run != null) {
                run.nextAttemptAt = until;
            }
        });
    }

    /** Hands claimed runs not looked at back to the queue, due at {@code now}. */
    void release(List<Long> ids, Instant now) {
        if (ids.isEmpty()) {
            return;
        }
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                        "UPDATE run SET next_attempt_at = :now WHERE id IN (:ids) AND status = 'pending'")
                .setParameter("now", now)
                .setParameter("ids", ids)
                .executeUpdate());
    }

    /** Runs waiting for their profile (the literal predicate lets PostgreSQL use the partial index {@code run_pending}). */
    long countPending() {
        return QuarkusTransaction.requiringNew().call(() ->
                ((Number) em.createNativeQuery("SELECT count(*) FROM run WHERE status = 'pending'").getSingleResult()).longValue());
    }

    private Run pendingForUpdate(long id) {
        Run run = em.find(Run.class, id, LockModeType.PESSIMISTIC_WRITE);
        return run != null && run.status == Run.Status.pending ? run : null;
    }
}
