package dev.leadscore.rules;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** The ruleset builder, with the service's clock and the configured upload limits. */
@ApplicationScoped
public class RulesBeans {

    @Produces
    @ApplicationScoped
    RulesetBuilder rulesetBuilder(Clock clock, GovernanceConfig governance) {
        return new RulesetBuilder(clock, governance.limits());
    }
}
