package io.escheduler.testing.kube;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One request in the API server's audit log ({@code audit.k8s.io/v1} Event at level Metadata): the caller, the verb
 * and the object, and the HTTP status of the answer (403: RBAC refused it).
 *
 * @param user        e.g. {@code system:serviceaccount:escheduler:scheduler-extender}
 * @param verb        the authorizer's verb: {@code get}, {@code list}, {@code watch}, {@code create}, {@code patch}, ...
 * @param apiGroup    empty for the core group
 * @param resource    e.g. {@code pods}
 * @param subresource e.g. {@code binding}; empty when none
 * @param namespace   empty for cluster-scoped objects and cluster-wide lists
 * @param name        empty for collections
 */
public record AuditEvent(String user, String verb, String apiGroup, String resource, String subresource, String namespace,
                         String name, int status, Instant received) {

    /** Metadata of every request by a service account, except the controllers' own in kube-system. */
    static final String POLICY = """
            apiVersion: audit.k8s.io/v1
            kind: Policy
            omitStages: ["RequestReceived"]
            rules:
              - level: None
                userGroups: ["system:serviceaccounts:kube-system"]
              - level: Metadata
                userGroups: ["system:serviceaccounts"]
              - level: None
            """;

    /** {@code resource/subresource}, or the resource alone. */
    public String fullResource() {
        return subresource.isEmpty() ? resource : resource + "/" + subresource;
    }

    static List<AuditEvent> read(Path log) {
        List<AuditEvent> events = new ArrayList<>();
        if (!Files.exists(log)) {
            return events;
        }
        try {
            for (String line : Files.readAllLines(log)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode event = KubeApi.JSON.readTree(line);
                JsonNode object = event.path("objectRef");
                events.add(new AuditEvent(event.path("user").path("username").asText(), event.path("verb").asText(),
                        object.path("apiGroup").asText(""), object.path("resource").asText(""), object.path("subresource").asText(""),
                        object.path("namespace").asText(""), object.path("name").asText(""),
                        event.path("responseStatus").path("code").asInt(0), Instant.parse(event.path("requestReceivedTimestamp").asText())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return events;
    }
}
