package io.escheduler.json;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Says what is wrong with a JSON request body that Jackson refused, the way an API explains itself: which field, what
 * it expects, what it got; where malformed JSON breaks off. Never a Java class name, a Jackson type or token name, or
 * the parser's {@code [Source: ...]} locations (Jackson's own messages carry all of them).
 *
 * <table>
 * <caption>What each failure says</caption>
 * <tr><th>Jackson's exception</th><th>message</th></tr>
 * <tr><td>{@link UnrecognizedPropertyException}</td><td>{@code unknown field 'node'; expected one of: end, id, nodes, ...}</td></tr>
 * <tr><td>{@link InvalidFormatException}, {@link MismatchedInputException}</td>
 *     <td>{@code field 'start': expected a date and time such as 2026-11-25T08:00:00Z, got "yesterday"}</td></tr>
 * <tr><td>no content at all</td><td>{@code the body is empty: a JSON object is expected}</td></tr>
 * <tr><td>a number too large for its field</td><td>{@code field 'ttlSeconds': 1e99 is out of range for a whole number}</td></tr>
 * <tr><td>{@link JsonEOFException}</td><td>{@code malformed JSON: the body ends at line 1, column 12 before the JSON is complete}</td></tr>
 * <tr><td>any other parse error</td><td>{@code malformed JSON at line 1, column 14: unexpected character '}': ...}</td></tr>
 * </table>
 */
public final class JsonBodyErrors {

    /** Whatever of Jackson's wording might still name internals: source locations, codes, token and class names. */
    private static final Pattern SOURCE = Pattern.compile("\\s*\\(?(?:start marker )?at \\[Source:[^\\]]*\\]\\)?|\\[Source:[^\\]]*\\]");
    private static final Pattern CODE = Pattern.compile("\\s*\\(code \\d+\\)");
    private static final Pattern TOKEN = Pattern.compile("`?JsonToken\\.([A-Z_]+)`?");
    private static final Pattern CLASS_NAME = Pattern.compile("`?(?:[a-z][a-z0-9_]*\\.)+[A-Z][\\w$]*`?");
    private static final Pattern GIVEN_TOKEN = Pattern.compile("token `?JsonToken\\.([A-Z_]+)`?");
    private static final Pattern NUMBER = Pattern.compile("Numeric value \\(([-+0-9.eE]{1,40})\\) out of range");
    private static final int SHOWN = 40;

    private JsonBodyErrors() {
    }

