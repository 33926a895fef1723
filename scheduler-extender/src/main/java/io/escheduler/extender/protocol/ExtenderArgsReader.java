package io.escheduler.extender.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.escheduler.extender.nodes.NodeState;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@link ExtenderArgs} from a request body with Jackson's streaming parser, keeping only the
 * handful of fields the extender uses. With {@code nodeCacheCapable: false} the body holds every
 * candidate Node in full (about 4 kB each): binding them to objects would cost most of a request's
 * time, so each Node is skipped over and kept as its byte range ({@link RawJson}).
 * Field names are matched exactly as kube-scheduler writes them (Go names, no JSON tags, for the
 * envelope; camelCase inside the Kubernetes objects); unknown fields are ignored, as Go's decoder does.
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
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedRequestException("the body is not a JSON object: an ExtenderArgs object was expected");
            }
            PodFacts pod = null;
            List<CandidateNode> nodes = null;
            CandidateNames names = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "Pod" -> pod = value == JsonToken.VALUE_NULL ? null : pod(parser);
                    case "Nodes" -> nodes = value == JsonToken.VALUE_NULL ? null : nodeList(parser, body);
                    case "NodeNames" -> names = value == JsonToken.VALUE_NULL ? null : names(parser, body);
                    default -> parser.skipChildren();
                }
            }
            if (parser.nextToken() != null) {
                throw new MalformedRequestException("content after the ExtenderArgs object");
            }
            if (pod == null) {
                throw new MalformedRequestException("ExtenderArgs without Pod");
            }
            return new ExtenderArgs(pod, nodes, names);
        } catch (IOException e) {
            throw new MalformedRequestException("malformed JSON: "
                    + (e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage()), e);
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

    private List<CandidateNode> nodeList(JsonParser parser, byte[] body) throws IOException {
        expect(parser, JsonToken.START_OBJECT, "Nodes");
        List<CandidateNode> nodes = new ArrayList<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (field.equals("items") && value != JsonToken.VALUE_NULL) {
                expect(parser, JsonToken.START_ARRAY, "Nodes.items");
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    nodes.add(node(parser, body));
                }
            } else {
                parser.skipChildren();
            }
        }
        return nodes;
    }

    private CandidateNode node(JsonParser parser, byte[] body) throws IOException {
        expect(parser, JsonToken.START_OBJECT, "a Node of Nodes.items");
        int start = (int) parser.currentTokenLocation().getByteOffset();
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
        int end = (int) parser.currentLocation().getByteOffset();
        if (meta == null || meta.name == null) {
            throw new MalformedRequestException("a Node of Nodes.items without metadata.name");
        }
        return new CandidateNode(NodeState.of(meta.name, meta.label, meta.annotation, meta.secondAnnotation),
                new RawJson(body, start, end - start));
    }

    /**
     * The names of {@code NodeNames} as byte ranges of the body ({@link CandidateNames}) in this thread's
     * {@link Scratch}: the parser finds each string and validates it as it skips it, but is not asked for its text
     * (5000 Strings per request); only a name written with an escape is decoded.
     */
    private static CandidateNames names(JsonParser parser, byte[] body) throws IOException {
        expect(parser, JsonToken.START_ARRAY, "NodeNames");
        CandidateNames names = new CandidateNames(body, Scratch.forThisThread(), 0);
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token != JsonToken.VALUE_STRING) {
                throw new MalformedRequestException("NodeNames must hold strings, found " + kind(token));
            }
            if (names.scan((int) parser.currentTokenLocation().getByteOffset())) {
                names.known(names.count() - 1, parser.getText(), true);
            }
        }
        return names;
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
