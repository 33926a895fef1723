package io.escheduler.auth;

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
 * <li>{@code good-reporter-token…} → {@code system:serviceaccount:escheduler:run-reporter}</li>
 * <li>{@code other-sa-token…} → {@code system:serviceaccount:default:nosy}</li>
 * <li>{@code api-500…} → HTTP 500</li>
 * <li>{@code audience-unaware…} → the extender's account, but without {@code status.audiences} (an authenticator
 * that ignored the review's audiences)</li>
 * <li>anything else → not authenticated</li>
 * </ul>
 * An authenticated answer names the review's {@code spec.audiences} as the token's, as the API server does for a token
 * made for them; {@link #audiencesAsked()} records what the reviews asked for.
 * Tests use a fresh suffix where the service's cache must not have seen the token yet. Shared by the services' tests
 * through this module's test jar.
 */
public final class TokenReviewApi implements ResponseProvider<Object> {

    public static final String PATH = "/apis/authentication.k8s.io/v1/tokenreviews";
    public static final String EXTENDER = "system:serviceaccount:escheduler:scheduler-extender";
    public static final String REPORTER = "system:serviceaccount:escheduler:run-reporter";
    public static final String NOSY = "system:serviceaccount:default:nosy";

    private final Map<String, AtomicInteger> reviews = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private final List<List<String>> audiencesAsked = new java.util.concurrent.CopyOnWriteArrayList<>();
    private Headers headers = Headers.builder().add("Content-Type", "application/json").build();

    public static TokenReviewApi install(KubernetesServer server) {
        TokenReviewApi api = new TokenReviewApi();
        server.getKubernetesMockServer().clearExpectations();
        server.expect().post().withPath(PATH).andReply(api).always();
        return api;
    }

    public int reviewsOf(String token) {
        AtomicInteger count = reviews.get(token);
        return count == null ? 0 : count.get();
    }

    public int total() {
        return total.get();
    }

    /** The {@code spec.audiences} of every review so far. */
    public List<List<String>> audiencesAsked() {
        return audiencesAsked;
    }

    @Override
    public int getStatusCode(RecordedRequest request) {
        return token(request).startsWith("api-500") ? 500 : 201;
    }

    @Override
    public Object getBody(RecordedRequest request) {
        TokenReview review = review(request);
        String token = review.getSpec().getToken();
        List<String> audiences = review.getSpec().getAudiences();
        audiencesAsked.add(audiences == null ? List.of() : List.copyOf(audiences));
        reviews.computeIfAbsent(token, t -> new AtomicInteger()).incrementAndGet();
        total.incrementAndGet();
        if (token.startsWith("api-500")) {
            return Map.of("kind", "Status", "apiVersion", "v1", "status", "Failure", "message", "etcd is on fire", "code", 500);
        }
        TokenReviewBuilder answer = new TokenReviewBuilder().withNewSpec().withToken(token).endSpec();
        if (token.startsWith("good-extender-token")) {
            return authenticated(answer, EXTENDER, audiences);
        }
        if (token.startsWith("good-reporter-token")) {
            return authenticated(answer, REPORTER, audiences);
        }
        if (token.startsWith("other-sa-token")) {
            return authenticated(answer, NOSY, audiences);
        }
        if (token.startsWith("audience-unaware")) {
            return authenticated(answer, EXTENDER, null);
        }
        return answer.withNewStatus().withAuthenticated(false).withError("[invalid bearer token]").endStatus().build();
    }

    private static TokenReview authenticated(TokenReviewBuilder answer, String username, List<String> audiences) {
        return answer.withNewStatus().withAuthenticated(true).withAudiences(audiences)
                .withNewUser().withUsername(username).withGroups(List.of("system:serviceaccounts")).endUser()
                .endStatus().build();
    }

    private static TokenReview review(RecordedRequest request) {
        // getUtf8Body() consumes the body, and both getStatusCode and getBody need it
        return Serialization.unmarshal(new String(request.getBody().getBytes(), StandardCharsets.UTF_8), TokenReview.class);
    }

    private static String token(RecordedRequest request) {
        return review(request).getSpec().getToken();
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