    /** What is wrong, for a 400 answer. */
    public static BodyProblem describe(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            return unknownField(unknown);
        }
        if (e instanceof JsonMappingException mapping) {
            return mapping(mapping);
        }
        return malformed(e);
    }

    private static BodyProblem unknownField(UnrecognizedPropertyException e) {
        String field = path(e);
        List<String> known = e.getKnownPropertyIds() == null ? List.of()
                : e.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList();
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("field", field);
        detail.put("allowed", known);
        return new BodyProblem("unknown field '" + field + "'" + (known.isEmpty() ? "" : "; expected one of: " + String.join(", ", known)),
                detail);
    }

    private static BodyProblem mapping(JsonMappingException e) {
        String field = path(e);
        if (e.getCause() instanceof InputCoercionException coercion) {
            return field(field, "a whole number", numberText(coercion) + " is out of range for a whole number");
        }
        if (e instanceof InvalidFormatException format) {
            String expected = expected(format.getTargetType());
            return field(field, expected, "expected " + expected + ", got " + shown(format.getValue()));
        }
        if (e instanceof MismatchedInputException mismatch) {
            String original = String.valueOf(e.getOriginalMessage());
            if (field.isEmpty() && original.startsWith("No content to map due to end-of-input")) {
                return new BodyProblem("the body is empty: a JSON " + noun(mismatch.getTargetType()) + " is expected", Map.of());
            }
            String expected = expected(mismatch.getTargetType());
            return field(field, expected, "expected " + expected + ", got " + got(original));
        }
        if (e.getCause() instanceof JacksonException cause && !(cause instanceof JsonMappingException)) {
            return malformed(cause);
        }
        return field(field, null, "not a valid value");
    }

    private static BodyProblem field(String field, String expected, String what) {
        Map<String, Object> detail = new LinkedHashMap<>();
        if (!field.isEmpty()) {
            detail.put("field", field);
        }
        if (expected != null) {
            detail.put("expected", expected);
        }
        return new BodyProblem((field.isEmpty() ? "the body: " : "field '" + field + "': ") + what, detail);
    }

    private static BodyProblem malformed(JacksonException e) {
        JsonLocation at = e.getLocation();
        Map<String, Object> detail = new LinkedHashMap<>();
        String where = "";
        if (at != null && at.getLineNr() > 0) {
            detail.put("line", at.getLineNr());
            detail.put("column", at.getColumnNr());
            where = "line " + at.getLineNr() + ", column " + at.getColumnNr();
        }
        if (e instanceof JsonEOFException || String.valueOf(e.getOriginalMessage()).startsWith("Unexpected end-of-input")) {
            return new BodyProblem("malformed JSON: the body ends" + (where.isEmpty() ? "" : " at " + where) + " before the JSON is complete",
                    detail);
        }
        return new BodyProblem("malformed JSON" + (where.isEmpty() ? "" : " at " + where) + ": " + plain(e.getOriginalMessage()), detail);
    }

    /** The field's path as the client wrote it: {@code nodes[1]}, {@code Pod.metadata.name}; empty for the body itself. */
    static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** What a field of this Java type takes, in JSON's terms. */
    static String expected(Class<?> type) {
        if (type == null) {
            return "a value";
        }
        if (type == String.class || type == Character.class || type == char.class) {
            return "a string";
        }
        if (type == Instant.class || type == OffsetDateTime.class || type == ZonedDateTime.class) {
            return "a date and time such as 2026-11-25T08:00:00Z";
        }
        if (type == LocalDate.class) {
            return "a date such as 2026-11-25";
        }
        if (type == Duration.class) {
            return "a duration such as PT5M";
        }
        if (List.of(int.class, Integer.class, long.class, Long.class, short.class, Short.class, byte.class, Byte.class, BigInteger.class)
                .contains(type)) {
            return "a whole number";
        }
        if (List.of(double.class, Double.class, float.class, Float.class, BigDecimal.class, Number.class).contains(type)) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type.isEnum()) {
            return "one of " + String.join(", ", Arrays.stream(type.getEnumConstants()).map(String::valueOf).toList());
        }
        if (JsonNode.class.isAssignableFrom(type)) {
            return "a JSON value";
        }
        return noun(type).equals("list") ? "a list" : "an object";
    }

    /** {@code list} or {@code object}: the JSON shape of a structured type. */
    private static String noun(Class<?> type) {
        return type != null && (type.isArray() || Collection.class.isAssignableFrom(type)) ? "list" : "object";
    }

    /**
     * What the client sent instead, from the token Jackson names in its message ({@code (token `JsonToken.START_ARRAY`)}):
     * the parser that read it is closed by the time the exception arrives.
     */
    private static String got(String jacksonMessage) {
        Matcher token = GIVEN_TOKEN.matcher(jacksonMessage);
        if (!token.find()) {
            return "something else";
        }
        return switch (token.group(1)) {
            case "START_OBJECT", "FIELD_NAME" -> "an object";
            case "START_ARRAY" -> "a list";
            case "VALUE_STRING" -> "a string";
            case "VALUE_NUMBER_INT", "VALUE_NUMBER_FLOAT" -> "a number";
            case "VALUE_TRUE" -> "true";
            case "VALUE_FALSE" -> "false";
            case "VALUE_NULL" -> "null";
            default -> "something else";
        };
    }

    /** The number Jackson could not fit, from its message ({@code Numeric value (99999999999) out of range of int}). */
    private static String numberText(InputCoercionException e) {
        Matcher number = NUMBER.matcher(String.valueOf(e.getOriginalMessage()));
        return number.find() ? number.group(1) : "the number";
    }

    /** A value as JSON shows it: strings quoted and cut after {@value #SHOWN} characters. */
    static String shown(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String text) {
            String cut = text.length() > SHOWN ? text.substring(0, SHOWN) + "…" : text;
            return "\"" + cut.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        return "a value of another kind";
    }

    /**
     * A parse error in words, without the location (for a parser over a part of the body, whose lines and columns are
     * not the client's): {@code unexpected character ('}'): expected a value}.
     */
    public static String parseError(JacksonException e) {
        return plain(e.getOriginalMessage());
    }

    /** Jackson's parse message without its source locations, character codes, token and class names. */
    static String plain(String message) {
        if (message == null || message.isBlank()) {
            return "not JSON";
        }
        String text = SOURCE.matcher(message).replaceAll("");
        text = CODE.matcher(text).replaceAll("");
        text = TOKEN.matcher(text).replaceAll(match -> match.group(1).toLowerCase().replace('_', ' '));
        text = CLASS_NAME.matcher(text).replaceAll("a value");
        text = text.replace("`", "").strip();
        int newline = text.indexOf('\n');
        if (newline >= 0) {
            text = text.substring(0, newline).strip();
        }
        return Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }
}
