package dev.leadscore.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.leadscore.scoring.Ruleset;
import dev.leadscore.scoring.DefaultModels;
import dev.leadscore.scoring.ScoreResult;
import dev.leadscore.scoring.ScoringEngine;
import dev.leadscore.scoring.TestLeads;

/** When the job next needs to look at a lead, against a brute-force scan (rules alone, no service). */
class RescorePlannerTest {
    static final ScoringEngine ENGINE = new ScoringEngine();

    static RescorePlanner planner() {
        RescorePlanner p = new RescorePlanner();
        p.engine = ENGINE;
        p.config = new LifecycleConfig() {
            public Rescore rescore() {
                return new Rescore() {
                    public String every() { return "60s"; }
                    public int batchSize() { return 100; }
                    public int maxBatches() { return 50; }
                    public Duration lease() { return Duration.ofMinutes(2); }
                    public int horizonDays() { return 730; }
                };
            }
            public double cooldownDays() { return 30; }
            public double accountEngagedContacts() { return 3; }
            public double accountEngagedMinimumEngagement() { return 25; }
        };
        return p;
    }

    static String outcome(ScoreResult r) {
        return r.fit() + "/" + r.engagement() + "/" + r.total() + "/" + r.stage() + "/" + r.activation() + "/"
                + r.adjustments().stream().map(a -> a.rule() + ":" + a.points() + ":" + a.eventId()).toList();
    }

    /** The first instant (to the hour, then exactly) at which the score differs from now's, scanning every hour. */
    static Instant scan(Ruleset rs, TestLeads lead, Instant now, int days) {
        String base = outcome(ENGINE.score(rs, lead.build(), lead.events(), now));
        for (int h = 1; h <= days * 24; h++) {
            Instant t = now.plus(Duration.ofHours(h));
            if (!base.equals(outcome(ENGINE.score(rs, lead.build(), lead.events(), t)))) {
                return t;
            }
        }
        return null;
    }

    static void assertPlanMatchesScan(String model, TestLeads lead) {
        Ruleset rs = DefaultModels.ruleset(model);
        Instant now = TestLeads.NOW;
        Instant planned = planner().nextChange(rs, lead.build(), lead.events(), now);
        Instant scanned = scan(rs, lead, now, 200);
        assertThat(planned).isNotNull();
        // the scan steps by hours; the plan is exact and at most an hour earlier
        assertThat(planned).isAfter(now).isBeforeOrEqualTo(scanned).isAfter(scanned.minus(Duration.ofHours(1)));
        String base = outcome(ENGINE.score(rs, lead.build(), lead.events(), now));
        assertThat(outcome(ENGINE.score(rs, lead.build(), lead.events(), planned.minusMillis(1)))).isEqualTo(base);
        assertThat(outcome(ENGINE.score(rs, lead.build(), lead.events(), planned))).isNotEqualTo(base);
    }

    @Test
    void salesLedLeadIsNextDueWhenItsWebinarStartsToDecay() {
        TestLeads lead = TestLeads.saasVp().eventHoursAgo("webinar_attended", 5);
        assertThat(planner().nextChange(DefaultModels.ruleset(DefaultModels.SALES_LED), lead.build(), lead.events(),
                TestLeads.NOW)).isEqualTo(TestLeads.NOW.minus(Duration.ofHours(5)).plus(Duration.ofDays(30)));
        assertPlanMatchesScan(DefaultModels.SALES_LED, lead);
    }

    @Test
    void salesLedLeadWithSeveralEventsIsNextDueAtTheFirstChange() {
        assertPlanMatchesScan(DefaultModels.SALES_LED, TestLeads.saasVp()
                .event("form_submit", 12, "form", "demo_request").eventHoursAgo("page_view", 30, "path", "/pricing")
                .event("email_open", 40));
    }

    @Test
    void productLedUserIsNextDueWhenARecencyBonusOrInactivityStepChanges() {
        assertPlanMatchesScan(DefaultModels.PRODUCT_LED, TestLeads.lead().title("VP Engineering").industry("SaaS")
                .employees(200).event("signup", 4).eventHoursAgo("login", 50).event("onboarding_completed", 4)
                .event("key_action", 3, "feature", "dashboards"));
    }

    @Test
    void aLeadWhoseScoreNoLongerMovesIsNotPlannedAtAll() {
        TestLeads lead = TestLeads.saasVp().event("form_submit", 1000, "form", "demo_request");
        assertThat(planner().nextChange(DefaultModels.ruleset(DefaultModels.SALES_LED), lead.build(), lead.events(),
                TestLeads.NOW)).isNull();
        assertThat(planner().nextChange(DefaultModels.ruleset(DefaultModels.SALES_LED), TestLeads.saasVp().build(),
                List.of(), TestLeads.NOW)).isNull();
    }
}
