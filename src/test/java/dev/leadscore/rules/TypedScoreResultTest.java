package dev.leadscore.rules;

import static dev.leadscore.rules.RulesetValidationTest.build;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.leadscore.scoring.Activation;
import dev.leadscore.scoring.DefaultModels;
import dev.leadscore.scoring.Ruleset;
import dev.leadscore.scoring.ScoreResult;
import dev.leadscore.scoring.ScoringEngine;
import dev.leadscore.scoring.Stage;
import dev.leadscore.scoring.TestLeads;
import dev.leadscore.scoring.Workings;

/**
 * The score's workings are named (stage, band, activation...), whatever their order in the stored
 * list, and the product-led activation depends on typed signals, not on the names of the rules
 * that found them.
 */
class TypedScoreResultTest {

    /** Logs in five times in two days and uses three features: a power user of the product-led model. */
    private static TestLeads powerUser() {
        return TestLeads.lead().times(5, "login", 2).event("key_action", 2, "feature", "reports")
                .event("feature_used", 2, "feature", "alerts").event("feature_used", 1, "feature", "exports");
    }

    @Test
    void theStageAndBandExplanationsAreNamedAndSurviveTheStoredForm() {
        ScoreResult r = DefaultModels.score(DefaultModels.PRODUCT_LED,
                powerUser().email("pat@customer.example").title("VP Engineering").industry("SaaS").employees(200));
        Workings w = r.workings();

        assertThat(r.existingCustomer()).isTrue();
        assertThat(w.stage()).startsWith("not a PQL: an existing customer (rule '").endsWith("') is not new business");
        assertThat(w.band()).startsWith("band " + r.band() + " (rule '");
        assertThat(w.existingCustomer()).startsWith("existing customer (rule '");
        assertThat(w.activation()).startsWith("activation " + Activation.POWER_USER + " (rule 'Power User')");
        assertThat(w.fit()).startsWith("fit = ");
        // what a stored score keeps (a list of lines) reads back into the same named fields
        assertThat(Workings.fromLines(w.lines())).isEqualTo(w);
        assertThat(Workings.fromLines(DefaultModels.score(DefaultModels.SALES_LED, TestLeads.saasVp()).workings().lines())
                .stage()).startsWith("not an MQL: needs fit >= 50");
    }

    @Test
    void aPowerUserStaysOneWhenTheSignalRulesAreRenamed() throws Exception {
        Ruleset renamed = build(ModelEdits.of("product-led")
                .text("scoring.drl", "rule \"Frequent logins\"", "rule \"Logs in often\"")
                .text("scoring.drl", "rule \"Distinct features\"", "rule \"Uses many features\""));
        TestLeads user = powerUser();
        ScoreResult r = new ScoringEngine().score(renamed, user.build(), user.events(), TestLeads.NOW);

        assertThat(r.adjustments()).anyMatch(a -> a.rule().equals("Logs in often"))
                .anyMatch(a -> a.rule().equals("Uses many features"));
        assertThat(r.activation()).isEqualTo(Activation.POWER_USER);
        assertThat(r.stage()).isNotEqualTo(Stage.MQL);
    }
}
