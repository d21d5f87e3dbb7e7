package dev.leadscore.leads;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.leadscore.EmbeddedPostgresResource;
import dev.leadscore.TestKeys;
import dev.leadscore.security.Roles;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** The HTTP contract integrators build against, on a real PostgreSQL. */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class LeadResourceTest {

    static final String VP_PROFILE = """
            {"email": "vp@acme-saas.io", "firstName": "Pat", "lastName": "Lee", "title": "VP Sales", "country": "US",
             "company": {"name": "Acme", "domain": "acme-saas.io", "industry": "SaaS", "employees": 200,
                         "techStack": ["Salesforce"]},
             "source": "crm", "attributes": {"plan": "trial", "seats": 12, "champion": true}}
            """;

    /** Every request of these tests is sent as an integration. */
    static RequestSpecification given() {
        return TestKeys.as(Roles.INTEGRATION);
    }

    static String newLeadId() {
        return "lead-" + UUID.randomUUID();
    }

    static String event(String id, String type, Instant at, String properties) {
        return "{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"occurredAt\":\"" + at + "\",\"properties\":" + properties + "}";
    }

    static String put(String leadId, String body) {
        return given().contentType(ContentType.JSON).body(body).put("/api/leads/{id}", leadId)
                .then().statusCode(200).extract().asString();
    }

    @Test
    void profileThenHighIntentEventsMakeTheLeadSalesReadyWithEveryPointExplained() {
        String id = newLeadId();
        given().contentType(ContentType.JSON).body(VP_PROFILE).put("/api/leads/{id}", id)
                .then().statusCode(200)
                .body("leadId", equalTo(id))
                .body("model", equalTo("sales-led"))
                .body("rulesetVersion", notNullValue())
                .body("fit", greaterThanOrEqualTo(50))
                .body("engagement", is(0))
                .body("stage", equalTo("NONE"))
                .body("adjustments.rule", hasItem("SaaS industry"))
                .body("adjustments.source", everyItem(notNullValue()));

        Instant now = Instant.now();
        String events = "[" + event("e1", "form_submit", now.minus(1, ChronoUnit.HOURS), "{\"form\":\"demo_request\"}")
                + "," + event("e2", "page_view", now.minus(2, ChronoUnit.HOURS), "{\"path\":\"/pricing\"}") + "]";
        given().contentType(ContentType.JSON).body(events).post("/api/leads/{id}/events", id)
                .then().statusCode(200)
                .header("X-Events-Accepted", "2")
                .body("stage", equalTo("SALES_READY"))
                .body("band", equalTo("HOT"))
                .body("mqlAt", notNullValue())
                .body("lastActivityAt", notNullValue())
                .body("adjustments.find { it.rule == 'Demo request' }.points", is(50))
                .body("adjustments.find { it.rule == 'Demo request' }.source", equalTo("engagement.xlsx!Engagement!A5"))
                .body("adjustments.find { it.rule == 'Demo request' }.eventId", equalTo("e1"))
                .body("workings", hasItem(containsString("sales-ready")));

        given().get("/api/leads/{id}/score", id).then().statusCode(200)
                .body("stage", equalTo("SALES_READY")).body("total", is(100));
        given().get("/api/leads/{id}/history", id).then().statusCode(200)
                .body("total", is(2))
                .body("items[0].stage", equalTo("SALES_READY"))
                .body("items[1].stage", equalTo("NONE"))
                .body("items[0].adjustments.size()", greaterThanOrEqualTo(6));
        given().get("/api/leads/{id}/events", id).then().statusCode(200)
                .body("total", is(2))
                .body("items[0].id", equalTo("e1"))
                .body("items[1].properties.path", equalTo("/pricing"));
    }

    @Test
    void aResentEventCountsOnceAndStoresNoNewScore() {
        String id = newLeadId();
        put(id, VP_PROFILE);
        String webinar = event("w1", "webinar_attended", Instant.now().minus(1, ChronoUnit.DAYS), "{}");
        given().contentType(ContentType.JSON).body(webinar).post("/api/leads/{id}/events", id)
                .then().statusCode(200).header("X-Events-Accepted", "1").body("engagement", is(25));
        given().contentType(ContentType.JSON).body("[" + webinar + "," + webinar + "]").post("/api/leads/{id}/events", id)
                .then().statusCode(200).header("X-Events-Accepted", "0").header("X-Events-Duplicate", "2")
                .body("engagement", is(25));
        given().get("/api/leads/{id}/events", id).then().body("total", is(1));
        given().get("/api/leads/{id}/history", id).then().body("total", is(2));
    }

    @Test
    void anUnknownEventTypeIsStoredAndScoresNothing() {
        String id = newLeadId();
        put(id, VP_PROFILE);
        given().contentType(ContentType.JSON).body(event("x1", "video_watched", Instant.now(), "{\"video\":\"intro\"}"))
                .post("/api/leads/{id}/events", id)
                .then().statusCode(200).header("X-Events-Accepted", "1").body("engagement", is(0));
        given().get("/api/leads/{id}/events", id).then().body("items[0].type", equalTo("video_watched"));
    }

    @Test
    void scoreAsOfALaterInstantShowsDecayWithoutStoringIt() {
        String id = newLeadId();
        put(id, VP_PROFILE);
        Instant now = Instant.now();
        given().contentType(ContentType.JSON)
                .body(event("d1", "form_submit", now, "{\"form\":\"demo_request\"}"))
                .post("/api/leads/{id}/events", id).then().statusCode(200).body("engagement", is(50));
        given().queryParam("asOf", now.plus(100, ChronoUnit.DAYS).toString()).get("/api/leads/{id}/score", id)
                .then().statusCode(200)
                .body("engagement", lessThan(25))
                .body("adjustments.category", hasItem("DECAY"));
        given().get("/api/leads/{id}/history", id).then().body("total", is(2));
    }

    @Test
    void theProductLedModelScoresAndQualifiesAPql() {
        String id = newLeadId();
        put(id, """
                {"email": "cto@widgets.io", "title": "CTO", "country": "US", "model": "product-led",
                 "company": {"industry": "Software", "employees": 120, "techStack": ["Slack"]}}
                """);
        Instant now = Instant.now();
        String events = "[" + event("s", "signup", now.minus(3, ChronoUnit.DAYS), "{}")
                + "," + event("o", "onboarding_completed", now.minus(3, ChronoUnit.DAYS), "{}")
                + "," + event("k", "key_action", now.minus(2, ChronoUnit.DAYS), "{\"feature\":\"reports\"}")
                + "," + event("t", "teammate_invited", now.minus(1, ChronoUnit.DAYS), "{}") + "]";
        given().contentType(ContentType.JSON).body(events).post("/api/leads/{id}/events", id)
                .then().statusCode(200)
                .body("model", equalTo("product-led"))
                .body("stage", equalTo("PQL"))
                .body("pqlAt", notNullValue());
    }

    @Test
    void statelessScoringReturnsTheExplanationAndStoresNothing() {
        given().contentType(ContentType.JSON).body("""
                {"asOf": "2026-03-03T12:00:00Z",
                 "lead": {"email": "spy@competitor.com", "title": "VP Marketing",
                          "company": {"industry": "SaaS", "employees": 300}},
                 "events": [{"id": "1", "type": "form_submit", "occurredAt": "2026-03-02T12:00:00Z",
                             "properties": {"form": "demo_request"}}]}
                """).post("/api/score")
                .then().statusCode(200)
                .body("leadId", is((Object) null))
                .body("asOf", equalTo("2026-03-03T12:00:00Z"))
                .body("fit", is(0))
                .body("stage", equalTo("NONE"))
                .body("adjustments.find { it.rule == 'Competitor' }.points", is(-100));
    }

    @Test
    void malformedJsonIsAProblem() {
        given().contentType(ContentType.JSON).body("{\"email\": ").put("/api/leads/{id}", newLeadId())
                .then().statusCode(400).contentType("application/problem+json")
                .body("title", equalTo("Malformed JSON"));
    }

    @Test
    void negativeEmployeesAndWrongTypesAreRejectedNamingTheField() {
        String id = newLeadId();
        given().contentType(ContentType.JSON).body("{\"company\": {\"employees\": -5}}").put("/api/leads/{id}", id)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("company.employees"));
        given().contentType(ContentType.JSON).body("{\"company\": {\"employees\": \"many\"}}").put("/api/leads/{id}", id)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("company.employees"))
                .body("errors[0].message", containsString("a number"));
        given().contentType(ContentType.JSON).body("{\"attributes\": {\"tags\": [1, 2]}}").put("/api/leads/{id}", id)
                .then().statusCode(400).body("errors[0].field", equalTo("attributes.tags"));
        // nothing of a rejected request is stored
        given().get("/api/leads/{id}/score", id).then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void aBatchWithOneBadEventIsRejectedWholeNamingEachField() {
        String id = newLeadId();
        put(id, VP_PROFILE);
        String batch = "[" + event("ok", "webinar_attended", Instant.now(), "{}")
                + ",{\"type\": \"page_view\", \"occurredAt\": \"2026-01-01T00:00:00Z\"}"
                + ",{\"id\": \"3\", \"occurredAt\": \"2026-01-01T00:00:00Z\"}]";
        given().contentType(ContentType.JSON).body(batch).post("/api/leads/{id}/events", id)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("[1].id"))
                .body("errors.field", hasItem("[2].type"));
        given().contentType(ContentType.JSON).body("[{\"id\": \"4\", \"type\": \"page_view\", \"occurredAt\": \"yesterday\"}]")
                .post("/api/leads/{id}/events", id)
                .then().statusCode(400).body("errors[0].field", equalTo("[0].occurredAt"));
        given().get("/api/leads/{id}/events", id).then().body("total", is(0));
    }

    @Test
    void unknownLeadsAndModelsAreNotFound() {
        given().get("/api/leads/{id}/score", newLeadId()).then().statusCode(404).contentType("application/problem+json");
        given().get("/api/leads/{id}/history", newLeadId()).then().statusCode(404);
        given().contentType(ContentType.JSON).body("{\"model\": \"no-such-model\"}").put("/api/leads/{id}", newLeadId())
                .then().statusCode(404).contentType("application/problem+json")
                .body("detail", containsString("sales-led"));
        given().contentType(ContentType.JSON).body("{\"model\": \"nope\", \"lead\": {}}").post("/api/score")
                .then().statusCode(404);
    }

    @Test
    void badQueryParametersAreProblems() {
        String id = newLeadId();
        put(id, VP_PROFILE);
        given().queryParam("asOf", "last tuesday").get("/api/leads/{id}/score", id)
                .then().statusCode(400).body("errors[0].field", equalTo("asOf"));
        given().queryParam("size", 0).get("/api/leads/{id}/events", id)
                .then().statusCode(400).body("errors[0].field", equalTo("size"));
    }

    @Test
    void theOpenApiDocumentIsServed() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/api/score"));
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void statelessBodyWithoutLeadIsRejected() {
        given().contentType(ContentType.JSON).body("{\"events\": []}").post("/api/score")
                .then().statusCode(400).body("errors[0].field", equalTo("lead"));
        given().contentType(ContentType.JSON).body("{\"lead\": {}, \"events\": [{\"id\": \"1\"}]}").post("/api/score")
                .then().statusCode(400).body("errors.field", hasSize(2));
    }
}
