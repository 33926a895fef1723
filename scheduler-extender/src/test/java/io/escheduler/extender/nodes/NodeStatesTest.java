package io.escheduler.extender.nodes;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The versioned states: the index is rebuilt after a change, kept after an update that changes nothing. */
class NodeStatesTest {

    private final NodeStates states = new NodeStates();

    @Test
    void theIndexFollowsEveryChange() {
        states.put("a", NodeState.of("a", null, null, null));
        NodeIndex first = states.index();
        assertThat(first.get("a").throttled()).isFalse();
        assertThat(states.index()).as("no change: same index").isSameAs(first);

        states.put("a", NodeState.of("a", null, "true", "cpufreq"));
        NodeIndex second = states.index();
        assertThat(second).isNotSameAs(first);
        assertThat(second.get("a").throttled()).isTrue();

        states.put("b", NodeState.of("b", null, null, null));
        assertThat(states.index().get("b")).isNotNull();

        states.remove("a");
        assertThat(states.index().get("a")).isNull();
        assertThat(states.index().get("b")).isNotNull();
    }

    @Test
    void anEqualStateIsNoChange() {
        assertThat(states.put("a", NodeState.of("a", "sys", "true", "cpufreq"))).isTrue();
        long version = states.version();
        NodeIndex index = states.index();
        assertThat(states.put("a", NodeState.of("a", "sys", "true", "cpufreq"))).isFalse();
        assertThat(states.put("a", NodeState.of("a", " sys ", "TRUE", "cpufreq"))).as("same state once read").isFalse();
        assertThat(states.version()).isEqualTo(version);
        assertThat(states.index()).isSameAs(index);
        assertThat(states.remove("missing")).isFalse();
        assertThat(states.version()).isEqualTo(version);
    }

    @Test
    void concurrentReadersNeverSeeAnOldStateAfterAChange() throws InterruptedException {
        for (int i = 0; i < 1000; i++) {
            states.put("n" + i, NodeState.of("n" + i, null, null, null));
        }
        Thread[] readers = new Thread[4];
        java.util.concurrent.atomic.AtomicReference<String> failure = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicInteger published = new java.util.concurrent.atomic.AtomicInteger(-1);
        for (int r = 0; r < readers.length; r++) {
            readers[r] = new Thread(() -> {
                while (published.get() < 199) {
                    int seen = published.get();
                    if (seen >= 0) {
                        NodeState state = states.index().get("n" + (seen % 1000));
                        if (state == null || !String.valueOf(seen).equals(state.throttleReason())) { // each change its own node
                            failure.compareAndSet(null, "after change " + seen + ": " + state);
                        }
                    }
                }
            });
            readers[r].start();
        }
        for (int change = 0; change < 200; change++) {
            states.put("n" + (change % 1000), NodeState.of("n" + (change % 1000), null, "true", String.valueOf(change)));
            published.set(change);
            Thread.onSpinWait();
        }
        for (Thread reader : readers) {
            reader.join();
        }
        assertThat(failure.get()).isNull();
    }
}
