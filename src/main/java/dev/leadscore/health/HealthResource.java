package dev.leadscore.health;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import dev.leadscore.api.ProblemException;
import dev.leadscore.rules.RulesetRegistry;
import dev.leadscore.security.Roles;

/** The monthly health check: JSON for tools, a page for RevOps. */
@Path("/api/reports/health")
@RolesAllowed({ Roles.MARKETING_OPS, Roles.REVOPS, Roles.ADMIN })
public class HealthResource {

    @Inject
    HealthCheckService service;
    @Inject
    RulesetRegistry rulesets;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public HealthReport health(@QueryParam("model") String model) {
        return service.compute(model(model));
    }

    @GET
    @Path("page")
    @Produces(MediaType.TEXT_HTML)
    public String page(@QueryParam("model") String model) {
        return HealthPage.render(service.compute(model(model)));
    }

    private String model(String model) {
        if (model != null && model.isBlank()) {
            throw ProblemException.invalidField("model", "must not be blank");
        }
        return model == null ? rulesets.defaultModel() : model;
    }
}
