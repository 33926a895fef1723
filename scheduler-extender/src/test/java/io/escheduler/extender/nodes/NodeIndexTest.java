package io.escheduler.extender.nodes;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Lookups by name bytes: hits, misses, colliding hashes, names inside a larger buffer. */
class NodeIndexTest {

    private static NodeState state(String name) {
        return NodeState.of(name, null, null, null);
    }

    private static NodeIndex index(String... names) {
        Map<String, NodeState> states = new HashMap<>();
        for (String name : names) {
            states.put(name, state(name));
        }
        return new NodeIndex(7, states);
    }

    private static NodeState lookup(NodeIndex index, String name) {
        byte[] buffer = ("xx\"" + name + "\"yy").getBytes(StandardCharsets.UTF_8);
        int to = buffer.length - 3;
        return index.get(buffer, 3, to, NodeIndex.hash(buffer, 3, to));
    }

    @Test
    void hitsAndMisses() {
        NodeIndex index = index("node-0001", "node-0002", "nœud", "");
        assertThat(index.version()).isEqualTo(7);
        assertThat(index.size()).isEqualTo(4);
        assertThat(lookup(index, "node-0001")).isEqualTo(state("node-0001"));
        assertThat(lookup(index, "nœud")).isEqualTo(state("nœud"));
        assertThat(lookup(index, "")).isEqualTo(state(""));
        assertThat(index.get("node-0002")).isEqualTo(state("node-0002"));
        assertThat(lookup(index, "node-0003")).isNull();
        assertThat(lookup(index, "node-000")).isNull();
        assertThat(lookup(index, "node-00011")).isNull();
        assertThat(index.get("missing")).isNull();
    }

    @Test
    void collidingHashesAreTellApartByTheBytes() {
        // "Aa" and "BB" have the same hash (as Strings do); so have every concatenation of them
        String[] names = {"AaAa", "AaBB", "BBAa", "BBBB"};
        assertThat(NodeIndex.hash("AaAa".getBytes(StandardCharsets.UTF_8), 0, 4)).isEqualTo(NodeIndex.hash("BBBB".getBytes(StandardCharsets.UTF_8), 0, 4));
        NodeIndex index = index(names);
        for (String name : names) {
            assertThat(lookup(index, name)).isEqualTo(state(name));
        }
        assertThat(lookup(index, "AaAb")).isNull();
        assertThat(lookup(index, "BBBA")).isNull();
    }

    @Test
    void thousandsOfSequentialNames() {
        String[] names = new String[5000];
        for (int i = 0; i < names.length; i++) {
            names[i] = String.format("node-%04d", i + 1);
        }
        NodeIndex index = index(names);
        for (String name : names) {
            assertThat(lookup(index, name).name()).isEqualTo(name);
        }
        assertThat(lookup(index, "node-5001")).isNull();
    }

    /** The word-wise compare, at every length up to 40 and with a difference at every position, inside larger buffers. */
    @Test
    void bytesAreComparedWhole() {
        java.util.Random random = new java.util.Random(5);
        for (int length = 0; length <= 40; length++) {
            byte[] a = new byte[length + 7];
            random.nextBytes(a);
            byte[] b = new byte[length + 3];
            System.arraycopy(a, 5, b, 1, length);
            assertThat(NodeIndex.same(a, 5, b, 1, length)).as("length %d", length).isTrue();
            for (int at = 0; at < length; at++) {
                b[1 + at] ^= 0x10;
                assertThat(NodeIndex.same(a, 5, b, 1, length)).as("length %d, differing at %d", length, at).isFalse();
                b[1 + at] ^= 0x10;
            }
        }
    }

    @Test
    void emptyIndexKnowsNothing() {
        NodeIndex index = new NodeIndex(0, Map.of());
        assertThat(index.get("a")).isNull();
        assertThat(lookup(index, "")).isNull();
    }
}
