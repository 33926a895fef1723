package io.escheduler.analyzer.reports;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/** {@code GET /v1/reports} as JSON: {@code {"programs": [...]}} in the order asked. */
@RegisterForReflection
public record Report(List<ProgramEnergy> programs) {
}
