package io.escheduler.extender.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.escheduler.testing.ErrorWords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading ExtenderArgs as kube-scheduler sends them, in both node modes, and refusing what it never sends. */
class ExtenderArgsReaderTest {

    private final ExtenderArgsReader reader = new ExtenderArgsReader("energy.escheduler.io/program", "energy.escheduler.io/energy-aware",
            "energy.escheduler.io/system");

    @Test
    void namesMode() {
        ExtenderArgs args = reader.read(Requests.bytes("names-mixed.json"));
        assertThat(args.byName()).isTrue();
        assertThat(args.nodes()).isNull();
        assertThat(args.candidateNames()).containsExactly("worker-a1", "worker-b1", "worker-c1", "worker-c2");
        assertThat(args.pod()).isEqualTo(new PodFacts("batch", "lulesh-run-42-x7k2p", "0c5e3c4a-2f7b-4a51-b7e4-1d9a8c6f2b33", null, false));
        assertThat(args.pod().wantsPlacement()).isFalse();
    }

    @Test
    void nodeListModeKeepsEachNodeByteForByte() throws IOException {
        byte[] body = Requests.bytes("nodes-energy-aware.json");
        ExtenderArgs args = reader.read(body);
        assertThat(args.byName()).isFalse();
        assertThat(args.candidateNames()).containsExactly("worker-a1", "worker-b1", "worker-c1", "worker-c2");
        assertThat(args.pod().program()).isEqualTo("golden-prog");
        assertThat(args.pod().wantsPlacement()).isTrue();
        assertThat(args.nodes().get(1).state()).isEqualTo(new io.escheduler.extender.nodes.NodeState("worker-b1", "golden-b", true, "cpufreq"));
        assertThat(args.nodes().get(2).state().throttled()).isFalse();

        ObjectMapper json = new ObjectMapper();
        JsonNode items = json.readTree(body).get("Nodes").get("items");
        for (int i = 0; i < items.size(); i++) {
            assertThat(json.readTree(args.nodes().get(i).json().toString())).isEqualTo(items.get(i));
        }
    }

    @Test
    void compactWireFormNodeList() {
        ExtenderArgs args = reader.read(Requests.bytes("nodes-mixed.json"));
        assertThat(args.nodes()).hasSize(4);
        assertThat(args.nodes().get(3).state().throttleReason()).isEqualTo("power-limit");
        assertThat(args.nodes().get(0).json().toString()).startsWith("{\"metadata\":{\"name\":\"worker-a1\"").endsWith("}}");
    }

    @Test
    void emptyCandidates() {
        assertThat(reader.read(Requests.bytes("names-empty.json")).candidateNames()).isEmpty();
        ExtenderArgs nilItems = reader.read(Requests.bytes("nodes-empty.json"));
        assertThat(nilItems.byName()).isFalse();
        assertThat(nilItems.nodes()).isEmpty();
    }

