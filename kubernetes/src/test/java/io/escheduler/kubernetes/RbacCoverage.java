package io.escheduler.kubernetes;

import io.escheduler.testing.kube.AuditEvent;
import org.assertj.core.api.SoftAssertions;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which grants of a service account's roles ({@link RbacTest#expected}: {@code <where> <group>/<resource> <verb> [<name>]})
 * no request in an API server's audit log used. The accounts of the services {@link EnergySchedulerIT} runs.
 */
final class RbacCoverage {

    /**
     * The accounts whose every grant {@link EnergySchedulerIT} must use: the extender, the actuators, the
     * energy-scheduler and the analyzer (which only lists and watches Nodes and pods). power-manager's are
     * {@link PowerPoliciesIT}'s.
     */
    static final List<String> ACCOUNTS = List.of("escheduler/scheduler-extender", "escheduler/node-actuator", "escheduler/energy-scheduler",
            "escheduler/energy-analyzer");

    /**
     * Grants the tests do not use, and why each is still needed. Kubernetes' built-in roles bound to the
     * energy-scheduler are its own business ("bound to ClusterRole ..."): kube-scheduler's needs, not this project's.
     */
    static final Map<String, String> UNUSED_HERE = Map.of(
            "escheduler/energy-scheduler cluster core/configmaps list extension-apiserver-authentication",
            "kube-scheduler v1.37 (the tests') fills its informers with a streaming watch (WatchListClient) and never lists; the "
                    + "manifests run the cluster's own version (v1.31 in kubernetes/base), whose informers list first, then watch");

    private RbacCoverage() {
    }

    /**
     * Fails unless each of {@code accounts} was refused nothing (a call the code makes that its role lacks fails here,
     * whatever the scenario did with the refusal) and used every grant of its roles ({@link RbacTest#expected}, which
     * RbacTest holds equal to the manifests), except those {@link #UNUSED_HERE} justifies.
     */
    static void assertUsedEveryGrantAndWasRefusedNothing(List<String> accounts, List<AuditEvent> events) {
        SoftAssertions softly = new SoftAssertions();
        for (String account : accounts) {
            String user = "system:serviceaccount:" + account.replace('/', ':');
            softly.assertThat(events.stream().filter(e -> e.user().equals(user) && e.status() == 403).map(RbacCoverage::describe).distinct())
                    .as("requests of %s that RBAC refused", account).isEmpty();
            softly.assertThat(unused(account, events)).as("grants of %s no request used (used: %s)", account,
                    events.stream().filter(e -> e.user().equals(user)).map(RbacCoverage::describe).distinct().sorted().toList()).isEmpty();
        }
        softly.assertAll();
    }

    static Set<String> unused(String account, List<AuditEvent> events) {
        String user = "system:serviceaccount:" + account.replace('/', ':');
        Set<String> unused = new TreeSet<>();
        for (String grant : RbacTest.expected(account)) {
            if (grant.contains(" bound to ") || UNUSED_HERE.containsKey(account + " " + grant)) {
                continue;
            }
            if (events.stream().noneMatch(e -> e.user().equals(user) && e.status() < 400 && matches(grant, e))) {
                unused.add(grant);
            }
        }
        return unused;
    }

    /** Whether {@code event} is a use of {@code grant}. */
    static boolean matches(String grant, AuditEvent event) {
        String[] words = grant.split(" ");
        int i = 0;
        String namespace = "";
        if (words[i].equals("namespace")) {
            namespace = words[++i];
        }
        String groupResource = words[++i];
        String verb = words[++i];
        String name = i + 1 < words.length ? words[i + 1] : "";
        int slash = groupResource.indexOf('/');
        String group = groupResource.substring(0, slash).equals("core") ? "" : groupResource.substring(0, slash);
        String resource = groupResource.substring(slash + 1);
        return event.apiGroup().equals(group) && event.fullResource().equals(resource) && event.verb().equals(verb)
                && (namespace.isEmpty() || namespace.equals(event.namespace()))
                && (name.isEmpty() || name.equals(event.name()));
    }

    static String describe(AuditEvent event) {
        return event.verb() + " " + (event.apiGroup().isEmpty() ? "core" : event.apiGroup()) + "/" + event.fullResource()
                + (event.namespace().isEmpty() ? "" : " in " + event.namespace()) + (event.name().isEmpty() ? "" : " " + event.name())
                + " → " + event.status();
    }
}
