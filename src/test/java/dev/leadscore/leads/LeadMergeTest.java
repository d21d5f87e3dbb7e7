package dev.leadscore.leads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.leadscore.EmbeddedPostgresResource;
import dev.leadscore.TestKeys;
import dev.leadscore.security.Roles;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/** Anonymous visitors kept by their events, and POST /api/leads/{id}/merge. */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class LeadMergeTest {

    static RequestSpecification given() {
        return TestKeys.as(Roles.INTEGRATION);
    }

    static final String VP = """
            {"email": "%s@acme-saas.io", "firstName": "Vic", "title": "VP Sales", "country": "US",
             "company": {"name": "Acme", "domain": "acme-saas.io", "industry": "SaaS", "employees": 200}}""";

    static JsonPath events(String leadId, String... idTypePath) {
        StringBuilder body = new StringBuilder("[");
        Instant at = Instant.now().minus(3, ChronoUnit.HOURS);
        for (int i = 0; i < idTypePath.length; i += 3) {
            body.append(i == 0 ? "" : ",").append("{\"id\":\"").append(idTypePath[i]).append("\",\"type\":\"")
                    .append(idTypePath[i + 1]).append("\",\"occurredAt\":\"").append(at.plusSeconds(i))
                    .append("\",\"properties\":{\"path\":\"").append(idTypePath[i + 2]).append("\"}}");
        }
        return given().contentType(ContentType.JSON).body(body.append(']').toString())
                .post("/api/leads/{id}/events", leadId).then().statusCode(200).extract().jsonPath();
    }

    static JsonPath merge(String into, String... ids) {
        return given().contentType(ContentType.JSON).body(Map.of("ids", List.of(ids)))
                .post("/api/leads/{id}/merge", into).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void anAnonymousVisitorsPricingViewsCountOnceItIsIdentified() {
        String visitor = "anon-" + UUID.randomUUID();
        JsonPath anonymous = events(visitor, "v1", "page_view", "/pricing", "v2", "page_view", "/blog/launch");
        assertThat(anonymous.getInt("fit")).isZero();
        int visitorEngagement = anonymous.getInt("engagement");
        assertThat(visitorEngagement).isGreaterThan(0);
        given().get("/api/leads/{id}", visitor).then().statusCode(200)
                .body("anonymous", is(true)).body("profile", nullValue()).body("scoreStage", equalTo("NONE"));

        String known = "known-" + UUID.randomUUID();
        given().contentType(ContentType.JSON).body(VP.formatted(known)).put("/api/leads/{id}", known).then().statusCode(200)
                .body("engagement", is(0)).body("stage", equalTo("NONE"));

        JsonPath merged = merge(known, visitor);
        assertThat(merged.getList("merged")).containsExactly(visitor);
        assertThat(merged.getInt("eventsMoved")).isEqualTo(2);
        assertThat(merged.getInt("score.engagement")).isEqualTo(visitorEngagement);
        assertThat(merged.getString("score.stage")).isEqualTo("SALES_READY");
        given().get("/api/leads/{id}/events", known).then().body("total", is(2));
        given().get("/api/leads/{id}", visitor).then().statusCode(404);
        // an identified visitor is not a CRM merge: nothing announced about an id the CRM never knew
        given().get("/api/leads/{id}/stage-changes", known).then().statusCode(200)
                .body("kind", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem("MERGE")));

        // merging again (a re-delivery) changes nothing; a late event of the visitor id counts once too
        JsonPath again = merge(known, visitor);
        assertThat(again.getList("merged")).isEmpty();
        assertThat(again.getList("unknown")).containsExactly(visitor);
        assertThat(again.getInt("score.engagement")).isEqualTo(visitorEngagement);
        events(visitor, "v1", "page_view", "/pricing");
        merge(known, visitor);
        given().get("/api/leads/{id}/events", known).then().body("total", is(2));
        given().get("/api/leads/{id}/score", known).then().body("engagement", is(visitorEngagement));
    }

    @Test
    void aCrmMergeOfTwoKnownLeadsMovesEventsOnceKeepsOutcomesAndIsAnnounced() {
        String keep = "dup-keep-" + UUID.randomUUID();
        String gone = "dup-gone-" + UUID.randomUUID();
        given().contentType(ContentType.JSON).body(VP.formatted(keep)).put("/api/leads/{id}", keep).then().statusCode(200);
        given().contentType(ContentType.JSON).body(VP.formatted(gone)).put("/api/leads/{id}", gone).then().statusCode(200);
        // the same event reached both records (id "shared"): after the merge it counts once
        events(keep, "shared", "webinar_attended", "/webinar");
        events(gone, "shared", "webinar_attended", "/webinar", "g1", "content_download", "/case-study");
        given().contentType(ContentType.JSON).body("{\"type\": \"SALES_ACCEPTED\", \"at\": \"" + Instant.now() + "\"}")
                .post("/api/leads/{id}/outcomes", gone).then().statusCode(201);

        JsonPath merged = merge(keep, gone);
        assertThat(merged.getInt("eventsMoved")).isEqualTo(1);
        given().get("/api/leads/{id}/events", keep).then().body("total", is(2));
        given().get("/api/leads/{id}/outcomes", keep).then().statusCode(200).body("type", contains("SALES_ACCEPTED"));
        given().get("/api/leads/{id}", gone).then().statusCode(404);
        List<Map<String, Object>> changes = given().get("/api/leads/{id}/stage-changes", keep).then().statusCode(200)
                .extract().jsonPath().getList("$");
        assertThat(changes).anySatisfy(c -> {
            assertThat(c).containsEntry("kind", "MERGE").containsEntry("announced", true);
            assertThat((String) c.get("reason")).contains(gone);
        });
        List<Map<String, Object>> feed = given().queryParam("limit", 500).get("/api/stage-changes").then().statusCode(200)
                .extract().jsonPath().getList("items");
        assertThat(feed).anySatisfy(c -> {
            assertThat(c).containsEntry("type", "lead.merged").containsEntry("leadId", keep);
            assertThat(c.get("mergedIds")).isEqualTo(List.of(gone));
        });
    }

    @Test
    void mergeRequestsAreChecked() {
        String known = "known-" + UUID.randomUUID();
        given().contentType(ContentType.JSON).body(Map.of("ids", List.of("x"))).post("/api/leads/{id}/merge", known)
                .then().statusCode(404);
        given().contentType(ContentType.JSON).body(VP.formatted(known)).put("/api/leads/{id}", known).then().statusCode(200);
        given().contentType(ContentType.JSON).body("{}").post("/api/leads/{id}/merge", known)
                .then().statusCode(400).body("errors[0].field", equalTo("ids"));
        given().contentType(ContentType.JSON).body(Map.of("ids", List.of("bad id!"))).post("/api/leads/{id}/merge", known)
                .then().statusCode(400).body("errors[0].field", equalTo("ids[0]"));
        TestKeys.as(Roles.REVOPS).contentType(ContentType.JSON).body(Map.of("ids", List.of("x")))
                .post("/api/leads/{id}/merge", known).then().statusCode(403);
    }
}
