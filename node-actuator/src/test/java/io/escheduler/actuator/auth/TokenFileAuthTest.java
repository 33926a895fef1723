package io.escheduler.actuator.auth;

import io.escheduler.actuator.FixtureNode;
import io.escheduler.auth.TokenHash;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/** {@code token-file} mode end to end: tokens, names, rotation without restart, unreadable file. */
@QuarkusTest
@TestProfile(TokenFileProfile.class)
@QuarkusTestResource(value = FixtureNode.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = "auth", value = "set by TokenFileProfile"))
class TokenFileAuthTest {

    private static final String ECHO = "/v1/test-echo";

    @AfterEach
    void restoreFile() {
        TokenFileProfile.write(TokenFileProfile.ORIGINAL);
    }

    @Test
    void listedTokenIsAllowedUnderItsName() {
        given().auth().oauth2("file-token-one").get(ECHO).then().statusCode(200)
                .body("identity", equalTo("ops-script"));
    }

    @Test
    void unnamedTokenIsKnownByItsFingerprint() {
        given().auth().oauth2("file-token-two").get(ECHO).then().statusCode(200)
                .body("identity", equalTo("token sha256:" + TokenHash.of("file-token-two").fingerprint()));
    }

    @Test
    void unknownOrMissingTokenIsUnauthenticated() {
        given().auth().oauth2("file-token-three").get(ECHO).then().statusCode(401)
                .header("WWW-Authenticate", "Bearer realm=\"node-actuator\", error=\"invalid_token\"")
                .body("error", equalTo("unauthenticated"));
        given().auth().oauth2("ops-script").get(ECHO).then().statusCode(401);
        given().get(ECHO).then().statusCode(401).header("WWW-Authenticate", startsWith("Bearer"));
        given().auth().oauth2("file-token-one").get(ECHO + "/non-blocking").then().statusCode(200)
                .body("identity", equalTo("ops-script"));
    }

    @Test
    void rotatedFileTakesEffectWithoutRestart() {
        given().auth().oauth2("file-token-one").get(ECHO).then().statusCode(200);

        TokenFileProfile.write("file-token-three rotated\n");

        given().auth().oauth2("file-token-three").get(ECHO).then().statusCode(200).body("identity", equalTo("rotated"));
        given().auth().oauth2("file-token-one").get(ECHO).then().statusCode(401);
        given().auth().oauth2("file-token-two").get(ECHO).then().statusCode(401);
    }

    @Test
    void missingFileRefusesEveryoneUntilItIsBack() throws Exception {
        Files.delete(TokenFileProfile.FILE);
        given().auth().oauth2("file-token-one").get(ECHO).then().statusCode(503)
                .header("Retry-After", "5")
                .body("error", equalTo("authentication unavailable"));

        TokenFileProfile.write(TokenFileProfile.ORIGINAL);
        given().auth().oauth2("file-token-one").get(ECHO).then().statusCode(200);
    }
}
