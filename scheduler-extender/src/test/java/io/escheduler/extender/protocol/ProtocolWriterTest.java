package io.escheduler.extender.protocol;

import io.escheduler.extender.nodes.NodeState;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The answers as Go's encoding/json writes the extender/v1 types: Go field names, nil as null, Nodes copied as they came. */
class ProtocolWriterTest {

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void filterResultByName() {
        ExtenderArgs args = new ExtenderArgs(new PodFacts("batch", "p", "u", null, false), null, List.of("a", "b"));
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
        ExtenderArgs args = new ExtenderArgs(new PodFacts("batch", "p", "u", null, false), null, List.of());
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
}
