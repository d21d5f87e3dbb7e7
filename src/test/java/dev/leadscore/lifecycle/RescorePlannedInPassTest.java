package dev.leadscore.lifecycle;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * A re-score of all leads plans each lead it stores a new score for, as the time-driven job would
 * have planned it, so the job has nothing left to do for those leads.
 */
@QuarkusTest
@TestProfile(LifecycleTestProfile.class)
class RescorePlannedInPassTest extends LifecycleFixture {

    /** The lead's lifecycle row: when it is next due and when that was worked out. */
    static LeadLifecycle lifecycleOf(String leadId) {
        return QuarkusTransaction.requiringNew().call(() -> LeadLifecycle.<LeadLifecycle>findById(leadId));
    }

    /** When the lead is next due, relative to {@code base} (null: never). */
    static Duration dueAfter(String leadId, Instant base) {
        Instant next = lifecycleOf(leadId).nextRescoreAt;
        return next == null ? null : Duration.between(base, next);
    }

    /** An MQL lead whose webinar at {@code base} decays below the MQL minimum 30 days later, planned by the job. */
    String plannedMql(String prefix, Instant base) {
        String id = newId(prefix);
        putVp(id, null);
        assertThat(webinar(id, base).getString("stage")).isEqualTo("MQL");
        drainJob();
        assertThat(dueAfter(id, base)).isEqualTo(Duration.ofDays(30));
        return id;
    }

    @Test
    void aLeadGivenANewScoreByARescoreOfAllLeadsIsPlannedAsTheJobPlansIt() {
        // the job re-scores a lead 31 days after its webinar and plans its next change
        Instant jobBase = freshEpoch();
        drainJob();
        String byJob = plannedMql("by-job", jobBase);
        clock.set(jobBase.plus(Duration.ofDays(31)));
        drainJob();
        assertThat(stageChangesOf(byJob)).extracting(c -> c.get("to")).containsExactly("MQL", "NONE");
        Duration jobPlan = dueAfter(byJob, jobBase);

        // the same lead history, re-scored instead by POST /api/rescore 31 days after its webinar
        Instant passBase = freshEpoch();
        drainJob();
        String byPass = plannedMql("by-pass", passBase);
        clock.set(passBase.plus(Duration.ofDays(31)));
        Instant passAt = clock.instant();
        given().post("/api/rescore?model=sales-led").then().statusCode(200).body("stored", greaterThanOrEqualTo(1));
        assertThat(stageChangesOf(byPass)).extracting(c -> c.get("to")).containsExactly("MQL", "NONE");

        // planned in the pass, at the pass's instant, exactly as the job planned the other lead: not due now
        LeadLifecycle planned = lifecycleOf(byPass);
        assertThat(planned.plannedAt).isEqualTo(passAt);
        assertThat(planned.nextRescoreAt == null || planned.nextRescoreAt.isAfter(passAt))
                .as("not left due for the job: %s", planned.nextRescoreAt).isTrue();
        assertThat(dueAfter(byPass, passBase)).isEqualTo(jobPlan);

        // so the job does not score it again: its history stays profile, webinar, decay
        List<Map<String, Object>> history = scoreHistoryOf(byPass);
        drainJob();
        assertThat(scoreHistoryOf(byPass)).hasSize(3).isEqualTo(history);
        assertThat(stageChangesOf(byPass)).hasSize(2);
    }
}
