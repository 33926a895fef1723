package io.escheduler.auth;

import io.escheduler.auth.ReviewCache.Review;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class ReviewCacheTest {

    private static final Review EXTENDER = new Review(true, "system:serviceaccount:escheduler:scheduler-extender", null);
    private static final Review REJECTED = new Review(false, null, "[invalid bearer token]");

    private final MutableClock clock = new MutableClock();

    @Test
    void keepsAnswersForTheirTimeToLive() {
        ReviewCache cache = new ReviewCache(Duration.ofSeconds(60), 10, clock);
        cache.put(TokenHash.of("a"), EXTENDER);
        cache.put(TokenHash.of("b"), REJECTED);

        clock.advance(Duration.ofSeconds(59));
        assertThat(cache.get(TokenHash.of("a"))).contains(EXTENDER);
        assertThat(cache.get(TokenHash.of("b"))).contains(REJECTED);

        clock.advance(Duration.ofSeconds(1));
        assertThat(cache.get(TokenHash.of("a"))).isEmpty();
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void boundedByEvictingTheLeastRecentlyUsed() {
        ReviewCache cache = new ReviewCache(Duration.ofMinutes(1), 2, clock);
        cache.put(TokenHash.of("a"), EXTENDER);
        cache.put(TokenHash.of("b"), REJECTED);
        cache.get(TokenHash.of("a"));
        cache.put(TokenHash.of("c"), REJECTED);

        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.get(TokenHash.of("a"))).isPresent();
        assertThat(cache.get(TokenHash.of("b"))).isEmpty();
        assertThat(cache.get(TokenHash.of("c"))).isPresent();
    }

    @Test
    void zeroTtlCachesNothing() {
        ReviewCache cache = new ReviewCache(Duration.ZERO, 10, clock);
        cache.put(TokenHash.of("a"), EXTENDER);
        assertThat(cache.get(TokenHash.of("a"))).isEmpty();
    }

    @Test
    void keysAreHashesComparedByValue() {
        assertThat(TokenHash.of("token")).isEqualTo(TokenHash.of("token")).hasSameHashCodeAs(TokenHash.of("token"));
        assertThat(TokenHash.of("token")).isNotEqualTo(TokenHash.of("token2"));
        assertThat(TokenHash.of("token").toString()).doesNotContain("token").startsWith("sha256:");
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
