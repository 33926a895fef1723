package io.escheduler.analyzer.auth;

import io.escheduler.analyzer.PostgresResource;
import io.escheduler.analyzer.runs.Run;
import io.escheduler.auth.AuthCounts;
import io.escheduler.auth.TokenReviewApi;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;

/**
 * The analyzer's API in token-review mode (its Kubernetes default) against the Kubernetes mock's TokenReview
 * ({@link TokenReviewApi}): writes need a token of a writer service account, reads stay open. What the end-to-end test
 * of the services side by side drives: {@code POST /v1/runs} without a token is 401, with a foreign service account's
 * 403, with {@code escheduler:run-reporter}'s 201.
 */
@QuarkusTest
@WithKubernetesTestServer
@TestProfile(TokenReviewAuthTest.TokenReview.class)
@QuarkusTestResource(PostgresResource.class)
class TokenReviewAuthTest {

    static final String SYSTEM = "auth-sys";
    static final String NODE = "auth-n1";

    /** Token review with the default allow-lists; one configured system to record runs on; no informers. */
    public static class TokenReview implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "energy-analyzer.kubernetes.enabled", "false",
                    "energy-analyzer.auth.mode", "token-review",
                    "energy-analyzer.systems.members." + SYSTEM, NODE,
                    "quarkus.scheduler.enabled", "false",
                    "quarkus.datasource.devservices.enabled", Boolean.toString(PostgresResource.dockerAnswers()));
        }
    }

    @KubernetesTestServer
    KubernetesServer server;

    private TokenReviewApi api;
    private String program;

    @BeforeEach
    void installTokenReviews() {
        api = TokenReviewApi.install(server);
        program = "auth-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private String run() {
        Instant end = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        return "{\"program\": \"" + program + "\", \"nodes\": [\"" + NODE + "\"], \"start\": \"" + end.minusSeconds(600)
                + "\", \"end\": \"" + end + "\"}";
    }

    private static RequestSpecification json() {
        return given().contentType(ContentType.JSON);
    }

    private long runsOfProgram() {
        return QuarkusTransaction.requiringNew().call(() -> Run.count("program.name", program));
    }

    @Test
    void aWriteWithoutTokenIsUnauthenticatedAndRecordsNothing() {
        json().body(run()).post("/v1/runs").then().statusCode(401)
                .header("WWW-Authenticate", "Bearer realm=\"energy-analyzer\"")
                .contentType("application/json")
                .body("error", equalTo("unauthenticated"))
                .body("detail", containsString("Authorization: Bearer"));
        json().auth().oauth2("forged-token").body(run()).post("/v1/runs").then().statusCode(401)
                .header("WWW-Authenticate", "Bearer realm=\"energy-analyzer\", error=\"invalid_token\"");
        assertThat(runsOfProgram()).isZero();
        assertThat(api.reviewsOf("forged-token")).isEqualTo(1);
    }

    @Test
    void aForeignServiceAccountIsForbiddenAndTheExtenderMayNotWrite() {
        Response nosy = json().auth().oauth2("other-sa-token").body(run()).post("/v1/runs");
        assertThat(nosy.statusCode()).isEqualTo(403);
        assertThat(nosy.jsonPath().getString("error")).isEqualTo("forbidden");
        assertThat(nosy.jsonPath().getString("detail")).contains(TokenReviewApi.NOSY, "POST /v1/runs", "escheduler:run-reporter")
                .doesNotContain("scheduler-extender");
        json().auth().oauth2("good-extender-token").body(run()).post("/v1/runs").then().statusCode(403)
                .body("detail", containsString(TokenReviewApi.EXTENDER));
        assertThat(runsOfProgram()).isZero();
    }

    @Test
    void tokensMustBeMadeForTheAnalyzer() {
        json().auth().oauth2("good-reporter-token-audience").body(run()).post("/v1/runs").then().statusCode(201);
        assertThat(api.audiencesAsked()).isNotEmpty().allSatisfy(asked -> assertThat(asked).containsExactly("energy-analyzer"));
        // an answer without audiences: the token is the API server's, not one made for the analyzer
        json().auth().oauth2("audience-unaware-token").body(run()).post("/v1/runs").then().statusCode(401)
                .body("error", equalTo("unauthenticated"));
    }

    @Test
    void theRunReporterRecordsRuns() {
        String run = run();
        json().auth().oauth2("good-reporter-token").body(run).post("/v1/runs").then().statusCode(201)
                .body("program", equalTo(program)).body("system", equalTo(SYSTEM));
        json().auth().oauth2("good-reporter-token").body(run).post("/v1/runs").then().statusCode(200);
        assertThat(runsOfProgram()).isEqualTo(1);
        assertThat(api.reviewsOf("good-reporter-token")).as("answers cached").isEqualTo(1);
    }

    @Test
    void readsAreOpenAndReviewNothing() {
        int before = api.total();
        given().get("/v1/programs").then().statusCode(200);
        given().get("/v1/placement?program=" + program).then().statusCode(200);
        given().get("/v1/reports?program=" + program).then().statusCode(404);
        given().get("/v1/runs/999999999").then().statusCode(404);
        given().get("/report/").then().statusCode(200);
        // a token on an open read is not even looked at, so a bad one does no harm
        given().auth().oauth2("forged-token-on-a-read").get("/v1/programs").then().statusCode(200);
        assertThat(api.total()).isEqualTo(before);
    }

    @Test
    void anApiServerThatCannotReviewIsServiceUnavailable() {
        json().auth().oauth2("api-500-token").body(run()).post("/v1/runs").then().statusCode(503)
                .header("Retry-After", "5")
                .body("error", equalTo("authentication unavailable"))
                .body("detail", containsString("HTTP 500"));
        assertThat(runsOfProgram()).isZero();
    }

    @Test
    void decisionsAreCounted() {
        double forbidden = authTotal("forbidden");
        double unauthenticated = authTotal("unauthenticated");
        json().auth().oauth2("other-sa-token-metrics").body(run()).post("/v1/runs").then().statusCode(403);
        json().body(run()).post("/v1/runs").then().statusCode(401);
        given().get("/v1/programs").then().statusCode(200);
        assertThat(authTotal("forbidden")).isEqualTo(forbidden + 1);
        assertThat(authTotal("unauthenticated")).isEqualTo(unauthenticated + 1);
    }

    @Test
    void openApiSaysWritesNeedTheTokenAndReadsMay() {
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("components.securitySchemes.bearer.scheme", equalTo("bearer"))
                .body("paths.'/v1/runs'.post.security[0]", hasKey("bearer"))
                .body("paths.'/v1/placement'.get.security[0].size()", equalTo(0))
                .body("paths.'/v1/placement'.get.security[1]", hasKey("bearer"));
    }

    static double authTotal(String outcome) {
        return AuthCounts.total(given().get("/metrics").asString(), "energy-analyzer", outcome);
    }
}
