package dev.leadscore.scoring;

import dev.leadscore.scoring.table.ModelTables;

import java.time.Instant;
import java.util.Map;

import org.kie.api.KieBase;

/**
 * One built version of a model: its KIE base (compiled from the product's table rules and the
 * model's DRL, shared by every request scored under this version and by versions with the same
 * DRL), the typed rows of its tables, where each rule is written, and the DRL that was compiled.
 */
public record Ruleset(String model, String version, KieBase kieBase, Map<String, RuleSource> ruleSources,
        Map<String, String> compiledDrl, ModelTables tables, RuleFiles files, Instant builtAt) {

    public RuleSource sourceOf(String ruleName) {
        return ruleSources.get(ruleName);
    }
}
