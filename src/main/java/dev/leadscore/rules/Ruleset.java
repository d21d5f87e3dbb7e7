package dev.leadscore.rules;

import java.time.Instant;
import java.util.Map;

import org.kie.api.KieBase;

/**
 * One built version of a model: its KIE base (built once, shared by every request scored under
 * this version), where each rule is written, and the DRL generated from its decision tables.
 */
public record Ruleset(String model, String version, KieBase kieBase, Map<String, RuleSource> ruleSources,
        Map<String, String> generatedDrl, RuleFiles files, Instant builtAt) {

    public RuleSource sourceOf(String ruleName) {
        return ruleSources.get(ruleName);
    }
}
