package io.escheduler.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.escheduler.testing.ErrorWords;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Each way a body goes wrong, read by Jackson as the services read theirs, said in the API's words. */
class JsonBodyErrorsTest {

    enum Mode { FAST, SLOW }

    record Window(Instant start, Instant end) {
    }

    record Request(String program, List<String> nodes, Instant start, Integer count, Mode mode, Window window) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Words that only internals use (ErrorWords), and the names of this test's classes. */
    private static final List<String> INTERNALS = Stream.concat(ErrorWords.INTERNALS.stream(), Stream.of("Request", "Window")).toList();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown field     | {\"program\": \"p\", \"node\": [\"a\"]}  | unknown field 'node'; expected one of: count, mode, nodes, program, start, window",
            "unknown nested    | {\"window\": {\"begin\": 1}}            | unknown field 'window.begin'; expected one of: end, start",
            "wrong time        | {\"start\": \"yesterday\"}              | field 'start': expected a date and time such as 2026-11-25T08:00:00Z, got \"yesterday\"",
            "number for list   | {\"nodes\": 5}                          | field 'nodes': expected a list, got a number",
            "object for string | {\"program\": {\"a\": 1}}              | field 'program': expected a string, got an object",
            "list element      | {\"nodes\": [\"a\", {}]}                | field 'nodes[1]': expected a string, got an object",
            "text for number   | {\"count\": \"many\"}                   | field 'count': expected a whole number, got \"many\"",
            "too large         | {\"count\": 99999999999}                | field 'count': 99999999999 is out of range for a whole number",
            "enum              | {\"mode\": \"medium\"}                  | field 'mode': expected one of FAST, SLOW, got \"medium\"",
            "list for body     | [1, 2]                                  | the body: expected an object, got a list",
            "empty body        | ''                                      | the body is empty: a JSON object is expected",
            "blank body        | '   '                                   | the body is empty: a JSON object is expected",
            "missing value     | {\"program\": }                         | malformed JSON at line 1, column 13: unexpected character ('}'): expected a value",
            "bare word         | {\"program\": yes}                      | malformed JSON at line 1, column 13: unrecognized token 'yes'",
            "cut short         | {\"program\": \"p\"                     | malformed JSON: the body ends at line 1, column 16 before the JSON is complete",
            "cut after a comma | {\"program\": \"p\",                    | malformed JSON: the body ends at line 1, column 17 before the JSON is complete",
            "single quotes     | {'program': 'p'}                        | malformed JSON at line 1, column 2: unexpected character ('''): was expecting double-quote to start field name",
    })
    void saysWhatIsWrongInTheApisWords(String what, String body, String expected) {
        JsonProcessingException e = catchThrowableOfType(JsonProcessingException.class, () -> JSON.readValue(body, Request.class));
        assertThat(e).as("Jackson refuses %s", body).isNotNull();

        BodyProblem problem = JsonBodyErrors.describe(e);

        assertThat(problem.message()).as("Jackson said: %s", e.getMessage()).startsWith(expected);
        assertThat(problem.message()).as("Jackson said: %s", e.getMessage()).doesNotContain(INTERNALS);
        assertThat(String.valueOf(problem.detail())).doesNotContain(INTERNALS);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"nodes\": [\"a\", {}]}  | field    | nodes[1]",
            "{\"start\": \"x\"}        | expected | a date and time such as 2026-11-25T08:00:00Z",
            "{\"program\": \"p\", }    | line     | 1",
    })
    void detailHoldsTheFieldWhatItExpectsAndWhere(String body, String key, String value) {
        JsonProcessingException e = catchThrowableOfType(JsonProcessingException.class, () -> JSON.readValue(body, Request.class));
        assertThat(String.valueOf(JsonBodyErrors.describe(e).detail().get(key))).isEqualTo(value);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "Unexpected character ('}' (code 125)): was expecting double-quote to start field name | unexpected character ('}'): was expecting double-quote to start field name",
            "Unexpected end-of-input: expected close marker for Object (start marker at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column: 1]) | unexpected end-of-input: expected close marker for Object",
            "Unexpected token (`JsonToken.END_OBJECT`), expected `JsonToken.FIELD_NAME` | unexpected token (end object), expected field name",
            "Cannot construct instance of `io.escheduler.actuator.api.CpufreqRequest` | cannot construct instance of a value",
    })
    void jacksonsOwnWordsLoseTheirInternals(String jackson, String plain) {
        assertThat(JsonBodyErrors.plain(jackson)).isEqualTo(plain);
    }
}
