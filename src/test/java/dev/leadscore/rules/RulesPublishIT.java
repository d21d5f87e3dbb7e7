package dev.leadscore.rules;

import static dev.leadscore.rules.RulesGovernanceTest.ENGAGEMENT;
import static dev.leadscore.rules.RulesGovernanceTest.SALES;
import static dev.leadscore.rules.RulesGovernanceTest.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.leadscore.EmbeddedPostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * A table change as Marketing Ops make it, against the packaged application (target/quarkus-app):
 * upload a changed spreadsheet, read the what-if, publish, score with the new points, roll back,
 * score with the old points again.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class RulesPublishIT {

    @Test
    void aChangedTableIsPublishedScoredWithAndRolledBack() throws IOException {
        String live = given().get("/api/rules").then().statusCode(200).extract().jsonPath()
                .getString("find { it.model == 'sales-led' }.activeVersion");
        String leadId = RulesGovernanceTest.lead("Director of Marketing", "Technology", 60, "form_submit:form:demo_request");
        JsonPath before = RulesGovernanceTest.score(leadId);
        assertThat(before.getString("rulesetVersion")).isEqualTo(live);
        assertThat(demoRequestPoints(before)).containsExactly(50);

        // Marketing Ops lower the demo request (engagement.xlsx, Engagement F5) from 50 to 40
        JsonPath draft = RulesGovernanceTest.draft(SALES, ENGAGEMENT,
                RulesGovernanceTest.withCell(ENGAGEMENT, "Engagement", "F5", 40)).then().statusCode(201).extract().jsonPath();
        String changed = draft.getString("draft.version");
        assertThat(draft.getList("draft.validation")).isEmpty();
        assertThat(draft.getInt("whatIf.scoresChanged")).isPositive();
        assertThat(draft.getList("whatIf.biggestMovers.find { it.leadId == '" + leadId + "' }.changedAdjustments"))
                .singleElement().isEqualTo(Map.of("rule", "Demo request", "pointsBefore", 50, "pointsAfter", 40));

        RulesGovernanceTest.publish(SALES, draft.getLong("draft.id"), "Demo request 50 -> 40");
        RulesGovernanceTest.awaitRescoring(SALES, changed);
        JsonPath published = RulesGovernanceTest.score(leadId);
        assertThat(published.getString("rulesetVersion")).isEqualTo(changed);
        assertThat(demoRequestPoints(published)).containsExactly(40);
        assertThat(published.getInt("engagement")).isEqualTo(before.getInt("engagement") - 10);
        // a lead scored now, without being stored, gets the new points too
        assertThat(demoRequestPoints(stateless())).containsExactly(40);

        given().contentType(ContentType.JSON).body("{\"by\": \"revops\"}")
                .post("/api/rules/{m}/versions/{v}/activate", SALES, live).then().statusCode(200);
        RulesGovernanceTest.awaitRescoring(SALES, live);
        JsonPath rolledBack = RulesGovernanceTest.score(leadId);
        assertThat(rolledBack.getString("rulesetVersion")).isEqualTo(live);
        assertThat(demoRequestPoints(rolledBack)).containsExactly(50);
        for (String figure : List.of("fit", "engagement", "total", "band", "stage")) {
            assertThat(rolledBack.getString(figure)).as(figure).isEqualTo(before.getString(figure));
        }
        assertThat(rolledBack.getList("adjustments")).isEqualTo(before.getList("adjustments"));
        assertThat(demoRequestPoints(stateless())).containsExactly(50);
    }

    private static JsonPath stateless() {
        return given().contentType(ContentType.JSON).body("""
                {"model": "sales-led", "asOf": "2026-03-03T12:00:00Z",
                 "lead": {"email": "pat@acme.io", "title": "VP Sales", "country": "US",
                          "company": {"name": "Acme", "industry": "SaaS", "employees": 200}},
                 "events": [{"id": "d", "type": "form_submit", "occurredAt": "2026-03-02T12:00:00Z",
                             "properties": {"form": "demo_request"}}]}
                """).post("/api/score").then().statusCode(200).extract().jsonPath();
    }

    private static List<Object> demoRequestPoints(JsonPath score) {
        return score.getList("adjustments.findAll { it.rule == 'Demo request' }.points");
    }
}
