package dev.leadscore.audit;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.leadscore.EmbeddedPostgresResource;
import dev.leadscore.TestKeys;
import dev.leadscore.security.Roles;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.restassured.http.ContentType;

/** RevOps' questions answered from the service alone: why this score, what did the rules do per day. */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class AuditResourceTest {
    /** Every request of these tests is sent with an admin key. */
    static RequestSpecification given() {
        return TestKeys.as(Roles.ADMIN);
    }


    private static String scoredLead() {
        String id = "audit-" + UUID.randomUUID();
        given().contentType(ContentType.JSON).body("""
                {"email": "pat@%s.io", "title": "VP Sales", "country": "US",
                 "company": {"name": "Acme", "domain": "%s.io", "industry": "SaaS", "employees": 200}}
                """.formatted(id, id)).put("/api/leads/{id}", id).then().statusCode(200);
        Instant when = Instant.now().minus(Duration.ofDays(40));
        given().contentType(ContentType.JSON).body("""
                [{"id": "demo", "type": "form_submit", "occurredAt": "%s", "properties": {"form": "demo_request"}},
                 {"id": "blog", "type": "page_view", "occurredAt": "%s", "properties": {"path": "/blog/x"}}]
                """.formatted(when, when)).post("/api/leads/{id}/events", id).then().statusCode(200);
        return id;
    }

    @Test
    void explainNamesEachRuleItsPointsItsCellTheDecayAndTheThresholds() {
        String id = scoredLead();

        given().get("/api/leads/{id}/explain", id).then().statusCode(200)
                .body("rulesetVersion", notNullValue())
                .body("summary", containsString("band HOT"))
                .body("summary", containsString("sales-led rules, version"))
                .body("versionLiveSince", notNullValue())
                .body("sections.title", hasItem("Fit: who the lead is"))
                .body("sections.find { it.title.startsWith('Fit') }.lines.find { it.rule == 'SaaS industry' }.source",
                        equalTo("fit.xlsx, sheet Fit, row 5 (cell A5)"))
                .body("sections.find { it.title.startsWith('Engagement') }.lines.find { it.rule == 'Demo request' }.points",
                        equalTo(50))
                // 40 days old: one full 30-day period, 25% of 50 lost
                .body("sections.find { it.title.startsWith('Decay') }.lines.points", hasItem(-13))
                .body("workings", hasItem(containsString("MQL: fit 70 >= 50")));

        given().accept(ContentType.TEXT).get("/api/leads/{id}/explain", id).then().statusCode(200)
                .body(containsString("Fit: who the lead is (+70)"))
                .body(containsString("+50  Demo request: Requested a demo (event demo) [engagement.xlsx, sheet Engagement, row 5 (cell A5)]"))
                .body(containsString("How it adds up"));
    }

    @Test
    void explainAsOfReadsTheScoreStoredAtThatInstant() {
        String id = scoredLead();
        Instant first = given().get("/api/leads/{id}/history", id).then().statusCode(200).extract().jsonPath()
                .getList("items.scoredAt", String.class).stream().map(Instant::parse).min(Instant::compareTo).orElseThrow();

        given().get("/api/leads/{id}/explain?asOf={t}", id, first.toString()).then().statusCode(200)
                .body("engagement", equalTo(0)).body("stage", equalTo("NONE"));
        given().get("/api/leads/{id}/explain?asOf={t}", id, first.minusSeconds(60).toString()).then().statusCode(404)
                .contentType("application/problem+json");
        given().get("/api/leads/{id}/explain?asOf=yesterday", id).then().statusCode(400)
                .body("errors.field", hasItem("asOf"));
        given().get("/api/leads/{id}/explain", "audit-nobody").then().statusCode(404);
    }

    @Test
    void ruleActivityCountsFiringsAndPointsPerDayNextToVersionChanges() {
        scoredLead();
        scoredLead();
        String today = LocalDate.now(ZoneOffset.UTC).toString();

        given().get("/api/audit/rules?model=sales-led&from={d}&to={d}", today, today).then().statusCode(200)
                .body("days.day", hasItem(today))
                .body("days.find { it.day == '" + today + "' }.rules.find { it.rule == 'Demo request' }.firings",
                        greaterThanOrEqualTo(2))
                .body("days.find { it.day == '" + today + "' }.rules.find { it.rule == 'Demo request' }.source",
                        equalTo("engagement.xlsx, sheet Engagement, row 5 (cell A5)"))
                .body("days.find { it.day == '" + today + "' }.qualifiedLeads", greaterThanOrEqualTo(2))
                .body("changes.reason", hasItem("loaded from the rules folder at start-up"));
        given().get("/api/audit/rules").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("model"));
        given().get("/api/audit/rules?model=nope").then().statusCode(404);
        given().get("/api/audit/rules?model=sales-led&from=2026-03-10&to=2026-03-01").then().statusCode(400);
    }
}
