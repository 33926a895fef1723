package io.escheduler.extender.api;

import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.quarkus.test.kubernetes.client.KubernetesServer;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The Bindings the extender creates, as the test server received them. The fabric8 mock's CRUD mode has no
 * {@code pods/{name}/binding} subresource: it answers such a POST 409 "Binding already exists" (it takes it for a
 * create of the pod's name), and hangs until the client's timeout when the pod does not exist. So that one call is an
 * expectation (the mock's mixed mode answers expectations before CRUD): 201 with the Binding back, recorded here.
 */
public final class Bindings {

    private final List<Binding> received = new CopyOnWriteArrayList<>();

    /** The next POST of a Binding for pod {@code namespace/name} is answered {@code status} and recorded. */
    public void expect(KubernetesServer server, String namespace, String name, int status) {
        server.expect().post().withPath("/api/v1/namespaces/" + namespace + "/pods/" + name + "/binding").andReply(status, request -> {
            String body = request.getBody().readUtf8();
            received.add(Serialization.unmarshal(body, Binding.class));
            return status < 300 ? body : "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":" + status + "}";
        }).once();
    }

    public List<Binding> received() {
        return received;
    }
}
