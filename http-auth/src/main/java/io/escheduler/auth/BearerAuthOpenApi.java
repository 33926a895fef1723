package io.escheduler.auth;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

import java.util.function.BiFunction;

/**
 * Declares in a service's OpenAPI document which operations need a bearer token. Called by the service's own
 * {@code @OpenApiFilter}, which knows its rule ({@link ProtectedApi} is a runtime bean, the document is built before).
 */
public final class BearerAuthOpenApi {

    static final String SCHEME = "bearer";

    /** Whether an operation needs the token. */
    public enum Need {
        /** Open: no security requirement. */
        NONE,
        /** {@code security: [{bearer: []}]}. */
        REQUIRED,
        /** Open or with the token, as the service is configured: {@code security: [{}, {bearer: []}]}. */
        OPTIONAL
    }

    private BearerAuthOpenApi() {
    }

    /**
     * Adds the {@code bearer} HTTP security scheme, described by {@code description}, and sets each operation's security
     * requirement to what {@code need(path, method)} says (method upper case, e.g. {@code POST}).
     */
    public static void declare(OpenAPI openAPI, String description, BiFunction<String, String, Need> need) {
        Components components = openAPI.getComponents() == null ? OASFactory.createComponents() : openAPI.getComponents();
        components.addSecurityScheme(SCHEME, OASFactory.createSecurityScheme()
                .type(SecurityScheme.Type.HTTP)
                .scheme("bearer")
                .description(description));
        openAPI.setComponents(components);
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            for (var operation : item.getOperations().entrySet()) {
                Need needed = need.apply(path, operation.getKey().name());
                if (needed == Need.OPTIONAL) {
                    operation.getValue().addSecurityRequirement(OASFactory.createSecurityRequirement());
                }
                if (needed != Need.NONE) {
                    operation.getValue().addSecurityRequirement(OASFactory.createSecurityRequirement().addScheme(SCHEME));
                }
            }
        });
    }
}
