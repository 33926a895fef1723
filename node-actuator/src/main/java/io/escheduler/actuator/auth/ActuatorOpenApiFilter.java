package io.escheduler.actuator.auth;

import io.escheduler.auth.BearerAuthOpenApi;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;

/** Declares in the OpenAPI document that every {@code /v1} operation needs a bearer token. */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class ActuatorOpenApiFilter implements OASFilter {

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        BearerAuthOpenApi.declare(openAPI, "A Kubernetes service account token of an allowed service account (token-review mode), "
                + "or a token listed in the actuator's token file (token-file mode)",
                (path, method) -> path.equals("/v1") || path.startsWith("/v1/") ? BearerAuthOpenApi.Need.REQUIRED : BearerAuthOpenApi.Need.NONE);
    }
}
