package dev.leadscore.scoring;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

import dev.leadscore.rules.RulesetBuildException;
import dev.leadscore.rules.RulesetBuilder;

/** The default models of the top-level rules/ folder, built once per test run. */
public final class DefaultModels {
    public static final String SALES_LED = "sales-led";
    public static final String PRODUCT_LED = "product-led";

    private static final ConcurrentHashMap<String, Ruleset> BUILT = new ConcurrentHashMap<>();
    private static final ScoringEngine ENGINE = new ScoringEngine();

    private DefaultModels() {
    }

    public static Ruleset ruleset(String model) {
        return BUILT.computeIfAbsent(model, m -> {
            try {
                return new RulesetBuilder(Clock.systemUTC()).build(m, RuleFiles.read(Path.of("rules", m)));
            } catch (RulesetBuildException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        });
    }

    public static ScoreResult score(String model, TestLeads lead) {
        return score(model, lead, TestLeads.NOW);
    }

    public static ScoreResult score(String model, TestLeads lead, Instant asOf) {
        return ENGINE.score(ruleset(model), lead.build(), lead.events(), asOf);
    }
}
