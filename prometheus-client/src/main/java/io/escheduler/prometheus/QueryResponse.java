package io.escheduler.prometheus;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * Prometheus' answer to {@code /api/v1/query} and {@code /api/v1/query_range}, as it sends it:
 * <pre>
 * {"status": "success", "data": {"resultType": "vector", "result": [...]}, "warnings": [...]}
 * {"status": "error", "errorType": "bad_data", "error": "parse error at char 5: ..."}
 * </pre>
 * {@code result} stays a tree until {@link Series#of} reads it: its shape depends on {@code resultType}.
 * Fields Prometheus adds in later versions (e.g. {@code infos}) are ignored.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record QueryResponse(String status, Data data, String errorType, String error, List<String> warnings) {

    /** {@code data}: {@code resultType} is {@code vector}, {@code matrix}, {@code scalar} or {@code string}. */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Data(String resultType, JsonNode result) {
    }

    public boolean success() {
        return "success".equals(status);
    }
}
