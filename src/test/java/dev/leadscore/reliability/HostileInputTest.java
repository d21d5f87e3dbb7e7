package dev.leadscore.reliability;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.leadscore.EmbeddedPostgresResource;
import dev.leadscore.TestKeys;
import dev.leadscore.security.Roles;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Inputs an attacker or a broken integration sends: each is a 400 problem naming the field,
 * never a 500, and nothing of it is stored.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class HostileInputTest {
    static final String FAR_FUTURE = "+999999999-12-31T23:59:59Z";
    static final String FAR_PAST = "-999999999-01-01T00:00:00Z";

    static RequestSpecification integration() {
        return TestKeys.as(Roles.INTEGRATION).contentType(ContentType.JSON);
    }

    static String newLeadId() {
        return "hostile-" + UUID.randomUUID();
    }

    static void refused(Response response, String field) {
        response.then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem(field));
    }

    @Test
    void aNulCharacterAnywhereInAProfileIsRefusedNamingTheField() {
        String id = newLeadId();
        refused(integration().body("{\"title\": \"VP\\u0000Sales\"}").put("/api/leads/{id}", id), "title");
        refused(integration().body("{\"company\": {\"name\": \"Ac\\u0000me\"}}").put("/api/leads/{id}", id), "company.name");
        refused(integration().body("{\"company\": {\"techStack\": [\"ok\", \"x\\u0000\"]}}").put("/api/leads/{id}", id),
                "company.techStack[1]");
        refused(integration().body("{\"attributes\": {\"note\": \"a\\u0000b\"}}").put("/api/leads/{id}", id), "attributes.note");
        refused(integration().body("{\"attributes\": {\"a\\u0000b\": \"x\"}}").put("/api/leads/{id}", id), "attributes");
        // nothing was stored
        integration().get("/api/leads/{id}/score", id).then().statusCode(404);
    }

    @Test
    void numbersBeyondWhatCanBeStoredAreRefusedNamingTheField() {
        String id = newLeadId();
        refused(integration().body("{\"company\": {\"annualRevenue\": 1e999999999}}").put("/api/leads/{id}", id),
                "company.annualRevenue");
        refused(integration().body("{\"company\": {\"annualRevenue\": 1e-999999999}}").put("/api/leads/{id}", id),
                "company.annualRevenue");
        refused(integration().body("{\"attributes\": {\"seats\": 1e999999999}}").put("/api/leads/{id}", id),
                "attributes.seats");
        refused(integration().body("{\"attributes\": {\"seats\": 1" + "0".repeat(400) + "}}").put("/api/leads/{id}", id),
                "attributes.seats");
        integration().get("/api/leads/{id}/score", id).then().statusCode(404);
    }

    @Test
    void eventsAtTheEndsOfTimeAreRefusedNamingTheField() {
        String id = newLeadId();
        integration().body("{}").put("/api/leads/{id}", id).then().statusCode(200);
        for (String at : List.of(FAR_FUTURE, FAR_PAST)) {
            refused(integration().body("[" + event("e1", at, "{}") + "]").post("/api/leads/{id}/events", id), "[0].occurredAt");
            refused(integration().body("{\"lead\": {}, \"events\": [" + event("e1", at, "{}") + "]}").post("/api/score"),
                    "events[0].occurredAt");
            refused(integration().body("{\"lead\": {}, \"asOf\": \"" + at + "\"}").post("/api/score"), "asOf");
            refused(integration().queryParam("asOf", at).get("/api/leads/{id}/score", id), "asOf");
            refused(integration().body("[{\"leadId\": \"" + id + "\", \"events\": [" + event("e1", at, "{}") + "]}]")
                    .post("/api/events/batch"), "[0].events[0].occurredAt");
        }
        integration().get("/api/leads/{id}/events", id).then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void eventPropertiesAreCheckedLikeProfiles() {
        String id = newLeadId();
        integration().body("{}").put("/api/leads/{id}", id).then().statusCode(200);
        refused(integration().body("[" + event("e1", "2026-03-01T12:00:00Z", "{\"path\": \"/a\\u0000\"}") + "]")
                .post("/api/leads/{id}/events", id), "[0].properties.path");
        refused(integration().body("[" + event("e1", "2026-03-01T12:00:00Z", "{\"n\": {\"deep\": [1e999999999]}}") + "]")
                .post("/api/leads/{id}/events", id), "[0].properties.n.deep[0]");
        refused(integration().body("[" + event("e\\u0000", "2026-03-01T12:00:00Z", "{}") + "]")
                .post("/api/leads/{id}/events", id), "[0].id");
        integration().get("/api/leads/{id}/events", id).then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void aLeadIdWithANulByteIsRefusedBeforeAnyQuery() {
        String restricted = TestKeys.create(Roles.INTEGRATION, "crm-hostile", null);
        for (String key : List.of(restricted, TestKeys.of(Roles.INTEGRATION))) {
            refused(given().header(TestKeys.HEADER, key).urlEncodingEnabled(false).get("/api/leads/a%00b/score"), "leadId");
            refused(given().header(TestKeys.HEADER, key).urlEncodingEnabled(false).get("/api/leads/a%00b/explain"), "leadId");
            refused(given().header(TestKeys.HEADER, key).urlEncodingEnabled(false).contentType(ContentType.JSON).body("{}")
                    .put("/api/leads/a%00b"), "leadId");
        }
    }

    @Test
    void aSourceRestrictedKeyCannotTellAnotherSourcesLeadFromAMissingOne() {
        String crmA = TestKeys.create(Roles.INTEGRATION, "crm-a-" + UUID.randomUUID(), null);
        String crmB = TestKeys.create(Roles.INTEGRATION, "crm-b-" + UUID.randomUUID(), null);
        String leadOfA = "same-" + UUID.randomUUID();
        String missing = "same-" + UUID.randomUUID();
        given().header(TestKeys.HEADER, crmA).contentType(ContentType.JSON).body("{}").put("/api/leads/{id}", leadOfA)
                .then().statusCode(200);
        for (String path : List.of("/score", "/history", "/events", "/explain", "/stage-changes", "/outcomes")) {
            Response other = given().header(TestKeys.HEADER, crmB).get("/api/leads/" + leadOfA + path);
            Response none = given().header(TestKeys.HEADER, crmB).get("/api/leads/" + missing + path);
            assertThat(other.statusCode()).as(path).isEqualTo(404);
            assertSame(path, other, none, leadOfA, missing);
        }
        // writes differ by nature: a PUT or events to a new id create a lead there (docs/security.md)
    }

    @Test
    void aRequestWithSeveralInvalidFieldsNamesEveryOne() {
        String id = newLeadId();
        integration().body("""
                {"email": "not-an-email", "firstName": {"a": 1},
                 "company": {"employees": "many", "annualRevenue": "lots", "techStack": ["ok", ""]}}""")
                .put("/api/leads/{id}", id).then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", equalTo(List.of("company.annualRevenue", "company.employees", "company.techStack[1]",
                        "email", "firstName")));
        integration().body("{}").put("/api/leads/{id}", id).then().statusCode(200);
        integration().body("""
                [{"id": "", "type": "page_view", "occurredAt": "yesterday"},
                 {"id": "e2", "type": "1bad", "occurredAt": "2026-03-01T12:00:00Z"}]""")
                .post("/api/leads/{id}/events", id).then().statusCode(400)
                .body("errors.field", equalTo(List.of("[0].id", "[0].occurredAt", "[1].type")));
        integration().body("""
                [{"id": "e1", "type": "page_view", "occurredAt": "2026-03-01T12:00:00Z", "properties": {"p": "a\\u0000", "n": 1e999}},
                 {"id": "e2", "type": "1bad", "occurredAt": "+999999999-01-01T00:00:00Z"}]""")
                .post("/api/leads/{id}/events", id).then().statusCode(400)
                .body("errors.field", equalTo(List.of("[0].properties.n", "[0].properties.p", "[1].occurredAt", "[1].type")));
        integration().body("{\"type\": \"nope\", \"at\": \"2999-01-01T00:00:00Z\", \"note\": \"" + "x".repeat(5000) + "\"}")
                .post("/api/leads/{id}/outcomes", id).then().statusCode(400)
                .body("errors.field", equalTo(List.of("at", "note", "type")));
        integration().get("/api/leads/{id}/events", id).then().statusCode(200).body("total", equalTo(0));
    }

    /** The same answer, but for the lead id itself and the headers that change on every request. */
    private static void assertSame(String what, Response other, Response none, String otherId, String missingId) {
        assertThat(other.statusCode()).as(what).isEqualTo(none.statusCode());
        assertThat(other.asString().replace(otherId, "ID")).as(what).isEqualTo(none.asString().replace(missingId, "ID"));
        assertThat(headers(other)).as(what).isEqualTo(headers(none));
    }

    private static Map<String, String> headers(Response response) {
        Map<String, String> headers = new TreeMap<>();
        response.headers().forEach(h -> headers.put(h.getName().toLowerCase(),
                h.getName().toLowerCase().startsWith("x-ratelimit") || h.getName().equalsIgnoreCase("date") ? "*" : h.getValue()));
        return headers;
    }

    static String event(String id, String at, String properties) {
        return "{\"id\":\"" + id + "\",\"type\":\"page_view\",\"occurredAt\":\"" + at + "\",\"properties\":" + properties + "}";
    }
}
