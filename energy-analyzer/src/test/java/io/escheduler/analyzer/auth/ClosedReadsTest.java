package io.escheduler.analyzer.auth;

import io.escheduler.analyzer.ApiTokens;
import io.escheduler.analyzer.PostgresResource;
import io.escheduler.testing.HeadlessChromium;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * Token-file mode (outside Kubernetes) with {@code energy-analyzer.auth.reads=token}: every {@code /v1} call needs a
 * token of the file; the report page's own files, health, metrics and OpenAPI stay open.
 */
@QuarkusTest
@TestProfile(ClosedReadsTest.ClosedReads.class)
@QuarkusTestResource(PostgresResource.class)
class ClosedReadsTest {

    @TestHTTPResource("/")
    URL root;

    public static class ClosedReads implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "energy-analyzer.kubernetes.enabled", "false",
                    "energy-analyzer.auth.token-file", ApiTokens.file(),
                    "energy-analyzer.auth.reads", "token",
                    "energy-analyzer.systems.members.closed-sys", "closed-n1",
                    "quarkus.scheduler.enabled", "false",
                    "quarkus.datasource.devservices.enabled", Boolean.toString(PostgresResource.dockerAnswers()));
        }
    }

    @Test
    void readsNeedATokenOfTheFile() {
        for (String read : new String[] {"/v1/programs", "/v1/placement?program=p", "/v1/reports?program=p", "/v1/runs/1",
                "/v1/programs/p/energy"}) {
            given().get(read).then().statusCode(401)
                    .header("WWW-Authenticate", "Bearer realm=\"energy-analyzer\"")
                    .body("error", equalTo("unauthenticated"));
            given().auth().oauth2("not-in-the-file").get(read).then().statusCode(401);
        }
        given().auth().oauth2(ApiTokens.WRITER).get("/v1/programs").then().statusCode(200);
        given().auth().oauth2(ApiTokens.WRITER).get("/v1/placement?program=p").then().statusCode(200)
                .body("ranking[0].system", equalTo("closed-sys"));
    }

    @Test
    void writesNeedOneToo() {
        Instant end = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        String run = "{\"program\": \"closed\", \"nodes\": [\"closed-n1\"], \"start\": \"" + end.minusSeconds(60) + "\", \"end\": \""
                + end + "\"}";
        given().contentType("application/json").body(run).post("/v1/runs").then().statusCode(401);
        ApiTokens.asWriter().body(run).post("/v1/runs").then().statusCode(201).body("system", equalTo("closed-sys"));
    }

    @Test
    void thePageSaysThatItsReadsNeedAToken() {
        try (HeadlessChromium chromium = HeadlessChromium.start(Path.of("target", "closed-reads", "chromium"), 1024, 768)) {
            chromium.navigate(root + "report/?program=p");
            chromium.waitUntil("document.body && document.body.dataset.state === 'error'", Duration.ofSeconds(90));
            assertThat(chromium.evaluate("document.getElementById('error').textContent").asText())
                    .contains("Could not load the list of programs")
                    .contains("wants a bearer token for reads (energy-analyzer.auth.reads=token)");
            assertThat(chromium.problems()).as("only the API's 401 may be logged").allSatisfy(p -> assertThat(p).contains("401"));
        }
    }

    @Test
    void thePageHealthMetricsAndOpenApiStayOpen() {
        given().get("/report/").then().statusCode(200).contentType(containsString("text/html"));
        given().get("/report/report.js").then().statusCode(200);
        given().get("/q/health/live").then().statusCode(200);
        given().get("/metrics").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
    }
}
