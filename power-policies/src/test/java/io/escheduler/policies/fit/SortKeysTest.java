package io.escheduler.policies.fit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SortKeysTest {

    @Test
    void itemsGoByKeyAndTiesKeepTheOrderTheyWereAddedIn() {
        SortKeys<String> keys = new SortKeys<>(1);
        keys.add("a", 3);
        keys.add("b", 1);
        keys.add("c", 3);
        keys.add("d", -5);
        keys.add("e", 1);

        assertThat(keys.ascending()).containsExactly("d", "b", "e", "a", "c");
        assertThat(keys.ascendingKeys()).containsExactly(-5, 1, 1, 3, 3);
    }

    @Test
    void noItemsNoOrder() {
        assertThat(new SortKeys<String>(0).ascending()).isEmpty();
    }
}
