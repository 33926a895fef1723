package io.escheduler.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What each service account may do, from every (Cluster)RoleBinding of a build, must be exactly what its service's
 * code does: one grant per line, {@code <where> <group>/<resource> <verb> [<name>]} (group "core" for ""), or
 * {@code <where> bound to <role>} for a role the build does not hold (Kubernetes' built-in ones). A verb or resource
 * beyond this list fails, and so does a missing one.
 *
 * <p>Read from the code with fabric8 7.6 (Quarkus 3.34's; checked in its bytecode): informers list and watch, and
 * never get; {@code edit()} and {@code patch(PatchContext, String)} on {@code withName(..)} GET the object first
 * ({@code getItemOrRequireFromServer}), then PATCH; {@code evict()} POSTs an Eviction without reading the pod;
 * {@code resource(..).create()} POSTs; {@code LeaseLock} gets, creates and renews with a JSON merge PATCH of the
 * object it holds (no update). A verb is granted only where a call needs it: no get for an informer's resource.
 */
class RbacTest {

    private static final Map<String, Set<String>> EXPECTED = new TreeMap<>();

    static {
        expect("escheduler/energy-analyzer",
                // kube/ClusterWatch: Node informer (systems), pod informer (runs, label selector) in every namespace.
                "cluster core/nodes list", "cluster core/nodes watch",
                "cluster core/pods list", "cluster core/pods watch",
                // http-auth's TokenReviewAuthenticator (the API's writes, and reads when closed): tokenReviews().create(..),
                // a question to the API server that changes nothing. Nothing else: the analyzer only reads
                // (energy-analyzer's KubernetesReadOnlyTest).
                "cluster authentication.k8s.io/tokenreviews create");
        expect("escheduler/power-manager",
                // source/PolicyInformers: Node, pod and PodDisruptionBudget informers in every namespace.
                "cluster core/nodes list", "cluster core/nodes watch",
                "cluster core/pods list", "cluster core/pods watch",
                "cluster policy/poddisruptionbudgets list", "cluster policy/poddisruptionbudgets watch",
                // execute/KubernetesOperations: nodes().withName(n).edit(..) (cordon, annotations) = GET + PATCH;
                // pods().inNamespace(ns).withName(p).evict(Eviction) = POST pods/{p}/eviction.
                "cluster core/nodes get", "cluster core/nodes patch", "cluster core/pods/eviction create",
                // execute/AuditTrail: v1().events().inNamespace("default").resource(event).create().
                "namespace default core/events create",
                // execute/Leadership: LeaseLock(namespace, lease-name) = get, create, JSON merge patch.
                "namespace escheduler coordination.k8s.io/leases create",
                "namespace escheduler coordination.k8s.io/leases get power-manager",
                "namespace escheduler coordination.k8s.io/leases patch power-manager");
        // power/SecretCredentials reads a BMC login only with a redfish or ipmi driver, none in the builds:
        // base/power-manager/bmc-credentials-example.yaml is the Role (get, by name) a site adds for it.
        expect("escheduler/scheduler-extender",
                // nodes/NodeCache: nodes().runnableInformer(..).
                "cluster core/nodes list", "cluster core/nodes watch",
                // binding/Binder.createBinding: raw POST /api/v1/namespaces/{ns}/pods/{name}/binding.
                "cluster core/pods/binding create",
                // nodes/ActuatorPods: pods().inNamespace(actuator namespace).withLabels(..).runnableInformer(..).
                "namespace escheduler core/pods list", "namespace escheduler core/pods watch");
        expect("escheduler/node-actuator",
                // kube/NodeAnnotator: nodes().withName(node).patch(JSON_MERGE, ..) = GET + PATCH.
                "cluster core/nodes get", "cluster core/nodes patch",
                // auth/TokenReviewAuthenticator: authentication().v1().tokenReviews().create(..).
                "cluster authentication.k8s.io/tokenreviews create");
        // Never calls the API server (automountServiceAccountToken: false).
        expect("escheduler/msr-exporter");
        expect("escheduler/energy-scheduler",
                // Kubernetes' "Configure Multiple Schedulers": the built-in roles of kube-scheduler, the authentication
                // ConfigMap, and its own Lease (leaderElection.resourceName; client-go's LeaseLock gets and updates).
                "cluster bound to ClusterRole system:kube-scheduler", "cluster bound to ClusterRole system:volume-scheduler",
                "cluster core/configmaps get extension-apiserver-authentication",
                "cluster core/configmaps list extension-apiserver-authentication",
                "cluster core/configmaps watch extension-apiserver-authentication",
                "namespace escheduler coordination.k8s.io/leases create",
                "namespace escheduler coordination.k8s.io/leases get energy-scheduler",
                "namespace escheduler coordination.k8s.io/leases update energy-scheduler");
        // The demo Prometheus (addons/prometheus): kubernetes_sd_configs role pod in escheduler.
        expect("escheduler/prometheus", "namespace escheduler core/pods list", "namespace escheduler core/pods watch");
    }

    /** What {@code account} ({@code namespace/name}) may do, one grant per entry, as the manifests must say. */
    static Set<String> expected(String account) {
        return EXPECTED.getOrDefault(account, Set.of());
    }

    static List<Build> builds() {
        return Kustomizations.deployableBuilds().stream().filter(b -> !b.all(ServiceAccount.class).isEmpty()).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builds")
    void eachServiceAccountMayDoExactlyWhatItsCodeDoes(Build build) {
        Map<String, Set<String>> actual = new TreeMap<>();
        for (ServiceAccount account : build.all(ServiceAccount.class)) {
            actual.put(account.getMetadata().getNamespace() + "/" + account.getMetadata().getName(), new TreeSet<>());
        }
        for (ClusterRoleBinding binding : build.all(ClusterRoleBinding.class)) {
            Set<String> grants = grants(build, "cluster", binding.getRoleRef(), null);
            binding.getSubjects().forEach(s -> actual.computeIfAbsent(subject(build, s), k -> new TreeSet<>()).addAll(grants));
        }
        for (RoleBinding binding : build.all(RoleBinding.class)) {
            String namespace = binding.getMetadata().getNamespace();
            Set<String> grants = grants(build, "namespace " + namespace, binding.getRoleRef(), namespace);
            binding.getSubjects().forEach(s -> actual.computeIfAbsent(subject(build, s), k -> new TreeSet<>()).addAll(grants));
        }
        for (Map.Entry<String, Set<String>> account : actual.entrySet()) {
            assertThat(EXPECTED).as("%s: service account %s is not known to this test: add what its code does", build, account.getKey())
                    .containsKey(account.getKey());
            assertThat(account.getValue()).as("%s: what %s may do", build, account.getKey())
                    .containsExactlyInAnyOrderElementsOf(EXPECTED.get(account.getKey()));
        }
        // Every role is bound to someone (an unbound Role is a grant waiting for a binding).
        for (ClusterRole role : build.all(ClusterRole.class)) {
            assertThat(build.all(ClusterRoleBinding.class).stream().anyMatch(b -> b.getRoleRef().getName().equals(role.getMetadata().getName())))
                    .as("%s: ClusterRole %s is bound", build, role.getMetadata().getName()).isTrue();
        }
    }

    /** The Lease power-manager competes for is the one its Role names: its configured lease name. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("builds")
    void powerManagersLeaseIsTheOneItsRoleNames(Build build) {
        Container manager = build.workload("power-manager").flatMap(w -> w.container("power-manager")).orElseThrow();
        String lease = Sources.setting(manager, "POWER_MANAGER_LEADER_ELECTION_LEASE_NAME",
                Sources.withDefault("power-manager/src/main/java/io/escheduler/powermanager/config/PowerManagerConfig.java",
                        "LeaderElection", "leaseName"));
        assertThat(EXPECTED.get("escheduler/power-manager")).contains(
                "namespace escheduler coordination.k8s.io/leases patch " + lease);
    }

    /** node-actuator's allow-list names the service accounts its callers run as, and they exist. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("builds")
    void theActuatorAcceptsItsCallersServiceAccounts(Build build) {
        Container actuator = build.workload("node-actuator").flatMap(w -> w.container("node-actuator")).orElseThrow();
        String allowed = Sources.setting(actuator, "NODE_ACTUATOR_AUTH_ALLOWED_SERVICE_ACCOUNTS",
                Sources.withDefault("node-actuator/src/main/java/io/escheduler/actuator/config/ActuatorConfig.java", "Auth",
                        "allowedServiceAccounts"));
        Set<String> callers = new TreeSet<>();
        for (String caller : List.of("scheduler-extender", "power-manager")) {
            Build.Workload w = build.workload(caller).orElseThrow();
            callers.add(w.namespace() + ":" + w.spec().getServiceAccountName());
            assertThat(w.spec().getAutomountServiceAccountToken()).as("%s: %s mounts the token it presents", build, caller).isTrue();
        }
        assertThat(new TreeSet<>(List.of(allowed.split("\\s*,\\s*")))).as("%s: node-actuator's allow-list", build)
                .isEqualTo(callers);
    }

    private static Set<String> grants(Build build, String where, RoleRef ref, String namespace) {
        Set<String> grants = new TreeSet<>();
        List<PolicyRule> rules;
        if (ref.getKind().equals("ClusterRole")) {
            Optional<ClusterRole> role = build.find(ClusterRole.class, null, ref.getName());
            if (role.isEmpty()) {
                return Set.of(where + " bound to ClusterRole " + ref.getName());
            }
            rules = role.get().getRules();
        } else {
            Role role = build.find(Role.class, namespace, ref.getName())
                    .orElseThrow(() -> new AssertionError(build + ": Role " + namespace + "/" + ref.getName() + " is bound but missing"));
            rules = role.getRules();
        }
        for (PolicyRule rule : rules) {
            assertThat(rule.getNonResourceURLs()).as("%s: non-resource URLs in %s", build, ref.getName()).isNullOrEmpty();
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    for (String verb : rule.getVerbs()) {
                        assertThat(verb).as("%s: %s grants a wildcard", build, ref.getName()).isNotEqualTo("*");
                        List<String> names = rule.getResourceNames() == null || rule.getResourceNames().isEmpty()
                                ? List.of("") : rule.getResourceNames();
                        for (String name : names) {
                            grants.add((where + " " + (group.isEmpty() ? "core" : group) + "/" + resource + " " + verb + " " + name).strip());
                        }
                    }
                }
            }
        }
        return grants;
    }

    private static String subject(Build build, Subject subject) {
        assertThat(subject.getKind()).as("%s: only service accounts are bound", build).isEqualTo("ServiceAccount");
        assertThat(build.find(ServiceAccount.class, subject.getNamespace(), subject.getName()))
                .as("%s: bound service account %s/%s exists", build, subject.getNamespace(), subject.getName()).isPresent();
        return subject.getNamespace() + "/" + subject.getName();
    }

    private static void expect(String account, String... grants) {
        EXPECTED.put(account, new TreeSet<>(List.of(grants)));
    }
}
