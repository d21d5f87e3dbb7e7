package dev.leadscore.scoring;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import dev.leadscore.rules.GovernanceConfig;
import dev.leadscore.rules.KeptModules;
import dev.leadscore.rules.RulesetBuilder;
import io.quarkus.arc.DefaultBean;

/** The one clock of the service (tests replace it) and the stateless scoring pieces. */
@ApplicationScoped
public class ScoringBeans {

    @Produces
    @DefaultBean
    @ApplicationScoped
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @ApplicationScoped
    ScoringEngine scoringEngine() {
        return new ScoringEngine();
    }

    @Produces
    @ApplicationScoped
    RulesetBuilder rulesetBuilder(Clock clock, GovernanceConfig governance, KeptModules kept) {
        return new RulesetBuilder(clock, governance.limits(), kept);
    }
}
