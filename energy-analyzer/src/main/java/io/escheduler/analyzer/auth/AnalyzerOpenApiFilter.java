package io.escheduler.analyzer.auth;

import io.escheduler.auth.BearerAuthOpenApi;
import io.escheduler.auth.BearerAuthOpenApi.Need;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;

/**
 * Declares in the OpenAPI document that every {@code /v1} call that changes state needs a bearer token, and that reads
 * may ({@code security: [{}, {bearer: []}]}: they need one when {@code energy-analyzer.auth.reads=token}, a runtime
 * setting this build-time document cannot know).
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class AnalyzerOpenApiFilter implements OASFilter {

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        BearerAuthOpenApi.declare(openAPI, "In Kubernetes a service account token of a service account on "
                + "energy-analyzer.auth.writer-service-accounts (reads: also reader-service-accounts), checked through TokenReview; "
                + "outside Kubernetes a token listed in energy-analyzer.auth.token-file. Reads need it only with "
                + "energy-analyzer.auth.reads=token.", (path, method) -> {
                    if (!path.startsWith("/v1/")) {
                        return Need.NONE;
                    }
                    return method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS") ? Need.OPTIONAL : Need.REQUIRED;
                });
    }
}
