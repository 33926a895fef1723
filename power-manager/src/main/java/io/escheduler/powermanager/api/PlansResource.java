package io.escheduler.powermanager.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.escheduler.policies.Mode;
import io.escheduler.policies.plan.Plan;
import io.escheduler.policies.plan.PlanJson;
import io.escheduler.policies.plan.PolicyName;
import io.escheduler.powermanager.engine.PlanBoard;
import io.escheduler.powermanager.engine.PolicyEngine;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.Arrays;
import java.util.Map;

/**
 * {@code GET /v1/plans/{policy}}: the policy's latest plan after the safety rails, in the seed's JSON shape
 * ({@code powerOn}, {@code powerOff}, {@code pods}) followed by the actions with their reasons and what was left alone
 * and why; plus {@code mode} and {@code acting} (whether this replica carries it out). {@code GET /v1/plans}: every
 * policy's, by name.
 */
@Path("/v1/plans")
@Produces(MediaType.APPLICATION_JSON)
public class PlansResource {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Inject
    PolicyEngine engine;

    @GET
    @Operation(summary = "Every policy's latest plan", description = "Policies that are off are listed with their mode only.")
    public ObjectNode all() {
        PlanBoard board = engine.board();
        ObjectNode root = MAPPER.createObjectNode();
        for (PolicyName name : PolicyName.values()) {
            Plan plan = board.plans().get(name);
            root.set(name.wireName(), plan == null ? MAPPER.createObjectNode().put("mode", board.modes().get(name).wireName())
                    : annotated(plan, board));
        }
        return root;
    }

    @GET
    @Path("/{policy}")
    @Operation(summary = "A policy's latest plan, in the seed's JSON shape, with reasons")
    public ObjectNode plan(@PathParam("policy") String policy) {
        PolicyName name = PolicyName.ofWireName(policy).orElseThrow(() -> new ApiException(404, "no policy '" + policy + "'",
                        Map.of("policies", Arrays.stream(PolicyName.values()).map(PolicyName::wireName).toList())));
        PlanBoard board = engine.board();
        if (board.modes().get(name) == Mode.OFF) {
            throw new ApiException(404, "policy " + name.wireName() + " is off: it plans nothing",
                    Map.of("enable", "power-manager." + name.wireName() + ".mode=dry-run (or enforce)"));
        }
        Plan plan = board.plans().get(name);
        if (plan == null) {
            throw new ApiException(503, "no plan yet: " + board.unavailable(), Map.of("retry", "after the next planning cycle"));
        }
        return annotated(plan, board);
    }

    private static ObjectNode annotated(Plan plan, PlanBoard board) {
        ObjectNode tree = PlanJson.tree(plan);
        tree.put("mode", board.modes().get(plan.policy()).wireName());
        tree.put("acting", board.acting() && board.modes().get(plan.policy()) == Mode.ENFORCE);
        if (board.unavailable() != null) {
            tree.put("stale", board.unavailable());
        }
        return tree;
    }
}
