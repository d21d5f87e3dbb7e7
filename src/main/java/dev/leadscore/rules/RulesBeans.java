package dev.leadscore.rules;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** The ruleset builder, with the service's clock, the configured upload limits and the compiled modules kept in the database. */
@ApplicationScoped
public class RulesBeans {

    @Produces
    @ApplicationScoped
    RulesetBuilder rulesetBuilder(Clock clock, GovernanceConfig governance, KeptModules kept) {
        return new RulesetBuilder(clock, governance.limits(), kept);
    }
}
