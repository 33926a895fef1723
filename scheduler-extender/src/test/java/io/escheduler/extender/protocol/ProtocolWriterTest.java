package io.escheduler.extender.protocol;

import io.escheduler.extender.nodes.NodeState;
import org.junit.jupiter.api.Test;

import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The answers as Go's encoding/json writes the extender/v1 types: Go field names, nil as null, Nodes copied as they came. */
class ProtocolWriterTest {

    private static String utf8(Buffer json) {
        return json.toString(StandardCharsets.UTF_8);
    }

    @Test
    void filterResultByName() {
        ExtenderArgs args = new ExtenderArgs(new PodFacts("batch", "p", "u", null, false), null, CandidateNames.of(List.of("a", "b")));
        String json = utf8(ProtocolWriter.filterResult(ExtenderFilterResult.passing(args, null, List.of("a"), Map.of("b", "throttled \"cpufreq\""))));
        assertThat(json).isEqualTo("{\"Nodes\":null,\"NodeNames\":[\"a\"],\"FailedNodes\":{\"b\":\"throttled \\\"cpufreq\\\"\"},"
                + "\"FailedAndUnresolvableNodes\":{},\"Error\":\"\"}");
    }

    @Test
    void filterResultWithNodesCopiesThemVerbatim() {
        byte[] body = "xx{\"metadata\":{\"name\":\"a\"},\"spec\":{}}yy".getBytes(StandardCharsets.UTF_8);
        CandidateNode node = new CandidateNode(NodeState.of("a", null, null, null), new RawJson(body, 2, body.length - 4));
        ExtenderArgs args = new ExtenderArgs(new PodFacts("batch", "p", "u", null, false), List.of(node), null);
        String json = utf8(ProtocolWriter.filterResult(ExtenderFilterResult.passing(args, List.of(node, node), null, Map.of())));
        assertThat(json).isEqualTo("{\"Nodes\":{\"metadata\":{},\"items\":[{\"metadata\":{\"name\":\"a\"},\"spec\":{}},"
                + "{\"metadata\":{\"name\":\"a\"},\"spec\":{}}]},\"NodeNames\":null,\"FailedNodes\":{},\"FailedAndUnresolvableNodes\":{},\"Error\":\"\"}");
    }

    @Test
    void emptyFilterResultStillNamesTheMode() {
        ExtenderArgs args = new ExtenderArgs(new PodFacts("batch", "p", "u", null, false), null, CandidateNames.empty());
        assertThat(utf8(ProtocolWriter.filterResult(ExtenderFilterResult.passing(args, null, List.of(), Map.of()))))
                .startsWith("{\"Nodes\":null,\"NodeNames\":[],");
    }

    @Test
    void hostPriorityList() {
        assertThat(utf8(ProtocolWriter.hostPriorities(List.of(new HostPriority("a", 10), new HostPriority("b", 0)))))
                .isEqualTo("[{\"Host\":\"a\",\"Score\":10},{\"Host\":\"b\",\"Score\":0}]");
        assertThat(utf8(ProtocolWriter.hostPriorities(List.of()))).isEqualTo("[]");
    }

    @Test
    void namesThatNeedEscapingAreEscapedAndOthersCopied() {
        String json = utf8(ProtocolWriter.hostPriorities(List.of(new HostPriority("n\"1\\", 1), new HostPriority("nœud\u0001", 2),
                new HostPriority("node-1.example.com", 3))));
        assertThat(json).isEqualTo("[{\"Host\":\"n\\\"1\\\\\",\"Score\":1},{\"Host\":\"nœud\\u0001\",\"Score\":2},"
                + "{\"Host\":\"node-1.example.com\",\"Score\":3}]");
    }

    @Test
    void errorBody() {
        assertThat(utf8(ProtocolWriter.error("malformed JSON: x"))).isEqualTo("{\"Error\":\"malformed JSON: x\"}");
    }

    private static final ExtenderArgsReader READER = new ExtenderArgsReader("program", "energy-aware", "system");

    private static CandidateNames namesOf(String literals) {
        return READER.read(("{\"Pod\":{\"metadata\":{\"name\":\"p\"}},\"NodeNames\":[" + literals + "]}").getBytes(StandardCharsets.UTF_8))
                .nodeNames();
    }

