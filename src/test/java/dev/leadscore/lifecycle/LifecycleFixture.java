package dev.leadscore.lifecycle;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import dev.leadscore.EmbeddedPostgresResource;
import dev.leadscore.TestKeys;
import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;

import dev.leadscore.notify.OutboxMessage;
import dev.leadscore.notify.WebhookDelivery;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** Shared steps of the lifecycle tests: leads and events over HTTP, the jobs run by hand, time moved by hand. */
abstract class LifecycleFixture {
    /** A VP at a 200-person SaaS company: fit well over the MQL minimum of 50. */
    static final String VP = """
            {"email": "%s@acme-saas.io", "title": "VP Sales", "country": "US", "accountId": %s,
             "company": {"name": "Acme", "domain": "acme-saas.io", "industry": "SaaS", "employees": 200}}""";

    @Inject
    TestClock clock;
    @Inject
    RescoreJob job;
    @Inject
    WebhookDelivery delivery;

    /** The lifecycle tests act as an operator: the admin key holds every role. */
    @BeforeEach
    void asAdmin() {
        RestAssured.requestSpecification = new RequestSpecBuilder()
                .addHeader(TestKeys.HEADER, EmbeddedPostgresResource.ADMIN_KEY).build();
    }

    @AfterEach
    void anonymousAgain() {
        RestAssured.requestSpecification = null;
    }

    /** Moves the clock far past anything earlier tests did, so their leads do not interfere with the figures here. */
    Instant freshEpoch() {
        return clock.advance(Duration.ofDays(1000));
    }

    static String newId(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    static JsonPath putVp(String leadId, String accountId) {
        return given().contentType(ContentType.JSON)
                .body(VP.formatted(leadId, accountId == null ? "null" : "\"" + accountId + "\""))
                .put("/api/leads/{id}", leadId).then().statusCode(200).extract().jsonPath();
    }

    static JsonPath putLead(String leadId, String body) {
        return given().contentType(ContentType.JSON).body(body).put("/api/leads/{id}", leadId)
                .then().statusCode(200).extract().jsonPath();
    }

    static JsonPath event(String leadId, String eventId, String type, Instant at, String properties) {
        String body = "{\"id\":\"" + eventId + "\",\"type\":\"" + type + "\",\"occurredAt\":\"" + at
                + "\",\"properties\":" + (properties == null ? "{}" : properties) + "}";
        return given().contentType(ContentType.JSON).body(body).post("/api/leads/{id}/events", leadId)
                .then().statusCode(200).extract().jsonPath();
    }

    /** A webinar: 25 engagement points, which the default sales-led model keeps whole for 30 days. */
    static JsonPath webinar(String leadId, Instant at) {
        return event(leadId, UUID.randomUUID().toString(), "webinar_attended", at, null);
    }

    static List<Map<String, Object>> stageChangesOf(String leadId) {
        return given().get("/api/leads/{id}/stage-changes", leadId).then().statusCode(200).extract().jsonPath()
                .getList("$");
    }

    static List<Map<String, Object>> scoreHistoryOf(String leadId) {
        return given().queryParam("size", 500).get("/api/leads/{id}/history", leadId).then().statusCode(200)
                .extract().jsonPath().getList("items");
    }

    /** The whole poll feed from the beginning, following the cursor, restricted to one lead or account. */
    static List<Map<String, Object>> feedAbout(String id) {
        List<Map<String, Object>> out = new ArrayList<>();
        String cursor = null;
        while (true) {
            var request = given().queryParam("limit", 500);
            if (cursor != null) {
                request = request.queryParam("since", cursor);
            }
            JsonPath page = request.get("/api/stage-changes").then().statusCode(200).extract().jsonPath();
            List<Map<String, Object>> items = page.getList("items");
            for (Map<String, Object> item : items) {
                if (id.equals(item.get("leadId")) || id.equals(item.get("accountId"))) {
                    out.add(item);
                }
            }
            if (items.isEmpty()) {
                return out;
            }
            cursor = page.getString("nextCursor");
        }
    }

    /** Runs the re-scoring job until nothing is due. */
    void drainJob() {
        for (int i = 0; i < 100; i++) {
            RescoreJob.RunResult r = job.run("test-runner");
            if (r.visited() == 0) {
                return;
            }
        }
        throw new AssertionError("the re-scoring job did not settle");
    }

    /** Delivers whatever is pending, moving the clock past backoffs only while something is still pending. */
    void drainDeliveries() {
        for (int i = 0; i < 50; i++) {
            if (delivery.deliverDue().claimed() == 0) {
                if (pendingMessages() == 0) {
                    return;
                }
                clock.advance(Duration.ofHours(2));
            }
        }
        throw new AssertionError("webhook deliveries did not settle");
    }

    static long pendingMessages() {
        return QuarkusTransaction.requiringNew().call(() -> OutboxMessage.count("status", OutboxMessage.PENDING));
    }
}
