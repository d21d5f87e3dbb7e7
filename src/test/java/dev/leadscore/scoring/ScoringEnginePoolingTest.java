package dev.leadscore.scoring;

import static dev.leadscore.scoring.DefaultModels.PRODUCT_LED;
import static dev.leadscore.scoring.DefaultModels.SALES_LED;
import static dev.leadscore.scoring.TestLeads.lead;
import static dev.leadscore.scoring.TestLeads.saasVp;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;


/** Sessions are reused from a pool per KIE base: a score must not see anything of the one before. */
class ScoringEnginePoolingTest {

    private static ScoreResult fresh(String model, TestLeads lead) {
        return new ScoringEngine().score(DefaultModels.ruleset(model), lead.build(), lead.events(), TestLeads.NOW);
    }

    @Test
    void aReusedSessionScoresLikeAFreshOneWhateverItScoredBefore() {
        ScoringEngine engine = new ScoringEngine();
        TestLeads busy = saasVp().times(30, "page_view", 3, "path", "/blog/x").event("form_submit", 1, "form", "demo_request");
        TestLeads quiet = lead().email("kim@cs.mit.edu");
        Ruleset sales = DefaultModels.ruleset(SALES_LED);
        for (int i = 0; i < 5; i++) {
            engine.score(sales, busy.build(), busy.events(), TestLeads.NOW);
            ScoreResult after = engine.score(sales, quiet.build(), quiet.events(), TestLeads.NOW);
            assertThat(after.sameOutcomeAs(fresh(SALES_LED, quiet))).as("round %d: %s", i, after.adjustments()).isTrue();
        }
    }

    @Test
    void eachKieBaseHasItsOwnSessions() {
        ScoringEngine engine = new ScoringEngine();
        TestLeads user = saasVp().event("teammate_invited", 1).event("form_submit", 1, "form", "demo_request");
        for (String model : List.of(SALES_LED, PRODUCT_LED, SALES_LED, PRODUCT_LED)) {
            ScoreResult r = engine.score(DefaultModels.ruleset(model), user.build(), user.events(), TestLeads.NOW);
            assertThat(r.model()).isEqualTo(model);
            assertThat(r.sameOutcomeAs(fresh(model, user))).isTrue();
        }
        // the two models explain the same lead differently, so a session of the wrong base would show
        assertThat(fresh(SALES_LED, user).adjustments()).isNotEqualTo(fresh(PRODUCT_LED, user).adjustments());
    }
}
