package io.escheduler.analyzer;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.restassured.RestAssured.given;

/**
 * The analyzer's token file for tests in token-file mode ({@code energy-analyzer.auth.token-file}), under
 * {@code target/}: one token, {@link #WRITER}, named {@code test-epilog}. Profiles put {@link #file()} in their
 * configuration; tests that write present the token with {@link #asWriter()}.
 */
public final class ApiTokens {

    public static final String WRITER = "test-writer-token-5f1c";
    public static final String NAME = "test-epilog";

    private static final Path FILE = Path.of("target", "analyzer-auth", "tokens").toAbsolutePath();

    private ApiTokens() {
    }

    /** The token file, written when first asked for. */
    public static synchronized String file() {
        try {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, "# the analyzer's tests\n" + WRITER + "  " + NAME + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return FILE.toString();
    }

    /** A JSON request with the writer's token. */
    public static RequestSpecification asWriter() {
        return given().contentType(ContentType.JSON).auth().oauth2(WRITER);
    }
}
