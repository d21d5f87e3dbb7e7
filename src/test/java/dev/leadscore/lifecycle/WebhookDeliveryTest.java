package dev.leadscore.lifecycle;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.leadscore.notify.OutboxMessage;
import dev.leadscore.notify.WebhookDelivery;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/** Webhook delivery against a local HTTP receiver: signature, retries with backoff, dead letter, re-drive. */
@QuarkusTest
@TestProfile(LifecycleTestProfile.class)
class WebhookDeliveryTest extends LifecycleFixture {

    @AfterEach
    void clearAnswers() {
        WebhookReceiver.reset();
    }

    /** A lead that just became MQL, with every earlier message delivered, so the next answers are its own. */
    String qualifiedLead(String prefix) {
        freshEpoch();
        drainDeliveries();
        String id = newId(prefix);
        putVp(id, null);
        webinar(id, clock.instant());
        return id;
    }

    static OutboxMessage messageAbout(String leadId) {
        return QuarkusTransaction.requiringNew().call(() -> OutboxMessage.<OutboxMessage>find(
                "stageChangeId in (select c.id from StageChange c where c.leadId = ?1)", leadId).singleResult());
    }

    @Test
    void failedCallsAreRetriedWithGrowingWaitsAndTheSameSignedBody() throws Exception {
        String id = qualifiedLead("retry");
        WebhookReceiver.answerNext(500, 503);

        assertThat(delivery.deliverDue()).isEqualTo(new WebhookDelivery.Round(1, 0, 1, 0));
        Instant firstFailure = clock.instant();
        assertThat(messageAbout(id).nextAttemptAt).isEqualTo(firstFailure.plusSeconds(10));
        assertThat(delivery.deliverDue().claimed()).as("not before the backoff").isZero();

        clock.advance(Duration.ofSeconds(10));
        assertThat(delivery.deliverDue()).isEqualTo(new WebhookDelivery.Round(1, 0, 1, 0));
        assertThat(messageAbout(id).nextAttemptAt).as("the wait doubles").isEqualTo(clock.instant().plusSeconds(20));
        assertThat(messageAbout(id).lastError).startsWith("HTTP 503");

        clock.advance(Duration.ofSeconds(19));
        assertThat(delivery.deliverDue().claimed()).isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(delivery.deliverDue()).isEqualTo(new WebhookDelivery.Round(1, 1, 0, 0));
        assertThat(messageAbout(id).status).isEqualTo(OutboxMessage.DELIVERED);

        List<WebhookReceiver.Call> calls = WebhookReceiver.callsAbout(id);
        assertThat(calls).hasSize(3);
        assertThat(calls).extracting(WebhookReceiver.Call::body).containsOnly(calls.get(0).body());
        assertThat(calls).extracting(WebhookReceiver.Call::delivery).containsOnly(calls.get(0).delivery());
        for (WebhookReceiver.Call call : calls) {
            assertThat(call.signature()).isEqualTo(StageLifecycleTest.hmac(call.body()));
        }
        assertThat(calls).extracting(WebhookReceiver.Call::timestamp).doesNotHaveDuplicates();
        JsonPath body = new JsonPath(calls.get(0).body());
        assertThat(body.getString("leadId")).isEqualTo(id);
        assertThat(body.getLong("id")).isPositive();
    }

    @Test
    void aTamperedBodyDoesNotMatchItsSignature() throws Exception {
        String id = qualifiedLead("tamper");
        drainDeliveries();
        WebhookReceiver.Call call = WebhookReceiver.callsAbout(id).get(0);
        assertThat(StageLifecycleTest.hmac(call.body().replace("\"MQL\"", "\"SQL\""))).isNotEqualTo(call.signature());
    }

    @Test
    void afterTheLastAttemptAMessageIsDeadVisibleAndCanBeReDriven() {
        String id = qualifiedLead("dead");
        WebhookReceiver.answerNext(500, 500, 500);
        delivery.deliverDue();
        clock.advance(Duration.ofSeconds(10));
        delivery.deliverDue();
        clock.advance(Duration.ofSeconds(20));
        assertThat(delivery.deliverDue().dead()).isEqualTo(1);
        OutboxMessage dead = messageAbout(id);
        assertThat(dead.status).isEqualTo(OutboxMessage.DEAD);
        assertThat(dead.attempts).isEqualTo(3);

        clock.advance(Duration.ofDays(1));
        assertThat(delivery.deliverDue().claimed()).as("dead messages are not retried by themselves").isZero();
        given().queryParam("status", "DEAD").get("/api/notifications").then().statusCode(200)
                .body("id", hasItem(dead.id.intValue()));

        given().post("/api/notifications/{id}/redrive", dead.id).then().statusCode(200)
                .body("status", equalTo("PENDING")).body("attempts", equalTo(0));
        assertThat(delivery.deliverDue().delivered()).isEqualTo(1);
        assertThat(messageAbout(id).status).isEqualTo(OutboxMessage.DELIVERED);
        assertThat(WebhookReceiver.callsAbout(id)).hasSize(4);

        given().post("/api/notifications/{id}/redrive", dead.id).then().statusCode(400)
                .contentType("application/problem+json");
        given().queryParam("status", "LOST").get("/api/notifications").then().statusCode(400)
                .body("errors[0].field", equalTo("status"));
    }

    @Test
    void aCallWhoseAnswerIsLostIsSentAgainAtLeastOnce() {
        String id = qualifiedLead("lost");
        WebhookReceiver.answerNext(WebhookReceiver.SLOW);
        assertThat(delivery.deliverDue().failed()).as("no answer within the timeout").isEqualTo(1);
        assertThat(messageAbout(id).lastError).contains("Timeout");
        clock.advance(Duration.ofSeconds(10));
        assertThat(delivery.deliverDue().delivered()).isEqualTo(1);
        // the receiver saw the message more than once: it deduplicates by the body's id
        List<WebhookReceiver.Call> calls = WebhookReceiver.callsAbout(id);
        assertThat(calls).hasSizeGreaterThanOrEqualTo(2);
        assertThat(calls).as("calls %s, changes %s", calls, stageChangesOf(id))
                .extracting(c -> new JsonPath(c.body()).getLong("id")).containsOnly(messageAbout(id).stageChangeId);
        assertThat(messageAbout(id).status).isEqualTo(OutboxMessage.DELIVERED);
    }
}
