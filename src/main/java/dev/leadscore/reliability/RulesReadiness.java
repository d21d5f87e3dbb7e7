package dev.leadscore.reliability;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import dev.leadscore.rules.RulesetRegistry;

/**
 * Ready only when every model found has an active ruleset version (the database has its own
 * readiness check from the datasource).
 */
@Readiness
@ApplicationScoped
public class RulesReadiness implements HealthCheck {
    @Inject
    RulesetRegistry rulesets;

    @Override
    public HealthCheckResponse call() {
        return check(rulesets.states(), rulesets.defaultModel());
    }

    static HealthCheckResponse check(Map<String, RulesetRegistry.ModelState> states, String defaultModel) {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("Rules").up();
        if (!states.containsKey(defaultModel)) {
            b.down().withData(defaultModel, "not loaded");
        }
        states.forEach((model, state) -> {
            if (state.active() == null) {
                b.down().withData(model, "no active version: " + state.lastProblems().size() + " build problem(s)");
            } else {
                b.withData(model, state.active().version());
            }
        });
        return b.build();
    }
}
