package io.escheduler.actuator.auth;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.utils.ResponseProvider;
import io.quarkus.test.kubernetes.client.KubernetesServer;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The API server's {@code POST /apis/authentication.k8s.io/v1/tokenreviews} on the mock, answering
 * by the token's prefix, and counting the reviews per token:
 * <ul>
 * <li>{@code good-extender-token…} → {@code system:serviceaccount:escheduler:scheduler-extender}</li>
 * <li>{@code other-sa-token…} → {@code system:serviceaccount:default:nosy}</li>
 * <li>{@code api-500…} → HTTP 500</li>
 * <li>anything else → not authenticated</li>
 * </ul>
 * Tests use a fresh suffix where the actuator's cache must not have seen the token yet.
 */
final class TokenReviewApi implements ResponseProvider<Object> {

    static final String PATH = "/apis/authentication.k8s.io/v1/tokenreviews";

    private final Map<String, AtomicInteger> reviews = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private Headers headers = Headers.builder().add("Content-Type", "application/json").build();

    static TokenReviewApi install(KubernetesServer server) {
        TokenReviewApi api = new TokenReviewApi();
        server.getKubernetesMockServer().clearExpectations();
        server.expect().post().withPath(PATH).andReply(api).always();
        return api;
    }

    int reviewsOf(String token) {
        AtomicInteger count = reviews.get(token);
        return count == null ? 0 : count.get();
    }

    int total() {
        return total.get();
    }

    @Override
    public int getStatusCode(RecordedRequest request) {
        return token(request).startsWith("api-500") ? 500 : 201;
    }

    @Override
    public Object getBody(RecordedRequest request) {
        String token = token(request);
        reviews.computeIfAbsent(token, t -> new AtomicInteger()).incrementAndGet();
        total.incrementAndGet();
        if (token.startsWith("api-500")) {
            return Map.of("kind", "Status", "apiVersion", "v1", "status", "Failure", "message", "etcd is on fire", "code", 500);
        }
        TokenReviewBuilder answer = new TokenReviewBuilder().withNewSpec().withToken(token).endSpec();
        if (token.startsWith("good-extender-token")) {
            return authenticated(answer, "system:serviceaccount:escheduler:scheduler-extender");
        }
        if (token.startsWith("other-sa-token")) {
            return authenticated(answer, "system:serviceaccount:default:nosy");
        }
        return answer.withNewStatus().withAuthenticated(false).withError("[invalid bearer token]").endStatus().build();
    }

    private static TokenReview authenticated(TokenReviewBuilder answer, String username) {
        return answer.withNewStatus().withAuthenticated(true)
                .withNewUser().withUsername(username).withGroups(List.of("system:serviceaccounts")).endUser()
                .endStatus().build();
    }

    private static String token(RecordedRequest request) {
        // getUtf8Body() consumes the body, and both getStatusCode and getBody need it
        TokenReview review = Serialization.unmarshal(new String(request.getBody().getBytes(), StandardCharsets.UTF_8), TokenReview.class);
        return review.getSpec().getToken();
    }

    @Override
    public Headers getHeaders() {
        return headers;
    }

    @Override
    public void setHeaders(Headers headers) {
        this.headers = headers;
    }
}
