package io.escheduler.auth;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/** Declares in the OpenAPI document that every {@code /v1} operation needs a bearer token. */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class BearerAuthOpenApiFilter implements OASFilter {

    static final String SCHEME = "bearer";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Components components = openAPI.getComponents() == null ? OASFactory.createComponents() : openAPI.getComponents();
        components.addSecurityScheme(SCHEME, OASFactory.createSecurityScheme()
                .type(SecurityScheme.Type.HTTP)
                .scheme("bearer")
                .description("A Kubernetes service account token of an allowed service account (token-review mode), "
                        + "or a token listed in the actuator's token file (token-file mode)"));
        openAPI.setComponents(components);
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (path.equals("/v1") || path.startsWith("/v1/")) {
                item.getOperations().values().forEach(operation ->
                        operation.addSecurityRequirement(OASFactory.createSecurityRequirement().addScheme(SCHEME)));
            }
        });
    }
}
