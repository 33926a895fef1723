package io.escheduler.analyzer.placement;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AnswerCacheTest {

    private static final AnswerCache.Version V1 = new AnswerCache.Version(7, 1, 10);
    private static final AnswerCache.Version V2 = new AnswerCache.Version(7, 2, 10);

    @Test
    void anAnswerIsReusedOnlyAtTheVersionItWasComputedAt() {
        AnswerCache cache = new AnswerCache(1 << 20);
        byte[] json = {'{', '}'};
        cache.put("p", V1, json);
        assertThat(cache.get("p", V1)).isSameAs(json);
        assertThat(cache.get("q", V1)).isNull();
        // a run completed (version 2), or a system was added (another highest id): computed again
        assertThat(cache.get("p", new AnswerCache.Version(7, 1, 11))).isNull();
        cache.put("p", V1, json);
        assertThat(cache.get("p", V2)).isNull();
        assertThat(cache.size()).isZero();
        assertThat(cache.held()).isZero();
    }

    @Test
    void theLeastRecentlyUsedAnswersGoFirstWhenMemoryIsFull() {
        AnswerCache cache = new AnswerCache(3 * (1000 + 2 + 160)); // room for three 1000-byte answers with one-letter keys
        cache.put("a", V1, new byte[1000]);
        cache.put("b", V1, new byte[1000]);
        cache.put("c", V1, new byte[1000]);
        cache.get("a", V1); // a is now the most recently used
        cache.put("d", V1, new byte[1000]);
        assertThat(cache.get("b", V1)).as("least recently used").isNull();
        assertThat(cache.get("a", V1)).isNotNull();
        assertThat(cache.get("c", V1)).isNotNull();
        assertThat(cache.get("d", V1)).isNotNull();
        assertThat(cache.held()).isLessThanOrEqualTo(3 * (1000 + 2 + 160));
    }

    @Test
    void anAnswerLargerThanTheWholeCacheIsNotKept() {
        AnswerCache cache = new AnswerCache(1000);
        cache.put("a", V1, new byte[400]);
        cache.put("big", V1, new byte[1000]);
        assertThat(cache.get("big", V1)).isNull();
        assertThat(cache.get("a", V1)).as("not evicted for an answer that cannot fit").isNotNull();
    }

    @Test
    void sizeZeroKeepsNothing() {
        AnswerCache cache = new AnswerCache(0);
        cache.put("a", V1, new byte[1]);
        assertThat(cache.get("a", V1)).isNull();
    }
}
