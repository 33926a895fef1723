package io.escheduler.analyzer.reports;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/** One program in a report: over all systems, then per system (by name). */
@RegisterForReflection
public record ProgramEnergy(String program, EnergySummary overall, List<EnergySummary> systems) {
}
