package io.escheduler.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * What {@code kubectl kustomize} builds from one directory: the YAML documents in kubectl's order and each one as an
 * object of the fabric8 model.
 *
 * @param name      the directory relative to the checkout, e.g. {@code kubernetes/overlays/kind}
 * @param documents the YAML documents, as printed
 * @param objects   the same documents parsed, in the same order
 */
record Build(String name, List<String> documents, List<HasMetadata> objects) {

    /** Generic (non-model) kinds that live in a namespace. Any other unknown kind fails {@link #namespaced}. */
    private static final Set<String> NAMESPACED_GENERIC_KINDS = Set.of("ServiceMonitor", "PodMonitor");

    private static final Map<String, Build> CACHE = new ConcurrentHashMap<>();

    /** The build of {@code relativeDir} (from the checkout's root), made once per JVM. */
    static Build of(String relativeDir) {
        return CACHE.computeIfAbsent(relativeDir, dir -> {
            Path path = Repository.resolve(dir);
            List<String> documents = Manifests.documents(Kubectl.kustomize(path));
            return new Build(dir, documents, documents.stream().map(Manifests::object).toList());
        });
    }

    /** Short name for test display names: {@code overlays/kind}. */
    String shortName() {
        return name.startsWith("kubernetes/") ? name.substring("kubernetes/".length()) : name;
    }

    @Override
    public String toString() {
        return shortName();
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    List<GenericKubernetesResource> generic(String kind) {
        return all(GenericKubernetesResource.class).stream().filter(o -> kind.equals(o.getKind())).toList();
    }

    Optional<HasMetadata> find(String kind, String namespace, String name) {
        return objects.stream().filter(o -> o.getKind().equals(kind) && o.getMetadata().getName().equals(name)
                && Objects.equals(o.getMetadata().getNamespace(), namespace)).findFirst();
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String namespace, String name) {
        return all(type).stream().filter(o -> o.getMetadata().getName().equals(name)
                && Objects.equals(o.getMetadata().getNamespace(), namespace)).findFirst();
    }

    /** Every pod template: Deployments, DaemonSets and StatefulSets. */
    List<Workload> workloads() {
        List<Workload> workloads = new ArrayList<>();
        for (HasMetadata o : objects) {
            PodTemplateSpec template = null;
            if (o instanceof Deployment d) {
                template = d.getSpec().getTemplate();
            } else if (o instanceof DaemonSet d) {
                template = d.getSpec().getTemplate();
            } else if (o instanceof StatefulSet s) {
                template = s.getSpec().getTemplate();
            }
            if (template != null) {
                workloads.add(new Workload(o.getKind(), o.getMetadata().getNamespace(), o.getMetadata().getName(), template));
            }
        }
        return workloads;
    }

    Optional<Workload> workload(String name) {
        return workloads().stream().filter(w -> w.name().equals(name)).findFirst();
    }

    /** Whether objects of this kind live in a namespace (typed model classes say so themselves). */
    static boolean namespaced(HasMetadata object) {
        if (object instanceof GenericKubernetesResource) {
            if (NAMESPACED_GENERIC_KINDS.contains(object.getKind())) {
                return true;
            }
            throw new IllegalStateException("unknown kind " + object.getKind() + ": add it to Build's generic kinds, namespaced or not");
        }
        return object instanceof Namespaced;
    }

    /** One pod template and where it comes from. */
    record Workload(String kind, String namespace, String name, PodTemplateSpec template) {

        PodSpec spec() {
            return template.getSpec();
        }

        /** Init containers, then containers. */
        List<Container> allContainers() {
            return Stream.concat(spec().getInitContainers().stream(), spec().getContainers().stream()).toList();
        }

        Optional<Container> container(String name) {
            return spec().getContainers().stream().filter(c -> c.getName().equals(name)).findFirst();
        }

        Map<String, String> labels() {
            return template.getMetadata().getLabels();
        }

        @Override
        public String toString() {
            return kind + " " + namespace + "/" + name;
        }
    }
}
