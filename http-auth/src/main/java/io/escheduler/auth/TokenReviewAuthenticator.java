package io.escheduler.auth;

import io.escheduler.auth.ReviewCache.Review;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.RequestConfigBuilder;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * {@code token-review} mode: asks the API server who the token belongs to
 * ({@code POST /apis/authentication.k8s.io/v1/tokenreviews}, which needs the
 * {@code system:auth-delegator} ClusterRole), then checks the allow-list. Answers are cached by
 * token hash for {@code cacheTtl}; a failed review is not cached and yields {@link AuthOutcome.Unavailable}. A service
 * with several allow-lists (energy-analyzer: writers, readers) makes one of these and {@link #allowing} the others, so
 * that they share the reviews and their cache.
 *
 * <p>Audiences: the review asks for the service's audiences ({@code node-actuator}, {@code energy-analyzer} by
 * default), so the API server authenticates only a token made for one of them, and its answer's
 * {@code status.audiences} must name one. An answer without audiences comes from an authenticator that ignored them
 * (the token is then good for the API server, not necessarily for this service, as the TokenReview API documents) and
 * is refused like an unknown token.
 */
public final class TokenReviewAuthenticator implements Authenticator {

    private static final Logger LOG = Logger.getLogger(TokenReviewAuthenticator.class);

    /** Callers (the extender's bind has a 5 s budget) would rather get a 503 now than a late answer. */
    static final Duration REVIEW_TIMEOUT = Duration.ofSeconds(4);
    static final int CACHE_CAPACITY = 1024;

    private final KubernetesClient client;
    private final ServiceAccountAllowList allowList;
    private final List<String> audiences;
    private final ReviewCache cache;
    private final ConcurrentMap<TokenHash, CompletableFuture<Review>> inflight;

    public TokenReviewAuthenticator(KubernetesClient client, ServiceAccountAllowList allowList, List<String> audiences, Duration cacheTtl,
                                    Clock clock) {
        // No retries on 5xx (fabric8 would back off for up to ~20 s): the caller retries, not us.
        this.client = client.newClient(new RequestConfigBuilder(client.getConfiguration().getRequestConfig())
                        .withRequestRetryBackoffLimit(0)
                        .withRequestTimeout((int) REVIEW_TIMEOUT.toMillis())
                        .build())
                .adapt(KubernetesClient.class);
        this.allowList = allowList;
        this.audiences = List.copyOf(audiences);
        this.cache = new ReviewCache(cacheTtl, CACHE_CAPACITY, clock);
        this.inflight = new ConcurrentHashMap<>();
    }

    private TokenReviewAuthenticator(TokenReviewAuthenticator reviews, ServiceAccountAllowList allowList) {
        this.client = reviews.client;
        this.allowList = allowList;
        this.audiences = reviews.audiences;
        this.cache = reviews.cache;
        this.inflight = reviews.inflight;
    }

    /** The same reviews and cache, checked against {@code other}. */
    public TokenReviewAuthenticator allowing(ServiceAccountAllowList other) {
        return new TokenReviewAuthenticator(this, other);
    }

    @Override
    public AuthOutcome authenticate(String token) {
        TokenHash key = TokenHash.of(token);
        Optional<Review> cached = cache.get(key);
        Review review;
        if (cached.isPresent()) {
            review = cached.get();
        } else {
            try {
                review = reviewOnce(key, token);
            } catch (KubernetesClientException e) {
                return unavailable(key, e);
            } catch (RuntimeException e) {
                LOG.warnf(e, "TokenReview for token %s failed", key);
                return new AuthOutcome.Unavailable("the token could not be reviewed; try again later");
            }
        }
        if (!review.authenticated()) {
            return new AuthOutcome.Unauthenticated("the Kubernetes API server did not authenticate token " + key
                    + (review.error() == null || review.error().isBlank() ? "" : ": " + review.error()));
        }
        if (!allowList.allows(review.username())) {
            return new AuthOutcome.Forbidden(review.username(), allowList.entries());
        }
        return new AuthOutcome.Allowed(review.username());
    }

    /**
     * One review per token at a time: a burst of requests with a token not yet cached (a client's first calls after a
     * restart, or the cache's expiry) waits for the review the first of them started instead of sending one each.
     */
    private Review reviewOnce(TokenHash key, String token) {
        CompletableFuture<Review> mine = new CompletableFuture<>();
        CompletableFuture<Review> running = inflight.putIfAbsent(key, mine);
        if (running != null) {
            try {
                return running.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }
        try {
            // a review that ended between this caller's cache miss and its putIfAbsent is in the cache by now
            Review review = cache.get(key).orElseGet(() -> {
                Review fresh = review(token);
                cache.put(key, fresh);
                return fresh;
            });
            mine.complete(review);
            return review;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inflight.remove(key, mine);
        }
    }

    private Review review(String token) {
        TokenReview answer = client.authentication().v1().tokenReviews().create(new TokenReviewBuilder()
                .withNewSpec().withToken(token).withAudiences(audiences).endSpec()
                .build());
        TokenReviewStatus status = answer == null ? null : answer.getStatus();
        if (status == null) {
            throw new IllegalStateException("TokenReview answer without a status");
        }
        boolean authenticated = Boolean.TRUE.equals(status.getAuthenticated())
                && status.getUser() != null
                && status.getUser().getUsername() != null
                && !status.getUser().getUsername().isBlank();
        if (authenticated && !forUs(status.getAudiences())) {
            return new Review(false, null, "the token is not for audience " + String.join(" or ", audiences)
                    + (status.getAudiences() == null || status.getAudiences().isEmpty() ? " (the API server's answer names none)"
                    : " (it is for " + String.join(", ", status.getAudiences()) + ")"));
        }
        return new Review(authenticated, authenticated ? status.getUser().getUsername() : null, status.getError());
    }

    private boolean forUs(List<String> granted) {
        return granted != null && granted.stream().anyMatch(audiences::contains);
    }

    private static AuthOutcome unavailable(TokenHash key, KubernetesClientException e) {
        int code = e.getCode();
        String reason;
        if (code == 0) {
            reason = "the Kubernetes API server is unreachable";
        } else if (code == 401 || code == 403) {
            reason = "the Kubernetes API server refused this service's TokenReview (HTTP " + code
                    + "): its service account needs the system:auth-delegator ClusterRole";
        } else {
            reason = "the Kubernetes API server could not review the token (HTTP " + code + ")";
        }
        LOG.warnf("TokenReview for token %s failed: %s (%s)", key, reason, e.getMessage());
        return new AuthOutcome.Unavailable(reason + "; try again later");
    }
}
