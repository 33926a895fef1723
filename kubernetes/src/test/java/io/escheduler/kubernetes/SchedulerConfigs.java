package io.escheduler.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import io.escheduler.testing.kube.KubeApi;

import java.nio.file.Path;

/**
 * The repository's two KubeSchedulerConfigurations, as a test runs them: the text of the files, with only the addresses
 * replaced (the extender's {@code urlPrefix}, and the kubeconfig through which kube-scheduler reaches the API server).
 * A replaced address that is not in the file fails, so the files cannot drift away from what is tested.
 */
enum SchedulerConfigs {

    /** {@code kubernetes/base/energy-scheduler/configmap.yaml}: the second scheduler, its own Deployment. */
    SECOND_SCHEDULER("http://scheduler-extender.escheduler.svc:9866") {
        @Override
        String file() {
            for (String document : Build.of("kubernetes/base").documents()) {
                for (JsonNode object : KubeApi.objects(document)) {
                    if ("ConfigMap".equals(object.path("kind").asText())
                            && "energy-scheduler-config".equals(object.path("metadata").path("name").asText())) {
                        return object.path("data").path("energy-scheduler-config.yaml").asText();
                    }
                }
            }
            throw new IllegalStateException("kubernetes/base builds no ConfigMap energy-scheduler-config");
        }

        @Override
        String withKubeconfig(String text, Path kubeconfig) {
            // in its pod, kube-scheduler reaches the API server through the in-cluster service account (no
            // clientConnection); here, through a kubeconfig holding a token of the same service account
            return replace(text, "kind: KubeSchedulerConfiguration\n",
                    "kind: KubeSchedulerConfiguration\nclientConnection:\n  kubeconfig: " + kubeconfig + "\n");
        }
    },

    /** {@code kubernetes/control-plane/kube-scheduler-config.yaml}: the control plane's own kube-scheduler. */
    CONTROL_PLANE("http://scheduler-extender.escheduler.svc.cluster.local:9866") {
        @Override
        String file() {
            return Repository.read("kubernetes/control-plane/kube-scheduler-config.yaml");
        }

        @Override
        String withKubeconfig(String text, Path kubeconfig) {
            return replace(text, "kubeconfig: /etc/kubernetes/scheduler.conf", "kubeconfig: " + kubeconfig);
        }
    };

    private final String extenderUrl;

    SchedulerConfigs(String extenderUrl) {
        this.extenderUrl = extenderUrl;
    }

    abstract String file();

    abstract String withKubeconfig(String text, Path kubeconfig);

    /** The configuration with the extender at {@code extenderUrl} and the API server through {@code kubeconfig}. */
    String forTest(String testExtenderUrl, Path kubeconfig) {
        return withKubeconfig(replace(file(), "urlPrefix: " + extenderUrl, "urlPrefix: " + testExtenderUrl), kubeconfig);
    }

    /**
     * The same with {@code nodeCacheCapable: false} in every extender entry: kube-scheduler then sends whole Node
     * objects and the filter answers with them (the repository ships {@code true}; both modes must work).
     */
    String forTestWithoutNodeCache(String testExtenderUrl, Path kubeconfig) {
        return replace(forTest(testExtenderUrl, kubeconfig), "nodeCacheCapable: true", "nodeCacheCapable: false");
    }

    static String replace(String text, String from, String to) {
        if (!text.contains(from)) {
            throw new IllegalStateException("the scheduler configuration no longer holds \"" + from.strip() + "\":\n" + text);
        }
        return text.replace(from, to);
    }
}
