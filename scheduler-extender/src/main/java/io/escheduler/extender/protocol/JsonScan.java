package io.escheduler.extender.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;

/**
 * The structure of JSON text over bytes, for {@link ExtenderArgsReader}: whitespace, where a string or any value
 * ends. Finding a value's end checks only what it takes to find it (strings closed, brackets balanced); the reader
 * hands the value's bytes to Jackson, which checks them whole. Offsets are into the body; every failure is a
 * {@link MalformedRequestException} saying what was found where.
 */
final class JsonScan {

    private JsonScan() {
    }

    /** The first offset from {@code from} that is not JSON whitespace (space, tab, line feed, carriage return). */
    static int skipSpace(byte[] body, int from) {
        int i = from;
        while (i < body.length && space(body[i])) {
            i++;
        }
        return i;
    }

    /** JSON whitespace: space, tab, line feed, carriage return. */
    private static boolean space(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    /** The offset of the closing quote of the string opening at {@code quote}. */
    static int stringEnd(byte[] body, int quote) {
        int i = quote + 1;
        while (i < body.length) {
            byte b = body[i];
            if (b == '"') {
                return i;
            }
            i += b == '\\' ? 2 : 1;
        }
        throw new MalformedRequestException("malformed JSON: Unexpected end-of-input in the string starting at byte " + quote);
    }

    /** The offset just after the value starting at {@code from}: a string, an object or array (to its closing bracket), or a literal. */
    static int valueEnd(byte[] body, int from) {
        if (from >= body.length) {
            throw unexpected(body, from, "a value");
        }
        byte first = body[from];
        if (first == '"') {
            return stringEnd(body, from) + 1;
        }
        if (first == '{' || first == '[') {
            int depth = 0;
            for (int i = from; i < body.length; i++) {
                byte b = body[i];
                if (b == '"') {
                    i = stringEnd(body, i);
                } else if (b == '{' || b == '[') {
                    depth++;
                } else if ((b == '}' || b == ']') && --depth == 0) {
                    return i + 1;
                }
            }
            throw unexpected(body, body.length, "the end of the " + (first == '{' ? "object" : "array") + " opening at byte " + from);
        }
        int i = from;
        while (i < body.length && body[i] != ',' && body[i] != '}' && body[i] != ']' && !space(body[i])) {
            i++;
        }
        if (i == from) {
            throw unexpected(body, from, "a value");
        }
        return i;
    }

    /** The text of the string literal spanning {@code [quote, close]}, decoded and checked (escapes, UTF-8) by Jackson. */
    static String decodeString(JsonFactory json, byte[] body, int quote, int close) throws IOException {
        try (JsonParser parser = json.createParser(body, quote, close + 1 - quote)) {
            if (parser.nextToken() != JsonToken.VALUE_STRING) {
                throw unexpected(body, quote, "a string");
            }
            return parser.getText();
        }
    }

    /** Whether {@code b} can start a JSON value. */
    static boolean startsValue(byte b) {
        return b == '{' || b == '[' || b == '"' || b == '-' || (b >= '0' && b <= '9') || b == 't' || b == 'f' || b == 'n';
    }

    /** What a value starting with {@code b} is, as the reader's messages say it. */
    static String kind(byte b) {
        return switch (b) {
            case '{' -> "an object";
            case '[' -> "an array";
            case '"' -> "a string";
            case 't', 'f' -> "a boolean";
            case 'n' -> "null";
            default -> "a number";
        };
    }

    /** "malformed JSON: expected X at byte N, found ...". */
    static MalformedRequestException unexpected(byte[] body, int at, String expected) {
        if (at >= body.length) {
            return new MalformedRequestException("malformed JSON: Unexpected end-of-input: expected " + expected + " at byte " + at);
        }
        int b = body[at] & 0xFF;
        String found = b >= 0x20 && b < 0x7F ? "'" + (char) b + "'" : String.format("byte 0x%02x", b);
        return new MalformedRequestException("malformed JSON: expected " + expected + " at byte " + at + ", found " + found);
    }
}
