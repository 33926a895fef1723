package io.escheduler.powermanager.execute;

import io.escheduler.policies.execute.ActionLog;
import io.escheduler.policies.execute.AuditEntry;
import io.escheduler.policies.execute.Outcome;
import io.escheduler.policies.plan.Action;
import io.escheduler.policies.plan.PolicyName;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The executor's {@link ActionLog} in power-manager: every action it attempted, recorded three ways: a row of the audit
 * trail in PostgreSQL ({@link PolicyActionEntry}), a Kubernetes Event on the node ({@code kubectl describe node} shows
 * it), and {@link PolicyMetrics}. Recording never undoes or blocks an action: a failed write is logged (with the action, so the
 * log is the trail of last resort) and the executor goes on.
 */
@ApplicationScoped
public class AuditTrail implements ActionLog {

    private static final Logger LOG = Logger.getLogger(AuditTrail.class);
    /** Node events live in {@code default}, as the kubelet's do. */
    static final String EVENT_NAMESPACE = "default";
    static final String COMPONENT = "power-manager";

    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final Instance<KubernetesClient> client;
    private final PolicyMetrics metrics;

    public AuditTrail(Instance<KubernetesClient> client, PolicyMetrics metrics) {
        this.client = client;
        this.metrics = metrics;
    }

    @Override
    public void record(AuditEntry entry) {
        PolicyName policy = entry.policy();
        Action action = entry.action();
        Outcome outcome = entry.outcome();
        String detail = entry.detail();
        String line = String.format("%s %s on %s%s: %s (%s)%s", policy.wireName(), action.kind().wireName(), action.node(),
                action.pod() == null ? "" : " pod " + action.namespace() + "/" + action.pod()
                        + (action.target() == null ? "" : " (planned for " + action.target() + ")"),
                outcome.wireName(), action.reason(), detail == null ? "" : ": " + detail);
        if (outcome == Outcome.DONE) {
            LOG.info(line);
        } else {
            LOG.warn(line);
        }
        metrics.action(policy, action.kind(), outcome);
        audit(policy, entry.plannedAt(), action, outcome, detail, entry.actor(), entry.at(), line);
        event(policy, action, outcome, detail, entry.actor(), entry.at());
    }

    private void audit(PolicyName policy, Instant plannedAt, Action action, Outcome outcome, String detail, String actor, Instant at,
                       String line) {
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                PolicyActionEntry entry = new PolicyActionEntry();
                entry.at = at;
                entry.plannedAt = plannedAt;
                entry.policy = policy.wireName();
                entry.kind = action.kind().wireName();
                entry.node = action.node();
                entry.namespace = action.namespace();
                entry.pod = action.pod();
                entry.target = action.target();
                entry.value = action.value();
                entry.reason = action.reason();
                entry.outcome = outcome.wireName();
                entry.detail = detail;
                entry.actor = actor;
                entry.persist();
            });
        } catch (RuntimeException e) {
            LOG.errorf("audit trail: could not record [%s]: %s", line, e);
        }
    }

    private void event(PolicyName policy, Action action, Outcome outcome, String detail, String actor, Instant at) {
        String message = policy.wireName() + ": " + action.kind().wireName()
                + (action.pod() == null ? "" : " " + action.namespace() + "/" + action.pod()
                        + (action.target() == null ? "" : " (planned for " + action.target() + ")"))
                + (action.value() == null ? "" : " " + action.value()) + " " + outcome.wireName() + " — " + action.reason()
                + (detail == null ? "" : "; " + detail);
        String time = at.toString();
        try {
            client.get().v1().events().inNamespace(EVENT_NAMESPACE).resource(new EventBuilder()
                    .withNewMetadata().withName(eventName(action.node(), at)).withNamespace(EVENT_NAMESPACE).endMetadata()
                    .withNewInvolvedObject().withApiVersion("v1").withKind("Node").withName(action.node()).endInvolvedObject()
                    .withReason(reason(action, outcome)).withMessage(message.length() > 1000 ? message.substring(0, 1000) : message)
                    .withType(outcome == Outcome.DONE ? "Normal" : "Warning")
                    .withNewSource().withComponent(COMPONENT).endSource()
                    .withReportingComponent(COMPONENT).withReportingInstance(actor)
                    .withFirstTimestamp(time).withLastTimestamp(time).withCount(1)
                    .build()).create();
        } catch (KubernetesClientException e) {
            LOG.warnf("could not create the Event for %s on node %s (RBAC: events create in namespace %s): %s",
                    action.kind().wireName(), action.node(), EVENT_NAMESPACE, e.getMessage());
        }
    }

    /** {@code <node>.<nanoseconds since the epoch, hex>}, as the kubelet names its events; unique per instant and node. */
    static String eventName(String node, Instant at) {
        long nanos = at.getEpochSecond() * 1_000_000_000L + at.getNano();
        return node + "." + Long.toHexString(nanos + SEQUENCE.incrementAndGet());
    }

    /** {@code PowerOff}, {@code EvictFailed}, {@code SetCpufreqSkipped}, …: CamelCase, as Event reasons are. */
    static String reason(Action action, Outcome outcome) {
        StringBuilder reason = new StringBuilder();
        for (String part : action.kind().wireName().split("-")) {
            reason.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        if (outcome != Outcome.DONE) {
            reason.append(outcome.wireName().substring(0, 1).toUpperCase(Locale.ROOT)).append(outcome.wireName().substring(1));
        }
        return reason.toString();
    }
}
