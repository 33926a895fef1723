package io.escheduler.auth;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceAccountAllowListTest {

    private static final String KEY = "some-service.auth.allowed-service-accounts";

    @Test
    void acceptsShortAndFullForms() {
        ServiceAccountAllowList list = ServiceAccountAllowList.parse(KEY, List.of(
                "escheduler:scheduler-extender", " system:serviceaccount:escheduler:energy-analyzer ", ""));

        assertThat(list.allows("system:serviceaccount:escheduler:scheduler-extender")).isTrue();
        assertThat(list.allows("system:serviceaccount:escheduler:energy-analyzer")).isTrue();
        assertThat(list.entries()).containsExactly("escheduler:scheduler-extender", "escheduler:energy-analyzer");
    }

    @Test
    void matchesWholeUserNamesOnly() {
        ServiceAccountAllowList list = ServiceAccountAllowList.parse(KEY, List.of("escheduler:scheduler-extender"));

        assertThat(list.allows("escheduler:scheduler-extender")).isFalse();
        assertThat(list.allows("system:serviceaccount:escheduler:scheduler-extender-2")).isFalse();
        assertThat(list.allows("system:serviceaccount:other:scheduler-extender")).isFalse();
        assertThat(list.allows("kubernetes-admin")).isFalse();
    }

    @Test
    void duplicatesAreListedOnce() {
        assertThat(ServiceAccountAllowList.parse(KEY, List.of("a:b", "system:serviceaccount:a:b")).entries()).containsExactly("a:b");
    }

    @Test
    void rejectsWhatIsNotAServiceAccount() {
        for (String bad : List.of("scheduler-extender", "a:b:c", ":b", "a:", "system:serviceaccount:a")) {
            assertThatThrownBy(() -> ServiceAccountAllowList.parse(KEY, List.of(bad)))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(KEY)
                    .hasMessageContaining(bad);
        }
    }
}
