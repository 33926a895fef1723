package io.escheduler.analyzer.runs;

import io.escheduler.analyzer.ApiTokens;
import io.escheduler.analyzer.PostgresResource;
import io.escheduler.analyzer.reports.DatabaseOnlyProfile;
import io.escheduler.testing.ErrorWords;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/** {@code POST /v1/runs} as a Slurm epilog calls it, against a real PostgreSQL. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@TestProfile(DatabaseOnlyProfile.class)
class RunsResourceTest {

    private static final Instant START = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
    private static final Instant END = START.plus(1, ChronoUnit.HOURS);

    private String cluster;

    /** A fresh system with three nodes for each test, so tests do not see each other's runs. */
    @BeforeEach
    void system() {
        cluster = "cluster-" + UUID.randomUUID().toString().substring(0, 8);
        QuarkusTransaction.requiringNew().run(() -> {
            ComputingSystem system = ComputingSystem.named(cluster);
            for (String node : List.of("n1", "n2", "n3")) {
                NodeEntry entry = new NodeEntry();
                entry.name = cluster + "-" + node;
                entry.system = system;
                entry.updatedAt = Instant.now();
                entry.persist();
            }
        });
    }

    private static RequestSpecification api() {
        return ApiTokens.asWriter();
    }

    private String body(String nodes) {
        return "{\"program\": \"lulesh\", \"nodes\": " + nodes + ", \"start\": \"" + START + "\", \"end\": \"" + END + "\"}";
    }

    private String node(int i) {
        return "\"" + cluster + "-n" + i + "\"";
    }

    @Test
    void recordsARunOnceWhateverTheNodeOrder() {
        int id = api().body(body("[" + node(2) + ", " + node(1) + "]")).post("/v1/runs").then().statusCode(201)
                .header("Location", containsString("/v1/runs/"))
                .body("program", equalTo("lulesh"))
                .body("system", equalTo(cluster))
                .body("nodes", contains(cluster + "-n1", cluster + "-n2"))
                .body("status", equalTo("pending"))
                .body("source", equalTo("rest"))
                .body("durationSeconds", equalTo(3600.0f))
                .extract().path("id");

        api().body(body("[" + node(1) + ", " + node(2) + "]")).post("/v1/runs").then().statusCode(200).body("id", equalTo(id));
        given().get("/v1/runs/" + id).then().statusCode(200).body("id", equalTo(id));
        assertThat(QuarkusTransaction.requiringNew().call(() -> Run.count("system.name", cluster))).isEqualTo(1);
    }

    @Test
    void theSystemAloneMeansAllItsNodes() {
        api().body("{\"program\": \"hpl\", \"system\": \"" + cluster + "\", \"start\": \"" + START + "\", \"end\": \"" + END + "\"}")
                .post("/v1/runs").then().statusCode(201)
                .body("nodes", contains(cluster + "-n1", cluster + "-n2", cluster + "-n3"));
    }

    @Test
    void aClientIdMakesTheRunUnique() {
        String id = "slurm-" + UUID.randomUUID();
        int first = api().body("{\"program\": \"hpl\", \"nodes\": [" + node(1) + "], \"start\": \"" + START + "\", \"end\": \"" + END
                + "\", \"id\": \"" + id + "\"}").post("/v1/runs").then().statusCode(201).extract().path("id");
        api().body("{\"program\": \"hpl\", \"nodes\": [" + node(3) + "], \"start\": \"" + START + "\", \"end\": \"" + END
                + "\", \"id\": \"" + id + "\"}").post("/v1/runs").then().statusCode(200).body("id", equalTo(first))
                .body("nodes", contains(cluster + "-n1"));
    }

    @Test
    void concurrentDuplicatesRecordOneRun() {
        List<CompletableFuture<Integer>> posts = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            posts.add(CompletableFuture.supplyAsync(() -> api().body(body("[" + node(3) + "]")).post("/v1/runs").then().extract().statusCode()));
        }
        List<Integer> statuses = posts.stream().map(CompletableFuture::join).toList();

        assertThat(statuses).containsOnly(200, 201).containsOnlyOnce(201);
        assertThat(QuarkusTransaction.requiringNew().call(() -> Run.count("system.name", cluster))).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "missing program   | 400 | {\"nodes\": [\"NODE1\"], \"start\": \"START\", \"end\": \"END\"}                       | program is required",
            "missing end       | 400 | {\"program\": \"p\", \"nodes\": [\"NODE1\"], \"start\": \"START\"}                     | start and end are required",
            "no system, nodes  | 400 | {\"program\": \"p\", \"start\": \"START\", \"end\": \"END\"}                           | give the system the run used",
            "end 2 min ahead   | 422 | {\"program\": \"p\", \"nodes\": [\"NODE1\"], \"start\": \"START\", \"end\": \"AHEAD\"} | is in the future: report a run once it has finished",
            "end before start  | 422 | {\"program\": \"p\", \"nodes\": [\"NODE1\"], \"start\": \"END\", \"end\": \"START\"}   | is not after start",
            "unknown node      | 422 | {\"program\": \"p\", \"nodes\": [\"NODE1\", \"ghost\"], \"start\": \"START\", \"end\": \"END\"} | unknown node(s) [ghost]",
            "unknown system    | 422 | {\"program\": \"p\", \"system\": \"nowhere\", \"start\": \"START\", \"end\": \"END\"}   | unknown system 'nowhere'",
            "malformed time    | 400 | {\"program\": \"p\", \"nodes\": [\"NODE1\"], \"start\": \"yesterday\", \"end\": \"END\"} | field 'start': expected a date and time such as 2026-11-25T08:00:00Z, got \"yesterday\"",
            "unknown field     | 400 | {\"program\": \"p\", \"node\": [\"NODE1\"], \"start\": \"START\", \"end\": \"END\"}     | unknown field 'node'; expected one of: end, id, nodes, program, start, system",
            "wrong type        | 400 | {\"program\": [\"p\"], \"nodes\": [\"NODE1\"], \"start\": \"START\", \"end\": \"END\"} | field 'program': expected a string, got a list",
            "nodes not a list  | 400 | {\"program\": \"p\", \"nodes\": {\"a\": 1}, \"start\": \"START\", \"end\": \"END\"}   | field 'nodes': expected a list, got an object",
            "malformed JSON    | 400 | {\"program\": \"p\", \"nodes\": [\"NODE1\"],                                 | malformed JSON: the body ends at line 1",
            "not JSON          | 400 | program=p&nodes=NODE1                                                      | malformed JSON at line 1, column 1: unrecognized token 'program'",
            "not an object     | 400 | [\"p\"]                                                                   | the body: expected an object, got a list",
            "empty body        | 400 | ''                                                                          | a JSON body is required",
    })
    void refusalsSayWhyAndRecordNothing(String what, int status, String body, String error) {
        String request = body.replace("NODE1", cluster + "-n1").replace("START", START.toString()).replace("END", END.toString())
                .replace("AHEAD", Instant.now().plusSeconds(120).truncatedTo(ChronoUnit.SECONDS).toString());

        String answer = api().body(request).post("/v1/runs").then().statusCode(status).body("error", containsString(error))
                .extract().asString();

        assertThat(ErrorWords.internalsIn(answer)).as(answer).isEmpty();
        assertThat(QuarkusTransaction.requiringNew().call(() -> Run.count("system.name", cluster))).isZero();
    }

    @Test
    void anEndUpTo60SecondsAheadIsTakenForClocksThatDiffer() {
        Instant end = Instant.now().plusSeconds(30).truncatedTo(ChronoUnit.SECONDS);
        api().body("{\"program\": \"p\", \"nodes\": [" + node(1) + "], \"start\": \"" + end.minusSeconds(600) + "\", \"end\": \"" + end
                + "\"}").post("/v1/runs").then().statusCode(201);
    }

    @Test
    void nodesOfTwoSystemsAreOneRunTooMany() {
        String other = "other-" + UUID.randomUUID().toString().substring(0, 8);
        QuarkusTransaction.requiringNew().run(() -> {
            NodeEntry entry = new NodeEntry();
            entry.name = other + "-n1";
            entry.system = ComputingSystem.named(other);
            entry.updatedAt = Instant.now();
            entry.persist();
        });

        api().body(body("[" + node(1) + ", \"" + other + "-n1\"]")).post("/v1/runs").then().statusCode(422)
                .body("error", startsWith("the nodes belong to different systems"));
    }

    @Test
    void unknownRunIs404() {
        given().get("/v1/runs/999999999").then().statusCode(404).body("error", equalTo("no run 999999999"));
    }
}
