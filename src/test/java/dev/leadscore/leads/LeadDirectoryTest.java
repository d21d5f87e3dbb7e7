package dev.leadscore.leads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
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

/** GET /api/leads/{id} and GET /api/leads: what a CRM view or a sync job reads back. */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class LeadDirectoryTest {

    static RequestSpecification given() {
        return TestKeys.as(Roles.INTEGRATION);
    }

    static String profile(String source, String title, String industry) {
        return """
                {"email": "p-%s@acme-saas.io", "firstName": "Pat", "title": "%s", "country": "US", "source": "%s",
                 "company": {"name": "Acme", "domain": "acme-saas.io", "industry": "%s", "employees": 200}}"""
                .formatted(UUID.randomUUID(), title, source, industry);
    }

    static void put(String id, String body) {
        given().contentType(ContentType.JSON).body(body).put("/api/leads/{id}", id).then().statusCode(200);
    }

    static void demoAndPricing(String id) {
        Instant now = Instant.now();
        given().contentType(ContentType.JSON).body("""
                [{"id": "d", "type": "form_submit", "occurredAt": "%s", "properties": {"form": "demo_request"}},
                 {"id": "p", "type": "page_view", "occurredAt": "%s", "properties": {"path": "/pricing"}}]"""
                .formatted(now.minus(1, ChronoUnit.HOURS), now.minus(2, ChronoUnit.HOURS)))
                .post("/api/leads/{id}/events", id).then().statusCode(200);
    }

    @Test
    void aLeadReadsBackWithProfileScoreStagesAndDates() {
        String id = "crm-" + UUID.randomUUID();
        String source = "src-" + UUID.randomUUID();
        put(id, profile(source, "VP Sales", "SaaS"));
        given().get("/api/leads/{id}", id).then().statusCode(200)
                .body("id", equalTo(id))
                .body("model", equalTo("sales-led"))
                .body("anonymous", is(false))
                .body("source", equalTo(source))
                .body("profile.title", equalTo("VP Sales"))
                .body("profile.company.industry", equalTo("SaaS"))
                .body("scoreStage", equalTo("NONE"))
                .body("lifecycleStage", equalTo("NONE"))
                .body("engagement", is(0))
                .body("mqlAt", nullValue())
                .body("lastActivityAt", nullValue());

        demoAndPricing(id);
        JsonPath lead = given().get("/api/leads/{id}", id).then().statusCode(200).extract().jsonPath();
        JsonPath score = given().get("/api/leads/{id}/score", id).then().statusCode(200).extract().jsonPath();
        assertThat(lead.getInt("fit")).isEqualTo(score.getInt("fit")).isGreaterThanOrEqualTo(50);
        assertThat(lead.getInt("engagement")).isEqualTo(score.getInt("engagement")).isGreaterThan(0);
        assertThat(lead.getInt("total")).isEqualTo(score.getInt("total"));
        assertThat(lead.getString("band")).isEqualTo("HOT");
        assertThat(lead.getString("scoreStage")).isEqualTo("SALES_READY");
        assertThat(lead.getString("lifecycleStage")).isEqualTo("SALES_READY");
        assertThat(lead.getString("mqlAt")).isNotNull().isEqualTo(score.getString("mqlAt"));
        assertThat(lead.getString("lastActivityAt")).isEqualTo(score.getString("lastActivityAt"));
        assertThat(lead.getString("rulesetVersion")).isEqualTo(score.getString("rulesetVersion"));

        // sales accepted it: the lifecycle stage is SQL while the score's stage stays what the rules say
        given().contentType(ContentType.JSON).body("{\"type\": \"SALES_ACCEPTED\", \"at\": \"" + Instant.now() + "\"}")
                .post("/api/leads/{id}/outcomes", id).then().statusCode(201);
        given().get("/api/leads/{id}", id).then().statusCode(200)
                .body("lifecycleStage", equalTo("SQL"))
                .body("scoreStage", equalTo("SALES_READY"));
        given().queryParam("source", source).queryParam("stage", "SQL").get("/api/leads").then().statusCode(200)
                .body("items.id", org.hamcrest.Matchers.contains(id));

        given().get("/api/leads/{id}", "nobody-" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void theListIsFilteredSortedAndPagedByCursorWithoutGapsOrRepeats() {
        String source = "list-" + UUID.randomUUID();
        List<String> ids = new ArrayList<>();
        // different fits give different totals: a SaaS VP, a SaaS manager, an "other" industry intern...
        String[][] who = {{"VP Sales", "SaaS"}, {"Marketing Manager", "SaaS"}, {"Intern", "Retail"},
                {"VP Marketing", "Technology"}, {"Analyst", "Retail"}};
        for (int i = 0; i < who.length; i++) {
            String id = source + "-" + i;
            ids.add(id);
            put(id, profile(source, who[i][0], who[i][1]));
        }
        demoAndPricing(ids.get(0));
        // another source's lead never shows under this source
        put("other-" + UUID.randomUUID(), profile("other-" + UUID.randomUUID(), "CEO", "SaaS"));

        List<Integer> totals = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            RequestSpecification request = given().queryParam("source", source).queryParam("limit", 2);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/api/leads").then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("items.id"));
            totals.addAll(page.getList("items.total", Integer.class));
            cursor = page.getString("next");
            pages++;
        } while (cursor != null && pages < 10);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyInAnyOrderElementsOf(ids).doesNotHaveDuplicates();
        assertThat(seen.get(0)).isEqualTo(ids.get(0));
        assertThat(totals).isSortedAccordingTo(java.util.Comparator.reverseOrder());

        // ascending score, and the band filter
        List<Integer> ascending = given().queryParam("source", source).queryParam("sort", "score").get("/api/leads")
                .then().statusCode(200).extract().jsonPath().getList("items.total", Integer.class);
        assertThat(ascending).hasSize(5).isSorted();
        given().queryParam("source", source).queryParam("band", "hot").get("/api/leads").then().statusCode(200)
                .body("items.id", org.hamcrest.Matchers.contains(ids.get(0)))
                .body("next", nullValue());
        given().queryParam("source", source).queryParam("model", "product-led").get("/api/leads").then()
                .statusCode(200).body("items.size()", is(0));
    }

    @Test
    void aSyncJobPullsWhatChangedSinceItsLastRunInUpdateOrder() {
        String source = "sync-" + UUID.randomUUID();
        String first = source + "-a";
        String second = source + "-b";
        put(first, profile(source, "VP Sales", "SaaS"));
        put(second, profile(source, "VP Sales", "SaaS"));
        JsonPath all = given().queryParam("source", source).queryParam("sort", "updatedAt").get("/api/leads")
                .then().statusCode(200).extract().jsonPath();
        assertThat(all.getList("items.id")).containsExactly(first, second);
        Instant mark = Instant.parse(all.getString("items[1].updatedAt"));

        // new events change the first lead's score: it is now the most recently updated
        demoAndPricing(first);
        given().queryParam("source", source).queryParam("sort", "updatedAt")
                .queryParam("updatedSince", mark.plusNanos(1000).toString()).get("/api/leads").then().statusCode(200)
                .body("items.id", org.hamcrest.Matchers.contains(first));
        given().queryParam("source", source).queryParam("sort", "-updatedAt").queryParam("limit", 1).get("/api/leads")
                .then().statusCode(200).body("items[0].id", equalTo(first)).body("next", notNullValue());
    }

    @Test
    void badParametersAndForeignCursorsAreProblemsNamingTheField() {
        given().queryParam("sort", "name").get("/api/leads").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("sort"));
        given().queryParam("band", "LUKEWARM").get("/api/leads").then().statusCode(400).body("errors[0].field", equalTo("band"));
        given().queryParam("stage", "LOST").get("/api/leads").then().statusCode(400).body("errors[0].field", equalTo("stage"));
        given().queryParam("limit", 0).get("/api/leads").then().statusCode(400).body("errors[0].field", equalTo("limit"));
        given().queryParam("updatedSince", "yesterday").get("/api/leads").then().statusCode(400)
                .body("errors[0].field", equalTo("updatedSince"));
        given().queryParam("cursor", "not-a-cursor").get("/api/leads").then().statusCode(400)
                .body("errors[0].field", equalTo("cursor"));
        String scoreCursor = given().queryParam("limit", 1).get("/api/leads").then().statusCode(200).extract().path("next");
        assertThat(scoreCursor).isNotNull();
        given().queryParam("cursor", scoreCursor).queryParam("sort", "updatedAt").get("/api/leads").then().statusCode(400)
                .body("errors[0].field", equalTo("cursor"));
    }

    @Test
    void aSourceRestrictedKeySeesOnlyItsOwnLeads() {
        String source = "restricted-" + UUID.randomUUID();
        String key = TestKeys.create(Roles.INTEGRATION, source, null);
        String own = source + "-own";
        io.restassured.RestAssured.given().header(TestKeys.HEADER, key).contentType(ContentType.JSON)
                .body(profile("ignored", "VP Sales", "SaaS")).put("/api/leads/{id}", own).then().statusCode(200);
        String foreign = "foreign-" + UUID.randomUUID();
        put(foreign, profile("crm", "VP Sales", "SaaS"));

        List<String> listed = io.restassured.RestAssured.given().header(TestKeys.HEADER, key).queryParam("limit", 500)
                .get("/api/leads").then().statusCode(200).extract().jsonPath().getList("items.id");
        assertThat(listed).contains(own).doesNotContain(foreign);
        io.restassured.RestAssured.given().header(TestKeys.HEADER, key).get("/api/leads/{id}", foreign)
                .then().statusCode(404);
        io.restassured.RestAssured.given().header(TestKeys.HEADER, key).delete("/api/leads/{id}", foreign)
                .then().statusCode(404);
        given().get("/api/leads/{id}", foreign).then().statusCode(200);
        TestKeys.as(Roles.MARKETING_OPS).get("/api/leads").then().statusCode(403);
        TestKeys.as(Roles.REVOPS).delete("/api/leads/{id}", foreign).then().statusCode(403);
    }
}
