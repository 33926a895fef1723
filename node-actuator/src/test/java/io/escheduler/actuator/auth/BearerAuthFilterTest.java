package io.escheduler.actuator.auth;

import io.escheduler.actuator.FixtureNode;
import io.escheduler.auth.AuthCounts;
import io.escheduler.auth.TokenReviewApi;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.startsWith;

/** {@code token-review} mode against the Kubernetes mock server (see {@link TokenReviewApi} for its tokens). */
@QuarkusTest
@WithKubernetesTestServer
@QuarkusTestResource(value = FixtureNode.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = "auth", value = "token-review"))
class BearerAuthFilterTest {

    private static final String EXTENDER = "system:serviceaccount:escheduler:scheduler-extender";
    private static final String ECHO = "/v1/test-echo";

    @KubernetesTestServer
    KubernetesServer server;

    @TestHTTPResource(ECHO)
    URI echo;

    private TokenReviewApi api;

    @BeforeEach
    void installTokenReviews() {
        api = TokenReviewApi.install(server);
    }

    @Test
    void noHeaderIsUnauthenticatedWithAChallenge() {
        given().get(ECHO).then().statusCode(401)
                .header("WWW-Authenticate", "Bearer realm=\"node-actuator\"")
                .contentType("application/json")
                .body("error", equalTo("unauthenticated"))
                .body("detail", containsString("Bearer"));
        assertThat(api.total()).isZero();
    }

    @Test
    void malformedHeadersAreUnauthenticatedWithoutAReview() {
        for (String header : List.of("Basic dXNlcjpwYXNz", "Bearer", "Bearer    ", "", "good-extender-token", "Bearer a b")) {
            given().header("Authorization", header).get(ECHO).then().statusCode(401)
                    .header("WWW-Authenticate", startsWith("Bearer"))
                    .body("error", equalTo("unauthenticated"));
        }
        given().header("Authorization", "Bearer good-extender-token").header("Authorization", "Bearer good-extender-token")
                .get(ECHO).then().statusCode(401);
        assertThat(api.total()).isZero();
    }

    @Test
    void allowedServiceAccountReachesTheResourceWithItsIdentity() {
        given().auth().oauth2("good-extender-token").get(ECHO).then().statusCode(200)
                .body("identity", equalTo(EXTENDER))
                .body("authenticated", equalTo(true))
                // post-matching filter + blocking resource: everything ran on a worker thread
                .body("thread", startsWith("executor-thread"));
    }

    @Test
    void schemeIsCaseInsensitive() {
        given().header("Authorization", "bearer good-extender-token").get(ECHO).then().statusCode(200)
                .body("identity", equalTo(EXTENDER));
    }

    @ParameterizedTest
    @CsvSource({"GET, /v1/state", "PUT, /v1/cpufreq", "PUT, /v1/power-limit", "DELETE, /v1/power-limit", "POST, /v1/restore"})
    void everyActuatorEndpointNeedsAnAllowedToken(String method, String path) {
        given().contentType(ContentType.JSON).body("{}").request(method, path).then().statusCode(401)
                .header("WWW-Authenticate", startsWith("Bearer"));
        given().auth().oauth2("forged-token").contentType(ContentType.JSON).body("{}").request(method, path).then().statusCode(401);
        given().auth().oauth2("other-sa-token").contentType(ContentType.JSON).body("{}").request(method, path).then().statusCode(403);
    }

    @Test
    void allowedServiceAccountReadsTheState() {
        given().auth().oauth2("good-extender-token").get("/v1/state").then().statusCode(200);
    }

