package dev.leadscore.scoring.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.leadscore.scoring.ActivityEvent;
import dev.leadscore.scoring.DefaultModels;
import dev.leadscore.scoring.Lead;
import dev.leadscore.scoring.ScoreResult;
import dev.leadscore.scoring.ScoringEngine;
import dev.leadscore.scoring.Stage;

/**
 * The hand-written baseline of the engine benchmark computes exactly what the shipped sales-led
 * rules compute; otherwise the benchmark would compare different work.
 */
class HandWrittenScorerAgreementTest {
    private static final int LEADS = 3_000;

    private final ScoringEngine engine = new ScoringEngine();
    private final HandWrittenSalesLedScorer handWritten = new HandWrittenSalesLedScorer();

    @Test
    void givesTheSameFiguresAsTheRulesOnGeneratedLeads() {
        RandomLeads random = new RandomLeads(20260303L);
        List<String> disagreements = new ArrayList<>();
        Set<String> stages = new HashSet<>();
        Set<String> bands = new HashSet<>();
        int decayed = 0;
        int capped = 0;
        for (int i = 0; i < LEADS; i++) {
            Lead lead = random.lead();
            List<ActivityEvent> events = random.salesLedEvents(i % 40);
            // most leads as of the generator's instant, some long after it so decay dominates
            Instant asOf = i % 5 == 0 ? RandomLeads.AS_OF.plus(Duration.ofDays(i % 150)) : RandomLeads.AS_OF;
            ScoreResult rules = engine.score(DefaultModels.ruleset(DefaultModels.SALES_LED), lead, events, asOf);
            HandWrittenSalesLedScorer.Score hand = handWritten.score(lead, events, asOf);
            HandWrittenSalesLedScorer.Score expected = new HandWrittenSalesLedScorer.Score(rules.fit(),
                    rules.engagement(), rules.total(), rules.band(), rules.stage());
            if (!hand.equals(expected)) {
                disagreements.add(lead.getId() + " (" + events.size() + " events, as of " + asOf + "): rules " + expected
                        + ", hand-written " + hand + "; adjustments " + rules.adjustments());
            }
            stages.add(rules.stage());
            bands.add(rules.band());
            decayed += rules.adjustments().stream().anyMatch(a -> a.rule().equals("Engagement decay")) ? 1 : 0;
            capped += rules.adjustments().stream().anyMatch(a -> a.rule().equals("Low-intent cap applied")) ? 1 : 0;
        }

        assertThat(disagreements).as("leads scored differently").isEmpty();
        // the generated leads exercise every outcome, or agreement would prove little
        assertThat(stages).containsExactlyInAnyOrder(Stage.NONE, Stage.MQL, Stage.SALES_READY);
        assertThat(bands).containsExactlyInAnyOrder("HOT", "WARM", "DEVELOPING", "COLD");
        assertThat(decayed).isGreaterThan(LEADS / 10);
        assertThat(capped).isGreaterThan(LEADS / 10);
    }
}
