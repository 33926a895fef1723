package io.escheduler.extender.protocol;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes the filter and prioritize answers as Go's {@code encoding/json} writes the
 * {@code k8s.io/kube-scheduler/extender/v1} types: every field under its Go name, nil pointers and maps as
 * {@code null}. The Nodes of a filter result are copied byte for byte from the request (tens of
 * megabytes at 5000 nodes: no re-encoding), and so are the names of {@link CandidateNames} whose literal has no
 * escape (a literal without a backslash is the output the encoder would give: the name's UTF-8 bytes in quotes);
 * other strings are escaped by Jackson's encoder.
 */
public final class ProtocolWriter {

    private ProtocolWriter() {
    }

    /** {@code ExtenderFilterResult}. */
    public static Buffer filterResult(ExtenderFilterResult result) {
        int size = result.nodes() == null ? 256 : result.nodes().stream().mapToInt(node -> node.json().length() + 1).sum() + 256;
        Out out = new Out(size);
        out.ascii("{\"Nodes\":");
        if (result.nodes() == null) {
            out.ascii("null");
        } else {
            out.ascii("{\"metadata\":{},\"items\":[");
            boolean first = true;
            for (CandidateNode node : result.nodes()) {
                out.ascii(first ? "" : ",");
                RawJson raw = node.json();
                out.write(raw.source(), raw.offset(), raw.length());
                first = false;
            }
            out.ascii("]}");
        }
        out.ascii(",\"NodeNames\":");
        if (result.nodeNames() == null) {
            out.ascii("null");
        } else {
            out.ascii("[");
            boolean first = true;
            for (String name : result.nodeNames()) {
                out.ascii(first ? "" : ",").string(name);
                first = false;
            }
            out.ascii("]");
        }
        out.ascii(",\"FailedNodes\":").map(result.failedNodes());
        out.ascii(",\"FailedAndUnresolvableNodes\":").map(result.failedAndUnresolvableNodes());
        out.ascii(",\"Error\":").string(result.error() == null ? "" : result.error()).ascii("}");
        return out.toBuffer();
    }

    /**
     * {@code ExtenderFilterResult} of a {@code nodeCacheCapable} request: {@code NodeNames} and the {@code FailedNodes}
     * keys are the request's literals; the same bytes as {@link #filterResult} with the names as Strings.
     *
     * @param kept    indexes into {@code names} of the nodes that pass, in order: the first {@code keptCount}
     * @param removed indexes into {@code names} of the nodes removed, in order: the first {@code removedCount}
     * @param reasons the reason of each removed node
     */
    public static Buffer filterResultByName(CandidateNames names, int[] kept, int keptCount, int[] removed, String[] reasons,
                                            int removedCount) {
        int literals = 0;
        for (int i = 0; i < keptCount; i++) {
            literals += names.literalLength(kept[i]) + 1;
        }
        Out out = new Out(literals + removedCount * 128 + 128);
        out.ascii("{\"Nodes\":null,\"NodeNames\":[");
        for (int i = 0; i < keptCount; ) {
            if (i > 0) {
                out.comma();
            }
            // a run of kept names that follow one another in the request, with a bare comma between each two, is one copy
            int last = i;
            while (last + 1 < keptCount && kept[last + 1] == kept[last] + 1 && adjacent(names, kept[last])) {
                last++;
            }
            if (last == i) {
                out.name(names, kept[i]);
            } else {
                int from = names.literalOffset(kept[i]);
                out.write(names.source(), from, names.literalOffset(kept[last]) + names.literalLength(kept[last]) - from);
            }
            i = last + 1;
        }
        out.ascii("],\"FailedNodes\":{");
        String lastReason = null;
        int lastFrom = 0;
        int lastTo = 0;
        for (int i = 0; i < removedCount; i++) {
            if (i > 0) {
                out.comma();
            }
            out.name(names, removed[i]).ascii(":");
            if (reasons[i] != lastReason) { // identity: equal reasons are mostly one String, written once and copied
                lastReason = reasons[i];
                lastFrom = out.size;
                out.string(lastReason);
                lastTo = out.size;
            } else {
                out.copyOwn(lastFrom, lastTo);
            }
        }
        return out.ascii("},\"FailedAndUnresolvableNodes\":{},\"Error\":\"\"}").toBuffer();
    }

    /**
     * Whether candidate {@code index}'s literal and the next one's are both written as they came (no escape) and only a
     * comma lies between them (Go's encoder writes no spaces): the bytes from the one to the other are then the answer's.
     */
    private static boolean adjacent(CandidateNames names, int index) {
        int end = names.literalOffset(index) + names.literalLength(index);
        return !names.escaped(index) && !names.escaped(index + 1) && names.literalOffset(index + 1) == end + 1
                && names.source()[end] == ',';
    }

    /**
     * {@code HostPriorityList} of candidate {@code i} of {@code names} scoring {@code scores[i]} ({@code scores} may be
     * longer), written relative to the lowest score among the candidates: each candidate above it with its score less
     * the lowest, and no candidate at it. kube-scheduler adds an extender's score (times its weight) to each listed
     * node's total, a node not listed gets nothing, and it ranks the candidates by their totals: subtracting one number
     * from every candidate's score changes no choice. Every candidate's score is usually the same (every throttled
     * candidate filtered out, no energy ranking), and the answer is then {@code []}: a 5000-node answer of about 150 kB
     * that kube-scheduler decoded with reflection in its scheduling cycle, for nothing.
     */
    public static Buffer hostPriorities(CandidateNames names, int[] scores) {
        int count = names.count();
        if (scores.length < count) {
            throw new IllegalArgumentException(scores.length + " scores for " + count + " candidates");
        }
        int lowest = HostPriority.MAX_SCORE;
        for (int i = 0; i < count; i++) {
            int score = scores[i];
            if (score < HostPriority.MIN_SCORE || score > HostPriority.MAX_SCORE) {
                throw new IllegalArgumentException("score " + score + " of " + names.name(i) + " outside "
                        + HostPriority.MIN_SCORE + ".." + HostPriority.MAX_SCORE);
            }
            lowest = Math.min(lowest, score);
        }
        int listed = 0;
        int literals = 0;
        for (int i = 0; i < count; i++) {
            if (scores[i] > lowest) {
                listed++;
                literals += names.literalLength(i);
            }
        }
        // {"Host":<literal>,"Score":<1..10>}, : at most 22 bytes and the literal
        Out out = new Out(listed * 22 + literals + 2);
        out.ascii("[");
        boolean first = true;
        for (int i = 0; i < count; i++) {
            int score = scores[i] - lowest;
            if (score == 0) {
                continue;
            }
            out.ascii(first ? "{\"Host\":" : ",{\"Host\":").name(names, i).ascii(",\"Score\":");
            first = false;
            if (score == 10) {
                out.ascii("10}");
            } else {
                out.digit(score).ascii("}");
            }
        }
        return out.ascii("]").toBuffer();
    }

    /** {@code HostPriorityList}. */
    public static Buffer hostPriorities(List<HostPriority> priorities) {
        Out out = new Out(priorities.size() * 40 + 16);
        out.ascii("[");
        boolean first = true;
        for (HostPriority priority : priorities) {
            out.ascii(first ? "{\"Host\":" : ",{\"Host\":").string(priority.host())
                    .ascii(",\"Score\":").ascii(Integer.toString(priority.score())).ascii("}");
            first = false;
        }
        return out.ascii("]").toBuffer();
    }

    /**
     * A {@code v1} {@code Binding} of pod {@code namespace/name} to {@code node}, with {@code uid} (null for none) as the
     * pod's UID precondition: what kube-scheduler's own binder posts to {@code pods/{name}/binding}.
     */
    public static byte[] binding(String namespace, String name, String uid, String node) {
        Out out = new Out(name.length() + namespace.length() + node.length() + (uid == null ? 0 : uid.length()) + 160);
        out.ascii("{\"apiVersion\":\"v1\",\"kind\":\"Binding\",\"metadata\":{\"name\":").string(name)
                .ascii(",\"namespace\":").string(namespace);
        if (uid != null) {
            out.ascii(",\"uid\":").string(uid);
        }
        out.ascii("},\"target\":{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"name\":").string(node).ascii("}}");
        return out.bytes();
    }

    /**
     * The body of a refused request: {@code {"Error": "..."}}, the shape of an {@code ExtenderBindingResult} and the
     * field kube-scheduler reads in an {@code ExtenderFilterResult}; {@code HostPriorityList} has no error field, so
     * prioritize answers the same object. kube-scheduler treats any status but 200 as a failed call and does not read the body:
     * it is for people and logs.
     */
    public static Buffer error(String message) {
        return new Out(message.length() + 16).ascii("{\"Error\":").string(message).ascii("}").toBuffer();
    }

    /**
     * A growing UTF-8 buffer, unsynchronized (a {@code ByteArrayOutputStream} takes a lock per byte: at 5000 node
     * names that was a fifth of a filter answer's CPU).
     */
    private static final class Out {

        private byte[] buffer;
        private int size;

        Out(int capacity) {
            buffer = new byte[Math.max(16, capacity)];
        }

        private void room(int more) {
            if (size + more > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
            }
        }

        Out comma() {
            room(1);
            buffer[size++] = ',';
            return this;
        }

        /** One decimal digit. */
        Out digit(int digit) {
            room(1);
            buffer[size++] = (byte) ('0' + digit);
            return this;
        }

        /** Candidate {@code index}'s name: its literal as it came, or encoded again when it has an escape. */
        Out name(CandidateNames names, int index) {
            if (names.escaped(index)) {
                return string(names.name(index));
            }
            write(names.source(), names.literalOffset(index), names.literalLength(index));
            return this;
        }

        /** Appends again what this buffer holds at {@code [from, to)}. */
        void copyOwn(int from, int to) {
            room(to - from);
            System.arraycopy(buffer, from, buffer, size, to - from);
            size += to - from;
        }

        void write(byte[] bytes, int offset, int length) {
            room(length);
            System.arraycopy(bytes, offset, buffer, size, length);
            size += length;
        }

        /** Text known to be ASCII and to need no escaping. */
        @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int): exactly the low bytes, no copy of its own
        Out ascii(String text) {
            room(text.length());
            text.getBytes(0, text.length(), buffer, size);
            size += text.length();
            return this;
        }

        /** A JSON string: node names are plain ASCII and copied as they are; anything else goes through Jackson's encoder. */
        Out string(String text) {
            if (plain(text)) {
                room(text.length() + 2);
                buffer[size++] = '"';
                ascii(text);
                buffer[size++] = '"';
                return this;
            }
            byte[] escaped = JsonStringEncoder.getInstance().quoteAsUTF8(text);
            room(escaped.length + 2);
            buffer[size++] = '"';
            write(escaped, 0, escaped.length);
            buffer[size++] = '"';
            return this;
        }

        private static boolean plain(String text) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c < 0x20 || c >= 0x7F || c == '"' || c == '\\') {
                    return false;
                }
            }
            return true;
        }

        Out map(Map<String, String> map) {
            if (map == null) {
                return ascii("null");
            }
            ascii("{");
            boolean first = true;
            for (Map.Entry<String, String> entry : map.entrySet()) {
                ascii(first ? "" : ",").string(entry.getKey()).ascii(":").string(entry.getValue());
                first = false;
            }
            return ascii("}");
        }

        /** The bytes written, wrapped without a copy (at 5000 nodes a copy was a tenth of a request's garbage). */
        Buffer toBuffer() {
            return Buffer.buffer(Unpooled.wrappedBuffer(buffer, 0, size));
        }

        byte[] bytes() {
            return Arrays.copyOf(buffer, size);
        }
    }
}