    @Test
    void serviceAccountNotOnTheAllowListIsForbidden() {
        Response response = given().auth().oauth2("other-sa-token").get(ECHO);
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.jsonPath().getString("error")).isEqualTo("forbidden");
        assertThat(response.jsonPath().getString("detail"))
                .contains("system:serviceaccount:default:nosy")
                .contains("escheduler:scheduler-extender", "escheduler:power-manager");
        assertThat(response.asString()).doesNotContain("other-sa-token");
        assertThat(response.header("WWW-Authenticate")).isNull();
    }

    @Test
    void tokenTheApiServerRejectsIsUnauthenticated() {
        Response response = given().auth().oauth2("forged-token").get(ECHO);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"node-actuator\", error=\"invalid_token\"");
        assertThat(response.jsonPath().getString("error")).isEqualTo("unauthenticated");
        assertThat(response.asString()).doesNotContain("forged-token");
    }

    @Test
    void reviewsAskForTheNodeActuatorAudience() {
        given().auth().oauth2("good-extender-token-audience").get(ECHO).then().statusCode(200);
        assertThat(api.audiencesAsked()).isNotEmpty().allSatisfy(asked -> assertThat(asked).containsExactly("node-actuator"));
    }

    @Test
    void answerThatIgnoredTheAudienceIsUnauthenticated() {
        Response response = given().auth().oauth2("audience-unaware-token").get(ECHO);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"node-actuator\", error=\"invalid_token\"");
        assertThat(response.asString()).doesNotContain("audience-unaware-token");
    }

    @Test
    void apiServerFailureIsServiceUnavailableAndNotCached() {
        for (int attempt = 1; attempt <= 2; attempt++) {
            Response response = given().auth().oauth2("api-500-token").get(ECHO);
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.header("Retry-After")).isEqualTo("5");
            assertThat(response.jsonPath().getString("error")).isEqualTo("authentication unavailable");
            assertThat(response.jsonPath().getString("detail")).contains("HTTP 500");
            assertThat(response.asString()).doesNotContain("api-500-token");
            // one review per request: not cached, and not retried behind the caller's back
            assertThat(api.reviewsOf("api-500-token")).isEqualTo(attempt);
        }
    }

    @Test
    void answersAreCachedPerToken() {
        String allowed = "good-extender-token-cache";
        String rejected = "forged-token-cache";
        String forbidden = "other-sa-token-cache";
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(allowed).get(ECHO).then().statusCode(200).body("identity", equalTo(EXTENDER));
            given().auth().oauth2(rejected).get(ECHO).then().statusCode(401);
            given().auth().oauth2(forbidden).get(ECHO).then().statusCode(403);
        }
        assertThat(api.reviewsOf(allowed)).isEqualTo(1);
        assertThat(api.reviewsOf(rejected)).isEqualTo(1);
        assertThat(api.reviewsOf(forbidden)).isEqualTo(1);
    }

    @Test
    void nonBlockingResourceGetsItsReviewDoneOffTheEventLoop() {
        given().auth().oauth2("good-extender-token-event-loop").get(ECHO + "/non-blocking").then().statusCode(200)
                .body("identity", equalTo(EXTENDER))
                .body("thread", containsString("eventloop"));
        given().auth().oauth2("other-sa-token-event-loop").get(ECHO + "/non-blocking").then().statusCode(403);
        given().get(ECHO + "/non-blocking").then().statusCode(401);
        assertThat(api.reviewsOf("good-extender-token-event-loop")).isEqualTo(1);
    }

    @Test
    void concurrentRequestsEachGetTheirOwnAnswer() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        record Call(String token, String path, int expected, CompletableFuture<HttpResponse<String>> response) {
        }
        List<Call> calls = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String path = i % 3 == 0 ? ECHO + "/non-blocking" : ECHO;
            String token;
            int expected;
            switch (i % 4) {
                case 0 -> { token = "good-extender-token-load-" + (i % 10); expected = 200; }
                case 1 -> { token = "other-sa-token-load-" + (i % 10); expected = 403; }
                case 2 -> { token = "forged-token-load-" + (i % 10); expected = 401; }
                default -> { token = null; expected = 401; }
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(echo.resolve(path)).GET();
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            calls.add(new Call(token, path, expected, client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())));
        }
        for (Call call : calls) {
            HttpResponse<String> response = call.response().get(30, TimeUnit.SECONDS);
            assertThat(response.statusCode()).as("%s with %s", call.path(), call.token()).isEqualTo(call.expected());
            if (call.expected() == 200) {
                assertThat(response.body()).contains(EXTENDER);
            }
        }
        // a burst with a token not yet reviewed waits for one review, instead of sending one per request
        for (Call call : calls) {
            if (call.token() != null) {
                assertThat(api.reviewsOf(call.token())).as("reviews of %s", call.token()).isEqualTo(1);
            }
        }
    }

    @Test
    void decisionsAreCounted() {
        double forbidden = authTotal("forbidden");
        double unauthenticated = authTotal("unauthenticated");
        double allowed = authTotal("allowed");
        double error = authTotal("error");
        given().auth().oauth2("other-sa-token-metrics").get(ECHO).then().statusCode(403);
        given().get(ECHO).then().statusCode(401);
        given().auth().oauth2("good-extender-token").get(ECHO).then().statusCode(200);
        given().auth().oauth2("api-500-metrics").get(ECHO).then().statusCode(503);
        assertThat(authTotal("forbidden")).isEqualTo(forbidden + 1);
        assertThat(authTotal("unauthenticated")).isEqualTo(unauthenticated + 1);
        assertThat(authTotal("allowed")).isEqualTo(allowed + 1);
        assertThat(authTotal("error")).isEqualTo(error + 1);
    }

    @Test
    void healthMetricsAndOpenApiNeedNoToken() {
        assertThat(given().get("/q/health/live").statusCode()).isIn(200, 503);
        assertThat(given().get("/q/health").statusCode()).isIn(200, 503);
        given().get("/q/openapi").then().statusCode(200);
        given().get("/metrics").then().statusCode(200)
                .body(containsString("node_actuator_auth_total{outcome=\"error\"}"));
        assertThat(api.total()).isZero();
    }

    @Test
    void openApiDeclaresTheBearerScheme() {
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("components.securitySchemes.bearer.type", equalTo("http"))
                .body("components.securitySchemes.bearer.scheme", equalTo("bearer"))
                .body("paths.'/v1/test-echo'.get.security[0]", hasKey("bearer"));
    }

    static double authTotal(String outcome) {
        return AuthCounts.total(given().get("/metrics").asString(), "node-actuator", outcome);
    }
}