    @Test
    void unknownFieldsAreIgnoredAsGoDoes() {
        ExtenderArgs args = reader.read(utf8("{\"Pod\":{\"metadata\":{\"name\":\"p\",\"namespace\":\"n\"},\"extra\":[1,{\"a\":2}]},"
                + "\"NodeNames\":[\"a\"],\"Future\":{\"x\":null}}"));
        assertThat(args.candidateNames()).containsExactly("a");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "truncated body               | malformed.json | malformed JSON: Unexpected end-of-input",
            "Pod null                     | no-pod.json    | ExtenderArgs without Pod"})
    void refusesRequestFiles(String description, String file, String message) {
        assertThatThrownBy(() -> reader.read(Requests.bytes(file))).isInstanceOf(MalformedRequestException.class).hasMessageContaining(message)
                .satisfies(e -> assertThat(ErrorWords.internalsIn(e.getMessage())).as(e.getMessage()).isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "empty body        | ''                                                             | empty request body",
            "an array          | '[]'                                                           | the body is not a JSON object",
            "no Pod at all     | '{\"NodeNames\":[\"a\"]}'                                      | ExtenderArgs without Pod",
            "Pod without name  | '{\"Pod\":{\"metadata\":{}}}'                                  | Pod without metadata.name",
            "NodeNames numbers | '{\"Pod\":{\"metadata\":{\"name\":\"p\"}},\"NodeNames\":[1]}' | NodeNames must hold strings, found a number",
            "Nodes a string    | '{\"Pod\":{\"metadata\":{\"name\":\"p\"}},\"Nodes\":\"x\"}'    | Nodes must be an object, found a string",
            "trailing content  | '{\"Pod\":{\"metadata\":{\"name\":\"p\"}}} {}'                 | content after the ExtenderArgs object",
            "not JSON          | 'Pod=p'                                                        | malformed JSON",
            "Pod cut short     | '{\"Pod\":{\"metadata\":{\"name\":\"p\"'                            | malformed JSON",
            "Pod a list        | '{\"Pod\":[1]}'                                                | Pod",
            "name not a string | '{\"Pod\":{\"metadata\":{\"name\":{}}}}'                      | name"})
    void refuses(String description, String body, String message) {
        assertThatThrownBy(() -> reader.read(utf8(body))).isInstanceOf(MalformedRequestException.class).hasMessageContaining(message)
                .satisfies(e -> assertThat(ErrorWords.internalsIn(e.getMessage())).as(e.getMessage()).isEmpty());
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private CandidateNames names(String literals) {
        return reader.read(utf8("{\"Pod\":{\"metadata\":{\"name\":\"p\"}},\"NodeNames\":[" + literals + "]}")).nodeNames();
    }

    @Test
    void namesAreByteRangesOfTheBody() {
        byte[] body = utf8("{\"Pod\":{\"metadata\":{\"name\":\"p\"}},\"NodeNames\":[ \"node-1\" ,\"\",\n\"nœud\"]}");
        CandidateNames names = reader.read(body).nodeNames();
        assertThat(names.count()).isEqualTo(3);
        assertThat(names.source()).isSameAs(body);
        assertThat(new String(body, names.literalOffset(0), names.literalLength(0), StandardCharsets.UTF_8)).isEqualTo("\"node-1\"");
        assertThat(new String(body, names.literalOffset(1), names.literalLength(1), StandardCharsets.UTF_8)).isEqualTo("\"\"");
        assertThat(names.contentTo(1) - names.contentFrom(1)).isZero();
        assertThat(new String(body, names.literalOffset(2), names.literalLength(2), StandardCharsets.UTF_8)).isEqualTo("\"nœud\"");
        assertThat(names.toList()).containsExactly("node-1", "", "nœud");
        for (int i = 0; i < names.count(); i++) {
            assertThat(names.escaped(i)).isFalse();
            byte[] utf8 = names.name(i).getBytes(StandardCharsets.UTF_8);
            assertThat(names.hash(i)).isEqualTo(io.escheduler.extender.nodes.NodeIndex.hash(utf8, 0, utf8.length));
        }
        assertThat(names.hash(0)).as("ASCII: String.hashCode's rule").isEqualTo("node-1".hashCode());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "escaped quote      | `\"a\\\"b\"`        | a\"b",
            "escaped backslash  | `\"a\\\\\"`         | a\\",
            "escaped slash      | `\"a\\/b\"`          | a/b",
            "unicode escape     | `\"\\u006eode\"`     | node",
            "surrogate pair     | `\"x\\ud83d\\ude00\"` | x\ud83d\ude00"})
    void namesWithEscapesAreDecoded(String description, String literal, String name) {
        CandidateNames names = names(literal + ",\"plain\"");
        assertThat(names.escaped(0)).isTrue();
        assertThat(names.name(0)).isEqualTo(name);
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        assertThat(names.hash(0)).isEqualTo(io.escheduler.extender.nodes.NodeIndex.hash(utf8, 0, utf8.length));
        assertThat(names.escaped(1)).isFalse();
        assertThat(names.name(1)).isEqualTo("plain");
    }

    @Test
    void manyNamesGrowTheArrays() {
        StringBuilder literals = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            literals.append(i == 0 ? "" : ",").append(i % 100 == 7 ? "\"n\\u002d" + i + "\"" : "\"n-" + i + "\"");
        }
        CandidateNames names = names(literals.toString());
        assertThat(names.count()).isEqualTo(1000);
        for (int i = 0; i < 1000; i++) {
            assertThat(names.name(i)).isEqualTo("n-" + i);
            assertThat(names.escaped(i)).isEqualTo(i % 100 == 7);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "unterminated name   | `{\"Pod\":{\"metadata\":{\"name\":\"p\"}},\"NodeNames\":[\"a`",
            "unterminated escape | `{\"Pod\":{\"metadata\":{\"name\":\"p\"}},\"NodeNames\":[\"a\\`",
            "bad escape          | `{\"Pod\":{\"metadata\":{\"name\":\"p\"}},\"NodeNames\":[\"a\\qb\"]}`",
            "bad unicode escape  | `{\"Pod\":{\"metadata\":{\"name\":\"p\"}},\"NodeNames\":[\"a\\u00zz\"]}`",
            "last name bad       | `{\"Pod\":{\"metadata\":{\"name\":\"p\"}},\"NodeNames\":[\"a\",\"b\\x\"]}`",
            "no closing bracket  | `{\"Pod\":{\"metadata\":{\"name\":\"p\"}},\"NodeNames\":[\"a\" \"b\"]}`"})
    void malformedNamesAreRefused(String description, String body) {
        assertThatThrownBy(() -> reader.read(utf8(body))).isInstanceOf(MalformedRequestException.class).hasMessageContaining("malformed JSON");
    }

    @Test
    void controlCharactersAndBrokenUtf8InANameAreRefused() {
        byte[] prefix = utf8("{\"Pod\":{\"metadata\":{\"name\":\"p\"}},\"NodeNames\":[\"a");
        for (byte[] bad : new byte[][] {{0x01}, {'\n'}, {(byte) 0xC3}, {(byte) 0xFF}, {(byte) 0x80}}) {
            byte[] body = java.util.Arrays.copyOf(prefix, prefix.length + bad.length + 3);
            System.arraycopy(bad, 0, body, prefix.length, bad.length);
            System.arraycopy(utf8("\"]}"), 0, body, prefix.length + bad.length, 3);
            assertThatThrownBy(() -> reader.read(body)).as("byte %02x", bad[0]).isInstanceOf(MalformedRequestException.class)
                    .hasMessageContaining("malformed JSON");
        }
    }
}
