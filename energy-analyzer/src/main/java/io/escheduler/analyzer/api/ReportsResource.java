package io.escheduler.analyzer.api;

import io.escheduler.analyzer.reports.EnergyReports;
import io.escheduler.analyzer.reports.Report;
import io.escheduler.analyzer.reports.ReportCsv;
import io.escheduler.analyzer.reports.ReportTable;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestQuery;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/reports?program=a&program=b}: seed 1's report (max, min, mean, total energy, and
 * power) of one or several programs, per system and over all systems, as JSON (the default),
 * a {@code text/plain} table or {@code text/csv}, by the {@code Accept} header or {@code ?format=json|text|csv}.
 */
@Path("/v1/reports")
public class ReportsResource {

    static final String TEXT_CSV = "text/csv";
    private static final List<MediaType> OFFERED = List.of(MediaType.APPLICATION_JSON_TYPE, MediaType.TEXT_PLAIN_TYPE,
            MediaType.valueOf(TEXT_CSV));
    private static final Map<String, MediaType> FORMATS = Map.of("json", OFFERED.get(0), "text", OFFERED.get(1), "csv", OFFERED.get(2));

    @Inject
    EnergyReports reports;

    @GET
    @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN, TEXT_CSV})
    @Operation(summary = "Energy report of one or several programs as JSON, a text table or CSV",
            description = "One row per program and system plus an 'all systems' row; energy in J per run (max, min, mean) "
                    + "and in total, power in W (highest peak, lowest minimum, time-weighted mean). Only complete runs count.")
    public Response report(@RestQuery List<String> program, @RestQuery String format, @Context HttpHeaders headers) {
        MediaType type = chosen(format, headers);
        if (program == null || program.isEmpty()) {
            throw ApiException.badRequest("give at least one program: GET /v1/reports?program=a&program=b");
        }
        LinkedHashSet<String> names = new LinkedHashSet<>();
        for (String name : program) {
            if (name == null || name.isBlank()) {
                throw ApiException.badRequest("program must not be empty");
            }
            names.add(name.strip());
        }
        Report report = reports.report(new ArrayList<>(names));
        if (type.equals(OFFERED.get(1))) {
            return Response.ok(ReportTable.render(report), "text/plain; charset=UTF-8").build();
        }
        if (type.equals(OFFERED.get(2))) {
            return Response.ok(ReportCsv.render(report), TEXT_CSV + "; charset=UTF-8; header=present").build();
        }
        return Response.ok(report, MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** {@code format} if given, else the first offered type the client accepts best (JSON for {@code *}{@code /*} or none). */
    static MediaType chosen(String format, HttpHeaders headers) {
        if (format != null && !format.isBlank()) {
            MediaType type = FORMATS.get(format.strip());
            if (type == null) {
                throw new ApiException(400, "unknown format '" + format + "'", Map.of("allowed", List.of("json", "text", "csv")));
            }
            return type;
        }
        for (MediaType accepted : headers.getAcceptableMediaTypes()) {
            for (MediaType offered : OFFERED) {
                if (accepted.isCompatible(offered)) {
                    return offered;
                }
            }
        }
        return OFFERED.get(0);
    }
}
