package io.escheduler.extender.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.escheduler.extender.nodes.NodeCache;
import io.escheduler.extender.nodes.NodeState;
import io.escheduler.extender.protocol.Requests;
import io.escheduler.testing.ErrorWords;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The three verbs over HTTP with the request bodies kube-scheduler sends (both node modes), Node state from the
 * informer on the Kubernetes test server (CRUD mode), and the analyzer's placement contract. Replies that
 * kube-scheduler consumes are pinned in {@code src/test/resources/golden/} ({@code -Dgolden.update=true} rewrites them).
 */
@QuarkusTest
@WithKubernetesTestServer(setup = Cluster.class)
@QuarkusTestResource(AnalyzerContract.class)
class ExtenderVerbsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    NodeCache nodes;

    @BeforeEach
    void synced() {
        await().atMost(Duration.ofSeconds(20)).until(() -> nodes.synced() && nodes.get("worker-c2") != null);
    }

    private static Response post(String verb, String file) {
        return given().contentType("application/json").body(Requests.bytes(file)).post("/" + verb);
    }

    private static JsonNode ok(Response response) throws IOException {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        return JSON.readTree(response.asByteArray());
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    @Test
    void filterByNameRemovesThrottledNodes() throws IOException {
        Response response = post("filter", "names-mixed.json");
        JsonNode result = ok(response);
        assertThat(result.get("Nodes").isNull()).isTrue();
        assertThat(texts(result.get("NodeNames"))).containsExactly("worker-a1", "worker-c1");
        assertThat(result.get("FailedNodes").get("worker-b1").asText()).contains("(cpufreq)");
        assertThat(result.get("FailedNodes").get("worker-c2").asText()).contains("(power-limit)");
        assertThat(result.get("Error").asText()).isEmpty();
        Golden.check("filter-names-mixed.json", response.asByteArray());
    }

    @Test
    void filterWithNodeListReturnsTheRequestsNodes() throws IOException {
        Response response = post("filter", "nodes-mixed.json");
        JsonNode result = ok(response);
        assertThat(result.get("NodeNames").isNull()).isTrue();
        JsonNode sent = JSON.readTree(Requests.bytes("nodes-mixed.json")).get("Nodes").get("items");
        JsonNode items = result.get("Nodes").get("items");
        assertThat(items).hasSize(2);
        assertThat(items.get(0)).isEqualTo(sent.get(0));
        assertThat(items.get(1)).isEqualTo(sent.get(2));
        assertThat(result.get("FailedNodes").fieldNames()).toIterable().containsExactly("worker-b1", "worker-c2");
        Golden.check("filter-nodes-mixed.json", response.asByteArray());
    }

    @ParameterizedTest
    @ValueSource(strings = {"names-all-throttled.json", "nodes-all-throttled.json"})
    void whenEveryNodeIsThrottledAllAreKept(String file) throws IOException {
        JsonNode result = ok(post("filter", file));
        List<String> kept = result.get("NodeNames").isNull() ? texts(result.get("Nodes").get("items").findValues("name").stream()
                .filter(JsonNode::isTextual).collect(JSON::createArrayNode, (array, node) -> array.add(node), (a, b) -> a.addAll(b)))
                : texts(result.get("NodeNames"));
        assertThat(kept).containsExactly("worker-b1", "worker-c2");
        assertThat(result.get("FailedNodes").size()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"names-mixed.json", "nodes-mixed.json"})
    void prioritizeWithoutEnergyScoresUnthrottledAboveThrottled(String file) throws IOException {
        // unthrottled 10, throttled 0: the answer lists the candidates above the lowest score, less it (the throttled at 0 are left out)
        JsonNode result = ok(post("prioritize", file));
        assertThat(result.toString()).isEqualTo("[{\"Host\":\"worker-a1\",\"Score\":10},{\"Host\":\"worker-c1\",\"Score\":10}]");
    }

    @Test
    void prioritizeEnergyAwareFromThePlacementRanking() throws IOException {
        // golden-c never ran (0 W, best), golden-b 95.25 W, golden-a 182.5 W; worker-new is unknown to the cache
        Response response = post("prioritize", "names-energy-aware.json");
        // scores 5, 2, 10, 4 and 5 (unknown): written less the lowest, 2, and worker-b1 at it left out
        assertThat(ok(response).toString()).isEqualTo("[{\"Host\":\"worker-a1\",\"Score\":3},"
                + "{\"Host\":\"worker-c1\",\"Score\":8},{\"Host\":\"worker-c2\",\"Score\":2},{\"Host\":\"worker-new\",\"Score\":3}]");
        Golden.check("prioritize-names-energy-aware.json", response.asByteArray());
        assertThat(ok(post("prioritize", "nodes-energy-aware.json")).toString()).isEqualTo("[{\"Host\":\"worker-a1\",\"Score\":3},"
                + "{\"Host\":\"worker-c1\",\"Score\":8},{\"Host\":\"worker-c2\",\"Score\":2}]");
    }

    @Test
    void unknownNodesPassTheFilter() throws IOException {
        String body = Requests.text("names-mixed.json").replace("\"NodeNames\":[\"worker-a1\"", "\"NodeNames\":[\"worker-new\",\"worker-a1\"");
        JsonNode result = ok(given().contentType("application/json").body(body).post("/filter"));
        assertThat(texts(result.get("NodeNames"))).containsExactly("worker-new", "worker-a1", "worker-c1");
    }

    /**
     * The verbs' working arrays are reused by the next request on the same event loop: answers after a larger request,
     * one that kept everything and one whose nodes were all throttled, hold nothing of theirs.
     */
    @Test
    void aRequestAfterALargerOneHoldsNothingOfIt() throws IOException {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            many.append(i == 0 ? "" : ",").append("\"worker-b1\",\"worker-a1\"");
        }
        String large = Requests.text("names-mixed.json").replaceFirst("\"NodeNames\":\\[[^]]*]", "\"NodeNames\":[" + many + "]");
        for (int round = 0; round < 8; round++) { // over every event loop thread
            JsonNode filteredLarge = ok(given().contentType("application/json").body(large).post("/filter"));
            assertThat(filteredLarge.get("NodeNames")).hasSize(2000);
            assertThat(filteredLarge.get("FailedNodes").size()).isEqualTo(1); // one key, 2000 times
            assertThat(ok(given().contentType("application/json").body(large).post("/prioritize"))).hasSize(2000); // the 2000 unthrottled
            assertThat(ok(post("filter", "names-all-throttled.json")).get("FailedNodes").size()).isZero();
            Response filtered = post("filter", "names-mixed.json");
            assertThat(ok(filtered).get("NodeNames")).hasSize(2);
            Golden.check("filter-names-mixed.json", filtered.asByteArray());
            assertThat(ok(post("prioritize", "names-mixed.json")).toString()).isEqualTo("[{\"Host\":\"worker-a1\",\"Score\":10},"
                    + "{\"Host\":\"worker-c1\",\"Score\":10}]");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"names-empty.json", "nodes-empty.json"})
    void emptyNodeListsAnswerEmptyResults(String file) throws IOException {
        JsonNode filter = ok(post("filter", file));
        JsonNode kept = file.startsWith("names") ? filter.get("NodeNames") : filter.get("Nodes").get("items");
        assertThat(kept.isArray() && kept.isEmpty()).as(filter.toString()).isTrue();
        assertThat(ok(post("prioritize", file)).toString()).isEqualTo("[]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"filter", "prioritize", "bind"})
    void malformedJsonIs400WithError(String verb) throws IOException {
        Response response = post(verb, "malformed.json");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.asByteArray()).get("Error").asText()).startsWith("malformed JSON");
    }

    @ParameterizedTest
    @ValueSource(strings = {"filter", "prioritize"})
    void missingPodIs400(String verb) throws IOException {
        Response response = post(verb, "no-pod.json");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.asByteArray()).get("Error").asText()).isEqualTo("ExtenderArgs without Pod");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "wrong type     | {\"PodName\": {\"a\": 1}, \"PodNamespace\": \"b\", \"Node\": \"n\"} | field 'PodName': expected a string, got an object",
            "cut short      | {\"PodName\": \"p\"                                       | malformed JSON: the body ends at line 1",
            "not JSON       | PodName=p                                                 | malformed JSON at line 1, column 1: unrecognized token 'PodName'",
            "a list         | [\"p\"]                                                   | the body: expected an object, got a list",
            "unknown field  | {\"PodName\": \"p\", \"Extra\": 1}                          | ExtenderBindingArgs needs PodName, PodNamespace and Node",
            "empty body     | ''                                                        | ExtenderBindingArgs needs PodName, PodNamespace and Node",
    })
    void badBindBodiesSayWhatIsWrongInWords(String what, String body, String error) throws IOException {
        Response response = given().contentType("application/json").body(body).post("/bind");
        assertThat(response.statusCode()).isEqualTo(400);
        String said = JSON.readTree(response.asByteArray()).get("Error").asText();
        assertThat(said).startsWith(error);
        assertThat(ErrorWords.internalsIn(said)).as(said).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"filter", "prioritize"})
    void aTruncatedBodySaysWhereInWords(String verb) throws IOException {
        Response response = post(verb, "malformed.json");
        String said = JSON.readTree(response.asByteArray()).get("Error").asText();
        assertThat(said).startsWith("malformed JSON: Unexpected end-of-input: expected a string at byte 105");
        assertThat(ErrorWords.internalsIn(said)).as(said).isEmpty();
    }

    @Test
    void bindWithoutNodeIs400() {
        Response response = given().contentType("application/json").body("{\"PodName\":\"p\",\"PodNamespace\":\"batch\"}").post("/bind");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.asString()).contains("needs PodName, PodNamespace and Node");
    }

    @Test
    void bindToAnUnthrottledNodeCreatesTheBinding() throws IOException {
        Bindings bindings = new Bindings();
        bindings.expect(server, Cluster.NAMESPACE, "plain-bind", 201);
        Response response = given().contentType("application/json")
                .body("{\"PodName\":\"plain-bind\",\"PodNamespace\":\"batch\",\"PodUID\":\"9b1f\",\"Node\":\"worker-a1\"}").post("/bind");
        assertThat(ok(response).toString()).isEqualTo("{\"Error\":\"\"}");
        assertThat(bindings.received()).singleElement().satisfies(binding -> {
            assertThat(binding.getMetadata().getName()).isEqualTo("plain-bind");
            assertThat(binding.getMetadata().getNamespace()).isEqualTo("batch");
            assertThat(binding.getMetadata().getUid()).isEqualTo("9b1f");
            assertThat(binding.getTarget().getKind()).isEqualTo("Node");
            assertThat(binding.getTarget().getName()).isEqualTo("worker-a1");
        });
    }

    @Test
    void aBindingTheApiServerRefusesIsAnError() throws IOException {
        new Bindings().expect(server, Cluster.NAMESPACE, "gone", 404);
        Response response = given().contentType("application/json")
                .body("{\"PodName\":\"gone\",\"PodNamespace\":\"batch\",\"PodUID\":\"u\",\"Node\":\"worker-a1\"}").post("/bind");
        assertThat(ok(response).get("Error").asText()).startsWith("binding pod batch/gone to node worker-a1 failed");
    }

    @Test
    void metrics() {
        post("filter", "names-mixed.json");
        String metrics = given().get("/metrics").asString();
        assertThat(metrics).contains("extender_verdicts_total{verb=\"filter\",verdict=\"throttled-removed\"}")
                .contains("extender_request_duration_seconds_count{verb=\"filter\"}")
                .contains("extender_nodes_cached");
    }

    @ParameterizedTest
    @ValueSource(strings = {"filter", "prioritize"})
    void aVerbIsPostOnly(String verb) {
        Response response = given().get("/" + verb);
        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.header("Allow")).isEqualTo("POST");
        assertThat(response.asString()).isEqualTo("{\"Error\":\"GET /" + verb + ": kube-scheduler's extender verbs are POST only\"}");
    }

    @Test
    void openApiDescribesTheThreeVerbs() throws IOException {
        JsonNode paths = JSON.readTree(given().queryParam("format", "json").get("/q/openapi").asByteArray()).get("paths");
        assertThat(paths.path("/filter").path("post").path("responses").path("200").path("content")
                .path("application/json").path("schema").path("$ref").asText()).isEqualTo("#/components/schemas/ExtenderFilterResult");
        assertThat(paths.path("/prioritize").path("post").path("requestBody").isMissingNode()).isFalse();
        assertThat(paths.path("/bind").path("post").isMissingNode()).isFalse();
    }

    private void annotate(String node, String throttled, String reason) {
        server.getClient().nodes().withName(node).edit(n -> {
            n.getMetadata().getAnnotations().put(NodeState.THROTTLED, throttled);
            if (reason == null) {
                n.getMetadata().getAnnotations().remove(NodeState.THROTTLE_REASON);
            } else {
                n.getMetadata().getAnnotations().put(NodeState.THROTTLE_REASON, reason);
            }
            return n;
        });
    }

    /** A throttled annotation the informer delivered is in the very next filter and prioritize answers, and so is its removal. */
    @Test
    void aChangeTheCacheSawIsInTheNextAnswer() throws IOException {
        assertThat(texts(ok(post("filter", "names-mixed.json")).get("NodeNames"))).containsExactly("worker-a1", "worker-c1");
        try {
            annotate("worker-a1", "true", "power-limit");
            await().atMost(Duration.ofSeconds(20)).until(() -> nodes.get("worker-a1").throttled());
            JsonNode result = ok(post("filter", "names-mixed.json"));
            assertThat(texts(result.get("NodeNames"))).containsExactly("worker-c1");
            assertThat(result.get("FailedNodes").get("worker-a1").asText()).contains("(power-limit)");
            assertThat(ok(post("prioritize", "names-mixed.json")).toString()).isEqualTo("[{\"Host\":\"worker-c1\",\"Score\":10}]");
        } finally {
            annotate("worker-a1", "false", null);
            await().atMost(Duration.ofSeconds(20)).until(() -> !nodes.get("worker-a1").throttled());
        }
        assertThat(texts(ok(post("filter", "names-mixed.json")).get("NodeNames"))).containsExactly("worker-a1", "worker-c1");
    }

    /** Names written with escapes are decoded, found in the cache, and answered as valid JSON naming the same nodes. */
    @Test
    void namesWithEscapes() throws IOException {
        String body = Requests.text("names-mixed.json").replace("\"worker-a1\"", "\"worker\\u002da1\"")
                .replace("\"worker-b1\"", "\"worker-\\u0062\\u0031\"");
        assertThat(body).contains("worker\\u002da1");
        JsonNode result = ok(given().contentType("application/json").body(body).post("/filter"));
        assertThat(texts(result.get("NodeNames"))).containsExactly("worker-a1", "worker-c1");
        assertThat(result.get("FailedNodes").has("worker-b1")).isTrue();
        assertThat(ok(given().contentType("application/json").body(body).post("/prioritize")).toString())
                .isEqualTo("[{\"Host\":\"worker-a1\",\"Score\":10},{\"Host\":\"worker-c1\",\"Score\":10}]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"filter", "prioritize"})
    void aMalformedNameIs400(String verb) throws IOException {
        String body = Requests.text("names-mixed.json").replace("\"worker-a1\"", "\"worker\\qa1\"");
        Response response = given().contentType("application/json").body(body).post("/" + verb);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.asByteArray()).get("Error").asText()).startsWith("malformed JSON");
    }
}
