package io.escheduler.extender.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The reader scans the ExtenderArgs object and its NodeNames itself: here it is held to Jackson's tree parser over
 * thousands of bodies made by breaking a valid one a byte at a time (deleted, inserted, replaced, a range doubled).
 * Whatever Jackson refuses the reader refuses; whatever Jackson reads, the reader reads the same Pod and names, or
 * refuses it for a reason of its own (no Pod, a name that is not a string…), exactly when the tree says so. A body
 * with a field given twice in one object is left out of the comparison: the tree keeps the last, the reader (like
 * Go's decoder) reads each in turn and may refuse the first.
 */
class ExtenderArgsReaderDifferentialTest {

    private static final ObjectMapper TREES = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final ObjectMapper STRICT_TREES = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final String PROGRAM = "energy.escheduler.io/program";
    private static final byte[] SIGNIFICANT = "{}[]\":,\\ \n\tnul0-ae".getBytes(StandardCharsets.UTF_8);

    private final ExtenderArgsReader reader = new ExtenderArgsReader(PROGRAM, "energy.escheduler.io/energy-aware", "energy.escheduler.io/system");

    private static final List<String> VALID = List.of(
            "{\"Pod\":{\"metadata\":{\"name\":\"p\",\"namespace\":\"n\",\"labels\":{\"" + PROGRAM + "\":\"lulesh\"}}},"
                    + "\"Nodes\":null,\"NodeNames\":[\"a-1\",\"b\\\"2\",\"nœud\",\"\\u0063-3\",\"\"],\"Extra\":[1,true,null,{\"k\":\"v\"}]}",
            " { \"NodeNames\" : [ \"x\" , \"y\" ] ,\n\t\"Pod\" : { \"spec\" : { \"a\" : [ ] } , \"metadata\" : { \"name\" : \"q\" } } } ",
            "{\"Pod\":{\"metadata\":{\"name\":\"r\"}},\"Nodes\":{\"metadata\":{},\"items\":null},\"NodeNames\":null}");

    @Test
    void refusesWhatJacksonRefusesAndReadsWhatItReads() {
        Random random = new Random(20261207);
        int read = 0;
        for (String valid : VALID) {
            byte[] base = valid.getBytes(StandardCharsets.UTF_8);
            assertThat(check(base)).as(valid).isTrue();
            for (int i = 0; i < 4000; i++) {
                read += check(mutate(base, random)) ? 1 : 0;
            }
        }
        assertThat(read).as("mutants read (the rest refused)").isBetween(1000, 11000);
    }

    private static byte[] mutate(byte[] base, Random random) {
        byte[] body = base.clone();
        for (int edits = 1 + random.nextInt(2); edits > 0; edits--) {
            int at = random.nextInt(body.length);
            byte b = random.nextInt(10) == 0 ? (byte) (random.nextBoolean() ? 0x01 : 0xC3) : SIGNIFICANT[random.nextInt(SIGNIFICANT.length)];
            body = switch (random.nextInt(4)) {
                case 0 -> join(slice(body, 0, at), slice(body, at + 1, body.length));
                case 1 -> join(slice(body, 0, at), new byte[] {b}, slice(body, at, body.length));
                case 2 -> {
                    body[at] = b;
                    yield body;
                }
                default -> {
                    int to = Math.min(body.length, at + 1 + random.nextInt(12));
                    yield join(slice(body, 0, to), slice(body, at, body.length));
                }
            };
            if (body.length == 0) {
                return body;
            }
        }
        return body;
    }

    /** Whether the reader read {@code body} (having checked it did so exactly when it should). */
    private boolean check(byte[] body) {
        String shown = new String(body, StandardCharsets.UTF_8);
        JsonNode tree;
        try {
            tree = TREES.readTree(body);
        } catch (JsonProcessingException e) {
            tree = null;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        if (tree != null && duplicates(body)) {
            return false;
        }
        Expected expected = tree == null ? null : expected(tree);
        ExtenderArgs args;
        try {
            args = reader.read(body);
        } catch (MalformedRequestException e) {
            if (expected != null) {
                fail("refused what Jackson reads as %s: %s%n%s", expected, e.getMessage(), shown);
            }
            return false;
        }
        if (expected == null) {
            fail("read what Jackson %s: %s", tree == null ? "refuses" : "reads as invalid ExtenderArgs", shown);
        }
        assertThat(args.pod().name()).as(shown).isEqualTo(expected.pod());
        assertThat(args.pod().program()).as(shown).isEqualTo(expected.program());
        assertThat(args.candidateNames()).as(shown).isEqualTo(expected.names());
        return true;
    }

    private static boolean duplicates(byte[] body) {
        try {
            STRICT_TREES.readTree(body);
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private record Expected(String pod, String program, List<String> names) {
    }

    /** What the reader must read from a tree, or null when it must refuse it. */
    private static Expected expected(JsonNode root) {
        if (root == null || !root.isObject()) {
            return null;
        }
        JsonNode pod = root.get("Pod");
        if (pod == null || !pod.isObject()) {
            return null;
        }
        JsonNode metadata = pod.get("metadata");
        if (metadata == null || !metadata.isObject()) {
            return null;
        }
        for (String field : List.of("name", "namespace", "uid")) {
            JsonNode value = metadata.get(field);
            if (value != null && !value.isTextual() && !value.isNull()) {
                return null;
            }
        }
        if (metadata.get("name") == null || !metadata.get("name").isTextual()) {
            return null;
        }
        String program = null;
        for (String field : List.of("labels", "annotations")) {
            JsonNode map = metadata.get(field);
            if (map == null || map.isNull()) {
                continue;
            }
            if (!map.isObject()) {
                return null;
            }
            for (JsonNode value : map) {
                if (!value.isTextual() && !value.isNull()) {
                    return null;
                }
            }
            if (field.equals("labels") && map.get(PROGRAM) != null && map.get(PROGRAM).isTextual()) {
                program = map.get(PROGRAM).asText();
            }
        }
        JsonNode nodes = root.get("Nodes");
        if (nodes != null && !nodes.isNull() && !(nodes.isObject() && (nodes.get("items") == null || nodes.get("items").isNull()))) {
            return null; // the valid bodies send no Node objects: any that appear are broken ones
        }
        List<String> names = new ArrayList<>();
        JsonNode nodeNames = root.get("NodeNames");
        if (nodeNames != null && !nodeNames.isNull()) {
            if (!nodeNames.isArray()) {
                return null;
            }
            for (JsonNode name : nodeNames) {
                if (!name.isTextual()) {
                    return null;
                }
                names.add(name.asText());
            }
        }
        boolean listMode = nodes != null && !nodes.isNull();
        return new Expected(metadata.get("name").asText(), program, listMode ? List.of() : names);
    }

    private static byte[] slice(byte[] bytes, int from, int to) {
        return java.util.Arrays.copyOfRange(bytes, from, to);
    }

    private static byte[] join(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] joined = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, joined, at, part.length);
            at += part.length;
        }
        return joined;
    }
}
