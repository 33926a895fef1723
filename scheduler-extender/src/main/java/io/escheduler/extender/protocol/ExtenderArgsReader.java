package io.escheduler.extender.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.escheduler.extender.nodes.NodeState;
import io.escheduler.json.JsonBodyErrors;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@link ExtenderArgs} from a request body, keeping only the handful of fields the extender uses. The
 * {@code ExtenderArgs} object itself is scanned here, and so is {@code NodeNames}: thousands of short strings that are
 * kept as byte ranges of the body ({@link CandidateNames}), each checked, hashed and located in one pass (Jackson's
 * tokens for them, then a second pass to hash, were half of a 5000-name request's time). Every other value, the Pod,
 * the Node list and any unknown field, is handed to Jackson's streaming parser over its byte range, which checks it
 * whole. With {@code nodeCacheCapable: false} the body holds every candidate Node in full (about 4 kB each): binding
 * them to objects would cost most of a request's time, so each Node is skipped over and kept as its byte range
 * ({@link RawJson}).
 * <p>
 * Field names are matched exactly as kube-scheduler writes them (Go names, no JSON tags, for the envelope; camelCase
 * inside the Kubernetes objects); unknown fields are ignored, as Go's decoder does; a field given twice counts last.
 */
public final class ExtenderArgsReader {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final String programLabel;
    private final String energyAwareAnnotation;
    private final String systemLabel;

    public ExtenderArgsReader(String programLabel, String energyAwareAnnotation, String systemLabel) {
        this.programLabel = programLabel;
        this.energyAwareAnnotation = energyAwareAnnotation;
        this.systemLabel = systemLabel;
    }

    /** @throws MalformedRequestException when the body is not an ExtenderArgs object or has no Pod */
    public ExtenderArgs read(byte[] body) {
        if (body == null || body.length == 0) {
            throw new MalformedRequestException("empty request body: an ExtenderArgs object was expected");
        }
        try {
            int p = JsonScan.skipSpace(body, 0);
            if (p >= body.length || body[p] != '{') {
                if (p < body.length && JsonScan.startsValue(body[p])) {
                    throw new MalformedRequestException("the body is not a JSON object: an ExtenderArgs object was expected");
                }
                throw JsonScan.unexpected(body, p, "'{'");
            }
            PodFacts pod = null;
            List<CandidateNode> nodes = null;
            CandidateNames names = null;
            p = JsonScan.skipSpace(body, p + 1);
            boolean empty = p < body.length && body[p] == '}';
            while (!empty) {
                if (p >= body.length || body[p] != '"') {
                    throw JsonScan.unexpected(body, p, "a field name");
                }
                int nameEnd = JsonScan.stringEnd(body, p);
                String field = fieldName(body, p, nameEnd);
                p = JsonScan.skipSpace(body, nameEnd + 1);
                if (p >= body.length || body[p] != ':') {
                    throw JsonScan.unexpected(body, p, "':'");
                }
                p = JsonScan.skipSpace(body, p + 1);
                int end;
                if ("NodeNames".equals(field) && p < body.length && body[p] == '[') {
                    names = new CandidateNames(body, Scratch.forThisThread(), 0);
                    end = names(body, p, names);
                } else {
                    end = JsonScan.valueEnd(body, p);
                    try (JsonParser parser = JSON.createParser(body, p, end - p)) {
                        JsonToken value = parser.nextToken();
                        switch (field) {
                            case "Pod" -> pod = value == JsonToken.VALUE_NULL ? null : pod(parser);
                            case "Nodes" -> nodes = value == JsonToken.VALUE_NULL ? null : nodeList(parser, body, p);
                            case "NodeNames" -> {
                                expectOrNull(parser, JsonToken.START_ARRAY, "NodeNames");
                                names = null;
                            }
                            default -> parser.skipChildren();
                        }
                        if (parser.nextToken() != null) {
                            throw JsonScan.unexpected(body, p + (int) parser.currentTokenLocation().getByteOffset(), "the end of a value");
                        }
                    }
                }
                p = JsonScan.skipSpace(body, end);
                if (p < body.length && body[p] == ',') {
                    p = JsonScan.skipSpace(body, p + 1);
                } else if (p < body.length && body[p] == '}') {
                    break;
                } else {
                    throw JsonScan.unexpected(body, p, "',' or '}'");
                }
            }
            if (JsonScan.skipSpace(body, p + 1) != body.length) {
                throw new MalformedRequestException("content after the ExtenderArgs object");
            }
            if (pod == null) {
                throw new MalformedRequestException("ExtenderArgs without Pod");
            }
            return new ExtenderArgs(pod, nodes, names);
        } catch (IOException e) {
            throw new MalformedRequestException("malformed JSON: "
                    + (e instanceof JsonProcessingException json ? JsonBodyErrors.parseError(json) : "the body cannot be read"), e);
        }
    }

    /** The field name whose literal spans {@code [quote, end]}: its bytes as they are, decoded only when they need it. */
    private static String fieldName(byte[] body, int quote, int end) throws IOException {
        for (int i = quote + 1; i < end; i++) {
            if (body[i] == '\\' || body[i] < 0x20) { // an escape, a control character or a byte above 0x7F
                return JsonScan.decodeString(JSON, body, quote, end);
            }
        }
        return new String(body, quote + 1, end - quote - 1, StandardCharsets.ISO_8859_1); // ASCII: the bytes are the chars
    }

    /**
     * The strings of the {@code NodeNames} array opening at {@code open}, into {@code names}; the offset after the
     * array. A literal with an escape is decoded (and so checked) by Jackson; one with bytes above 0x7F has its UTF-8
     * checked the same way but stays a byte range.
     */
    private static int names(byte[] body, int open, CandidateNames names) throws IOException {
        int p = JsonScan.skipSpace(body, open + 1);
        if (p < body.length && body[p] == ']') {
            return p + 1;
        }
        while (true) {
            if (p >= body.length) {
                throw JsonScan.unexpected(body, p, "a string");
            }
            if (body[p] != '"') {
                if (JsonScan.startsValue(body[p])) {
                    throw new MalformedRequestException("NodeNames must hold strings, found " + JsonScan.kind(body[p]));
                }
                throw JsonScan.unexpected(body, p, "a string");
            }
            int flags = names.scan(p);
            int index = names.count() - 1;
            int close = names.contentTo(index);
            if (flags != 0) {
                String decoded = JsonScan.decodeString(JSON, body, p, close);
                if ((flags & CandidateNames.ESCAPES) != 0) {
                    names.known(index, decoded, true);
                }
            }
            p = JsonScan.skipSpace(body, close + 1);
            if (p < body.length && body[p] == ',') {
                p = JsonScan.skipSpace(body, p + 1);
            } else if (p < body.length && body[p] == ']') {
                return p + 1;
            } else {
                throw JsonScan.unexpected(body, p, "',' or ']' in NodeNames");
            }
        }
    }

    private PodFacts pod(JsonParser parser) throws IOException {
        expect(parser, JsonToken.START_OBJECT, "Pod");
        Metadata meta = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            if (field.equals("metadata")) {
                meta = metadata(parser, programLabel, energyAwareAnnotation, null);
            } else {
                parser.skipChildren();
            }
        }
        if (meta == null || meta.name == null) {
            throw new MalformedRequestException("Pod without metadata.name");
        }
        return new PodFacts(meta.namespace, meta.name, meta.uid, meta.label, "true".equalsIgnoreCase(meta.annotation));
    }

    /** @param base where in {@code body} the parser's input starts (its offsets count from there) */
    private List<CandidateNode> nodeList(JsonParser parser, byte[] body, int base) throws IOException {
        expect(parser, JsonToken.START_OBJECT, "Nodes");
        List<CandidateNode> nodes = new ArrayList<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (field.equals("items") && value != JsonToken.VALUE_NULL) {
                expect(parser, JsonToken.START_ARRAY, "Nodes.items");
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    nodes.add(node(parser, body, base));
                }
            } else {
                parser.skipChildren();
            }
        }
        return nodes;
    }

    private CandidateNode node(JsonParser parser, byte[] body, int base) throws IOException {
        expect(parser, JsonToken.START_OBJECT, "a Node of Nodes.items");
        int start = base + (int) parser.currentTokenLocation().getByteOffset();
        Metadata meta = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            if (field.equals("metadata")) {
                meta = metadata(parser, systemLabel, NodeState.THROTTLED, NodeState.THROTTLE_REASON);
            } else {
                parser.skipChildren();
            }
        }
        int end = base + (int) parser.currentLocation().getByteOffset();
        if (meta == null || meta.name == null) {
            throw new MalformedRequestException("a Node of Nodes.items without metadata.name");
        }
        return new CandidateNode(NodeState.of(meta.name, meta.label, meta.annotation, meta.secondAnnotation),
                new RawJson(body, start, end - start));
    }

    /** The fields of an ObjectMeta the extender reads: one label value and up to two annotation values. */
    private static final class Metadata {
        String name;
        String namespace;
        String uid;
        String label;
        String annotation;
        String secondAnnotation;
    }

    private static Metadata metadata(JsonParser parser, String label, String annotation, String secondAnnotation) throws IOException {
        expect(parser, JsonToken.START_OBJECT, "metadata");
        Metadata meta = new Metadata();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "name" -> meta.name = text(parser, value, "metadata.name");
                case "namespace" -> meta.namespace = text(parser, value, "metadata.namespace");
                case "uid" -> meta.uid = text(parser, value, "metadata.uid");
                case "labels" -> {
                    String[] found = entries(parser, value, "metadata.labels", label, null);
                    meta.label = found[0];
                }
                case "annotations" -> {
                    String[] found = entries(parser, value, "metadata.annotations", annotation, secondAnnotation);
                    meta.annotation = found[0];
                    meta.secondAnnotation = found[1];
                }
                default -> parser.skipChildren();
            }
        }
        return meta;
    }

    /** The values of keys {@code first} and {@code second} (may be null) of a string map. */
    private static String[] entries(JsonParser parser, JsonToken value, String what, String first, String second) throws IOException {
        String[] found = new String[2];
        if (value == JsonToken.VALUE_NULL) {
            return found;
        }
        expect(parser, JsonToken.START_OBJECT, what);
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            String text = text(parser, parser.nextToken(), what);
            if (key.equals(first)) {
                found[0] = text;
            } else if (key.equals(second)) {
                found[1] = text;
            }
        }
        return found;
    }

    private static String text(JsonParser parser, JsonToken value, String what) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.VALUE_STRING) {
            throw new MalformedRequestException(what + " must be a string, found " + kind(value));
        }
        return parser.getText();
    }

    /** {@link #expect}, a JSON null allowed too. */
    private static void expectOrNull(JsonParser parser, JsonToken expected, String what) {
        if (parser.currentToken() != JsonToken.VALUE_NULL) {
            expect(parser, expected, what);
        }
    }

    private static void expect(JsonParser parser, JsonToken expected, String what) {
        if (parser.currentToken() != expected) {
            throw new MalformedRequestException(what + " must be " + kind(expected) + ", found " + kind(parser.currentToken()));
        }
    }

    private static String kind(JsonToken token) {
        if (token == null) {
            return "the end of the body";
        }
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.name();
        };
    }
}
