package dev.leadscore.lifecycle;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/** Stage changes, the re-MQL cooldown and the issue's "done when" scenario, with an injected clock. */
@QuarkusTest
@TestProfile(LifecycleTestProfile.class)
class StageLifecycleTest extends LifecycleFixture {

    static String hmac(String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(WebhookReceiver.SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aQualifyingLeadIsAnnouncedOnceAndDecayDropsItFromMqlExactlyOnce() throws Exception {
        Instant t0 = freshEpoch();
        drainJob();
        drainDeliveries();
        String id = newId("done-when");
        putVp(id, null);
        JsonPath scored = webinar(id, t0.minus(Duration.ofHours(1)));
        assertThat(scored.getString("stage")).isEqualTo("MQL");
        assertThat(scored.getString("mqlAt")).isEqualTo(t0.toString());

        // one stage change, one feed entry, one signed webhook call
        assertThat(stageChangesOf(id)).singleElement().satisfies(c -> {
            assertThat(c).containsEntry("from", "NONE").containsEntry("to", "MQL").containsEntry("announced", true);
            assertThat(c.get("rulesetVersion")).isNotNull();
            assertThat((String) c.get("reason")).contains("MQL: fit").contains("engagement 25 >= 25");
        });
        assertThat(feedAbout(id)).singleElement().satisfies(item -> {
            assertThat(item).containsEntry("to", "MQL").containsEntry("type", "lead.stage_changed");
            assertThat((List<?>) item.get("topReasons")).isNotEmpty();
        });
        drainDeliveries();
        List<WebhookReceiver.Call> calls = WebhookReceiver.callsAbout(id);
        assertThat(calls).singleElement().satisfies(call -> {
            assertThat(call.signature()).isEqualTo(hmac(call.body()));
            assertThat(call.timestamp()).isNotBlank();
            JsonPath body = new JsonPath(call.body());
            assertThat(body.getString("to")).isEqualTo("MQL");
            assertThat(body.getInt("score.engagement")).isEqualTo(25);
            assertThat(body.getList("adjustments.rule")).contains("Webinar attended", "SaaS industry");
            assertThat(body.getString("topReasons[0].rule")).isNotBlank();
        });

        // 29 days on the webinar still counts whole; the job has nothing to change
        clock.advance(Duration.ofDays(29));
        drainJob();
        assertThat(stageChangesOf(id)).hasSize(1);

        // past 30 days the webinar has decayed below the MQL minimum: dropped once, announced once
        clock.advance(Duration.ofDays(2));
        drainJob();
        drainJob();
        List<Map<String, Object>> changes = stageChangesOf(id);
        assertThat(changes).hasSize(2);
        assertThat(changes.get(1)).containsEntry("from", "MQL").containsEntry("to", "NONE").containsEntry("announced", true);
        assertThat((String) changes.get(1).get("reason")).contains("time passed");
        given().get("/api/leads/{id}/score", id).then().statusCode(200)
                .body("stage", equalTo("NONE")).body("mqlAt", equalTo(t0.toString()));
        assertThat(feedAbout(id)).hasSize(2);
        drainDeliveries();
        assertThat(WebhookReceiver.callsAbout(id)).hasSize(2)
                .allSatisfy(call -> assertThat(call.signature()).isEqualTo(hmac(call.body())));

        // running the job again changes nothing
        clock.advance(Duration.ofMinutes(5));
        drainJob();
        assertThat(stageChangesOf(id)).hasSize(2);
        given().get("/api/jobs/rescore").then().statusCode(200)
                .body("lastRun.status", equalTo("DONE")).body("backlog.due", equalTo(0))
                .body("lastCompletedRun.finishedAt", notNullValue());
    }

    @Test
    void aReQualificationWithinTheCooldownIsRecordedButAnnouncedOnlyWhenTheCooldownEnds() {
        Instant t0 = freshEpoch();
        String id = newId("cooldown");
        putVp(id, null);
        webinar(id, t0);
        clock.advance(Duration.ofDays(31));
        drainJob();
        Instant left = clock.instant();
        assertThat(stageChangesOf(id)).extracting(c -> c.get("to")).containsExactly("MQL", "NONE");

        // back 5 days later: qualified again, inside the 30-day cooldown
        clock.advance(Duration.ofDays(5));
        assertThat(webinar(id, clock.instant()).getString("stage")).isEqualTo("MQL");
        List<Map<String, Object>> changes = stageChangesOf(id);
        assertThat(changes).hasSize(3);
        assertThat(changes.get(2)).containsEntry("to", "MQL").containsEntry("announced", false);
        assertThat((String) changes.get(2).get("reason")).contains("cooldown");
        assertThat(feedAbout(id)).hasSize(2);

        // the job announces it when the cooldown ends, the lead still being qualified
        clock.set(left.plus(Duration.ofDays(30)).minusSeconds(1));
        drainJob();
        assertThat(stageChangesOf(id)).hasSize(3);
        clock.advance(Duration.ofSeconds(1));
        drainJob();
        changes = stageChangesOf(id);
        assertThat(changes).hasSize(4);
        assertThat(changes.get(3)).containsEntry("from", "NONE").containsEntry("to", "MQL").containsEntry("announced", true);
        assertThat((String) changes.get(3).get("reason")).contains("cooldown ended");
        assertThat(feedAbout(id)).extracting(c -> c.get("to")).containsExactly("MQL", "NONE", "MQL");
        drainJob();
        assertThat(stageChangesOf(id)).hasSize(4);
    }

    @Test
    void aLeadThatQualifiesAfterTheCooldownIsAnnouncedAtOnce() {
        Instant t0 = freshEpoch();
        String id = newId("after-cooldown");
        putVp(id, null);
        webinar(id, t0);
        clock.advance(Duration.ofDays(31));
        drainJob();
        clock.advance(Duration.ofDays(31));
        webinar(id, clock.instant());
        List<Map<String, Object>> changes = stageChangesOf(id);
        assertThat(changes).extracting(c -> c.get("announced")).containsExactly(true, true, true);
    }

    @Test
    void theFeedRejectsACursorItDidNotIssue() {
        for (String notIssued : List.of("yesterday", "4711-1201", "99999999999999999999-1", "1-99999999999999999999")) {
            given().queryParam("since", notIssued).get("/api/stage-changes").then().statusCode(400)
                    .contentType("application/problem+json").body("errors[0].field", equalTo("since"));
        }
        // what the feed issues, it takes back
        String first = given().get("/api/stage-changes").then().statusCode(200).extract().path("nextCursor");
        given().queryParam("since", first).get("/api/stage-changes").then().statusCode(200);
    }
}
