package io.escheduler.analyzer.runs;

import io.escheduler.analyzer.api.ApiException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Records job runs, once each: a run's key (the pod's UID, the client's id, or a digest of
 * program, nodes, start and end) is unique, so re-sending a run changes nothing. A new run starts
 * {@code pending}; the profiler fills in its energy once Prometheus has the data.
 */
@ApplicationScoped
public class RunRecorder {

    private static final Logger LOG = Logger.getLogger(RunRecorder.class);

    /** The run, and whether this call created it. */
    public record Recorded(Run run, boolean created) {
    }

    /** Checks and records a run reported over REST. */
    public Recorded record(RunRequest request) {
        return record(request, null);
    }

    /** Checks and records a run reported over REST by {@code caller} (the authenticated identity, for the log). */
    public Recorded record(RunRequest request, String caller) {
        if (request == null) {
            throw ApiException.badRequest("a JSON body is required");
        }
        String program = required(request.program(), "program");
        if (request.start() == null || request.end() == null) {
            throw ApiException.badRequest("start and end are required (ISO-8601, e.g. 2026-11-25T08:00:00Z)");
        }
        if (!request.end().isAfter(request.start())) {
            throw ApiException.unprocessable("end " + request.end() + " is not after start " + request.start(),
                    Map.of("field", "end", "start", request.start().toString(), "end", request.end().toString()));
        }
        if (request.end().isAfter(Instant.now().plusSeconds(60))) {
            throw ApiException.unprocessable("end " + request.end() + " is in the future: report a run once it has finished",
                    Map.of("field", "end"));
        }
        if (request.system() == null && (request.nodes() == null || request.nodes().isEmpty())) {
            throw ApiException.badRequest("give the system the run used, or its nodes, or both");
        }
        String[] key = new String[1];
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                Placement where = resolve(request.system(), request.nodes());
                key[0] = request.id() != null && !request.id().isBlank() ? "rest:id:" + request.id().strip()
                        : "rest:" + digest(program, where.nodes(), request.start(), request.end());
                return store(Run.Source.rest, key[0], program, where.system(), where.nodes(), request.start(), request.end(), caller);
            });
        } catch (RuntimeException e) {
            return alreadyRecorded(key[0], e);
        }
    }

    /**
     * Two identical reports raced: the other one's insert won the unique run key (SQLState 23505),
     * so this run is recorded. Anything else is rethrown.
     */
    private Recorded alreadyRecorded(String key, RuntimeException e) {
        boolean duplicate = false;
        for (Throwable cause = e; cause != null && !duplicate; cause = cause.getCause()) {
            duplicate = cause instanceof java.sql.SQLException sql && "23505".equals(sql.getSQLState());
        }
        Run existing = duplicate && key != null ? QuarkusTransaction.requiringNew().call(() -> Run.<Run>find("runKey", key).firstResult()) : null;
        if (existing == null) {
            throw e;
        }
        return new Recorded(existing, false);
    }

    /** Records a run seen in Kubernetes (a finished pod); the pod's UID makes it unique. */
    public Recorded recordPod(String podUid, String program, String node, Instant start, Instant end) {
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                Placement where = resolve(null, List.of(node));
                return store(Run.Source.kubernetes, "pod:" + podUid, program, where.system(), where.nodes(), start, end, null);
            });
        } catch (RuntimeException e) {
            return alreadyRecorded("pod:" + podUid, e);
        }
    }

    private record Placement(ComputingSystem system, List<String> nodes) {
    }

    /** The system and nodes of a run: the system's nodes when only it is given; the nodes' one system otherwise. */
    private Placement resolve(String systemName, List<String> requestedNodes) {
        ComputingSystem system = null;
        if (systemName != null) {
            system = ComputingSystem.find("name", systemName.strip()).firstResult();
            if (system == null) {
                throw ApiException.unprocessable("unknown system '" + systemName + "'",
                        Map.of("field", "system", "known", ComputingSystem.<ComputingSystem>listAll().stream().map(s -> s.name).sorted().toList()));
            }
        }
        if (requestedNodes == null || requestedNodes.isEmpty()) {
            List<String> members = NodeEntry.<NodeEntry>list("system", system).stream().map(n -> n.name).sorted().toList();
            if (members.isEmpty()) {
                throw ApiException.unprocessable("system '" + systemName + "' has no known node: give the run's nodes", Map.of("field", "nodes"));
            }
            return new Placement(system, members);
        }
        List<String> unknown = new ArrayList<>();
        TreeSet<String> nodes = new TreeSet<>();
        ComputingSystem nodesSystem = null;
        for (String name : requestedNodes) {
            if (name == null || name.isBlank()) {
                throw ApiException.badRequest("nodes must not hold empty names");
            }
            NodeEntry node = NodeEntry.findById(name.strip());
            if (node == null) {
                unknown.add(name);
                continue;
            }
            nodes.add(node.name);
            if (nodesSystem != null && !nodesSystem.id.equals(node.system.id)) {
                throw ApiException.unprocessable("the nodes belong to different systems (" + nodesSystem.name + ", " + node.system.name
                        + "): report one run per system", Map.of("field", "nodes"));
            }
            nodesSystem = node.system;
        }
        if (!unknown.isEmpty()) {
            throw ApiException.unprocessable("unknown node(s) " + unknown + ": nodes are known from Kubernetes or from "
                    + "energy-analyzer.systems.members", Map.of("field", "nodes", "unknown", unknown));
        }
        if (system != null && !system.id.equals(nodesSystem.id)) {
            throw ApiException.unprocessable("the nodes belong to system '" + nodesSystem.name + "', not '" + system.name + "'",
                    Map.of("field", "system"));
        }
        return new Placement(nodesSystem, List.copyOf(nodes));
    }

    private Recorded store(Run.Source source, String key, String programName, ComputingSystem system, List<String> nodes,
                           Instant start, Instant end, String caller) {
        Run existing = Run.find("runKey", key).firstResult();
        if (existing != null) {
            return new Recorded(existing, false);
        }
        Run run = new Run();
        run.program = Program.named(programName);
        run.system = system;
        run.source = source;
        run.runKey = key;
        run.nodes = nodes.toArray(String[]::new);
        run.startedAt = start;
        run.endedAt = end;
        run.status = Run.Status.pending;
        run.nextAttemptAt = Instant.now();
        run.createdAt = Instant.now();
        run.persist();
        LOG.infof("run %d recorded: %s on %s %s, %s..%s (%s%s)", run.id, programName, system.name, nodes, start, end, source,
                caller == null ? "" : ", by " + caller);
        return new Recorded(run, true);
    }

    private static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest(field + " is required");
        }
        return value.strip();
    }

    private static String digest(String program, List<String> nodes, Instant start, Instant end) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((program + "\n" + String.join(",", nodes) + "\n" + start + "\n" + end).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
