package io.escheduler.extender.bench;

import io.fabric8.kubernetes.api.model.NodeList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.net.InetAddress;
import java.nio.file.Files;
import java.util.HashMap;
import java.nio.file.Path;

/**
 * The benchmark's API server: the fabric8 mock (CRUD mode, the same the tests use) on loopback, filled with the Nodes
 * of a NodeList file, so that the packaged extender's informer holds them as in a cluster. Prints the URL on the first
 * line of its output, then runs until killed. Used by {@code benchmarks/scheduler-extender/run.sh} only.
 *
 * <pre>java -cp TEST_CLASSPATH io.escheduler.extender.bench.MockApiServer nodes.json</pre>
 */
public final class MockApiServer {

    private MockApiServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: MockApiServer NODELIST_JSON");
            System.exit(2);
        }
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        KubernetesClient client = server.createClient();
        NodeList nodes = Serialization.unmarshal(Files.readString(Path.of(args[0])), NodeList.class);
        nodes.getItems().forEach(node -> client.nodes().resource(node).create());
        System.out.println(client.getMasterUrl());
        System.out.flush();
        Thread.currentThread().join();
    }
}
