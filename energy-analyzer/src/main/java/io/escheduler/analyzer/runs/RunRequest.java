package io.escheduler.analyzer.runs;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;

/**
 * {@code POST /v1/runs}: a finished job, e.g. from a Slurm epilog:
 * {@code {"program": "lulesh", "system": "cluster-a" | "nodes": ["n1", "n2"], "start": "2026-11-25T08:00:00Z",
 * "end": "2026-11-25T09:00:00Z", "id": "slurm-4711"}}. Give the system (all its nodes ran the job)
 * or the nodes (they must belong to one system), or both. {@code id} is optional: with it, the run
 * is recorded once per id; without it, once per program, nodes, start and end.
 */
@RegisterForReflection
public record RunRequest(String program, String system, List<String> nodes, Instant start, Instant end, String id) {
}
