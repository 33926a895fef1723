package io.escheduler.json;

import java.util.Map;

/**
 * What is wrong with a request body, in the API's words: {@code message} for the error text, {@code detail} for the
 * structured part of an error body ({@code field}, {@code expected} or {@code allowed}, {@code line} and {@code column};
 * empty when there is nothing more to say).
 */
public record BodyProblem(String message, Map<String, Object> detail) {
}