    /** The raw-literal answers are byte for byte the answers written from Strings, escapes and non-ASCII included. */
    @Test
    void literalsCopiedGiveTheBytesOfTheEncodedNames() {
        CandidateNames names = namesOf("\"node-1\", \"nœud-2\",\"n\\\"3\\\\\",\"a\\/b\",\"\\u0041x\",\"\",\"t\\u0001\",\"node-8\"");
        List<String> strings = names.toList();
        assertThat(strings).containsExactly("node-1", "nœud-2", "n\"3\\", "a/b", "Ax", "", "t\u0001", "node-8");
        int[] kept = {0, 1, 3, 4, 5};
        int[] removed = {2, 6, 7};
        String slow = "throttled (cpufreq)";
        String[] reasons = {slow, "throttled \"x\"", "throttled \"x\""};
        Map<String, String> failed = new java.util.LinkedHashMap<>();
        for (int i = 0; i < removed.length; i++) {
            failed.put(strings.get(removed[i]), reasons[i]);
        }
        ExtenderArgs args = new ExtenderArgs(new PodFacts("batch", "p", "u", null, false), null, names);
        Buffer fromStrings = ProtocolWriter.filterResult(ExtenderFilterResult.passing(args, null,
                java.util.Arrays.stream(kept).mapToObj(strings::get).toList(), failed));
        // the index arrays are longer than their counts, as scratch arrays are: what lies past the counts is not written
        int[] keptPadded = java.util.Arrays.copyOf(kept, kept.length + 3);
        int[] removedPadded = java.util.Arrays.copyOf(removed, removed.length + 2);
        String[] reasonsPadded = java.util.Arrays.copyOf(reasons, reasons.length + 2);
        assertThat(utf8(ProtocolWriter.filterResultByName(names, keptPadded, kept.length, removedPadded, reasonsPadded, removed.length)))
                .isEqualTo(utf8(fromStrings));
        assertThat(utf8(fromStrings)).contains("\"a/b\"", "\"Ax\"", "\"t\\u0001\":", "\"nœud-2\"");

        int[] scores = {10, 1, 5, 7, 1, 2, 3, 10};
        List<HostPriority> priorities = new java.util.ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            if (scores[i] > 1) {
                priorities.add(new HostPriority(strings.get(i), scores[i] - 1));
            }
        }
        assertThat(utf8(ProtocolWriter.hostPriorities(names, scores))).isEqualTo(utf8(ProtocolWriter.hostPriorities(priorities)))
                .isEqualTo(utf8(ProtocolWriter.hostPriorities(names, java.util.Arrays.copyOf(scores, scores.length + 4))));
    }

    /** Kept names that follow one another in a compact request are copied as runs: the same bytes as name by name. */
    @Test
    void runsOfKeptNamesGiveTheSameBytes() {
        CandidateNames names = namesOf("\"a\",\"b\",\"c\\u0064\",\"e\",\"f\",\"g\", \"h\",\"i\",\"j\"");
        List<String> strings = names.toList();
        for (int[] kept : new int[][] {{0, 1, 2, 4, 5, 6, 7, 8}, {0, 1, 2, 3, 4, 5, 6, 7, 8}, {1, 3, 5, 7}, {3, 4, 5}, {7, 8}, {8}, {}}) {
            ExtenderArgs args = new ExtenderArgs(new PodFacts("batch", "p", "u", null, false), null, names);
            Buffer fromStrings = ProtocolWriter.filterResult(ExtenderFilterResult.passing(args, null,
                    java.util.Arrays.stream(kept).mapToObj(strings::get).toList(), Map.of()));
            assertThat(utf8(ProtocolWriter.filterResultByName(names, kept, kept.length, new int[0], new String[0], 0)))
                    .as(java.util.Arrays.toString(kept)).isEqualTo(utf8(fromStrings));
        }
    }

    /**
     * The answer is relative to the lowest score: every candidate's score less the lowest, and none at the lowest (0):
     * kube-scheduler's ranking of the candidates by their totals is the same.
     */
    @Test
    void scoresAreWrittenAboveTheLowest() {
        CandidateNames names = namesOf("\"a\",\"b\",\"c\",\"d\"");
        assertThat(utf8(ProtocolWriter.hostPriorities(names, new int[] {10, 0, 5, 10}))).isEqualTo(
                "[{\"Host\":\"a\",\"Score\":10},{\"Host\":\"c\",\"Score\":5},{\"Host\":\"d\",\"Score\":10}]");
        assertThat(utf8(ProtocolWriter.hostPriorities(names, new int[] {7, 5, 5, 9}))).isEqualTo(
                "[{\"Host\":\"a\",\"Score\":2},{\"Host\":\"d\",\"Score\":4}]");
        assertThat(utf8(ProtocolWriter.hostPriorities(names, new int[] {10, 10, 10, 10}))).as("all equal: nothing to add").isEqualTo("[]");
        assertThat(utf8(ProtocolWriter.hostPriorities(names, new int[] {0, 0, 0, 0}))).isEqualTo("[]");
    }

    @Test
    void emptyByNameAnswers() {
        CandidateNames none = namesOf("");
        assertThat(utf8(ProtocolWriter.filterResultByName(none, new int[0], 0, new int[0], new String[0], 0)))
                .isEqualTo("{\"Nodes\":null,\"NodeNames\":[],\"FailedNodes\":{},\"FailedAndUnresolvableNodes\":{},\"Error\":\"\"}");
        assertThat(utf8(ProtocolWriter.hostPriorities(none, new int[0]))).isEqualTo("[]");
    }

    @Test
    void aScoreOutsideTheRangeIsABug() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ProtocolWriter.hostPriorities(namesOf("\"a\""), new int[] {11}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
