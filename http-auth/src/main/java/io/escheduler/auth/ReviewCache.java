package io.escheduler.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * TokenReview answers (authenticated or not) by token hash, each kept for a fixed time. Bounded:
 * past {@code capacity} entries the least recently used goes. A zero TTL disables caching.
 * Failed reviews (API server unreachable) are never stored here.
 */
final class ReviewCache {

    /** What the API server said about a token: {@code username} is null when not authenticated. */
    record Review(boolean authenticated, String username, String error) {
    }

    private record Entry(Review review, Instant expires) {
    }

    private final Duration ttl;
    private final Clock clock;
    private final Map<TokenHash, Entry> entries;

    ReviewCache(Duration ttl, int capacity, Clock clock) {
        this.ttl = ttl;
        this.clock = clock;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<TokenHash, Entry> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized Optional<Review> get(TokenHash key) {
        Entry entry = entries.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(entry.expires())) {
            entries.remove(key);
            return Optional.empty();
        }
        return Optional.of(entry.review());
    }

    synchronized void put(TokenHash key, Review review) {
        if (ttl.isZero() || ttl.isNegative()) {
            return;
        }
        entries.put(key, new Entry(review, clock.instant().plus(ttl)));
    }

    synchronized int size() {
        return entries.size();
    }
}
