package dev.leadscore.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import dev.leadscore.EmbeddedPostgresResource;
import dev.leadscore.TestKeys;
import dev.leadscore.security.Roles;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * The monthly health check on stored data. Other test classes share the database, so the checks
 * are asserted on what this test's own leads change.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class HealthResourceTest {
    /** Every request of these tests is sent with an admin key. */
    static RequestSpecification given() {
        return TestKeys.as(Roles.ADMIN);
    }

    static final String PROFILE = """
            {"email": "vp@health-check.io", "title": "VP Sales", "country": "US",
             "company": {"name": "Acme", "industry": "SaaS", "employees": 200}}
            """;

    @Inject
    EntityManager em;

    static JsonPath health() {
        return given().get("/api/reports/health?model=sales-led").then().statusCode(200).extract().jsonPath();
    }

    static String check(JsonPath h, String name) {
        return h.getString("checks.find { it.check == '" + name + "' }.status");
    }

    String newLead(boolean demo) {
        String id = "health-" + UUID.randomUUID();
        given().contentType(ContentType.JSON).body(PROFILE).put("/api/leads/{id}", id).then().statusCode(200);
        if (demo) {
            given().contentType(ContentType.JSON)
                    .body("{\"id\":\"d1\",\"type\":\"form_submit\",\"occurredAt\":\"" + Instant.now().minus(1, ChronoUnit.HOURS)
                            + "\",\"properties\":{\"form\":\"demo_request\"}}")
                    .post("/api/leads/{id}/events", id).then().statusCode(200);
        }
        return id;
    }

    void sql(String sql, Object... params) {
        QuarkusTransaction.requiringNew().run(() -> {
            var q = em.createNativeQuery(sql);
            for (int i = 0; i < params.length; i++) {
                q.setParameter(i + 1, params[i]);
            }
            q.executeUpdate();
        });
    }

    @Test
    void aStaleLeadStillScoringHighAndAnUnrescoredScoreAreRedFlags() {
        JsonPath before = health();
        String stale = newLead(true);
        JsonPath fresh = health();
        assertThat(fresh.getLong("leads")).isEqualTo(before.getLong("leads") + 1);
        assertThat(fresh.getLong("stale.count")).isEqualTo(before.getLong("stale.count"));

        // as if the lead went quiet 100 days ago and nothing re-scored it since
        Instant longAgo = Instant.now().minus(100, ChronoUnit.DAYS);
        sql("update lead set last_activity_at = ?1 where id = ?2", longAgo, stale);
        sql("update score_record set as_of = ?1, last_activity_at = ?1 where id = (select latest_score_id from lead where id = ?2)",
                longAgo, stale);
        JsonPath after = health();
        assertThat(after.getLong("stale.count")).isEqualTo(before.getLong("stale.count") + 1);
        assertThat(after.getList("stale.sample", String.class)).contains(stale);
        assertThat(check(after, "stale leads still scoring high")).isEqualTo("RED");
        assertThat(after.getLong("decay.notRescored")).isEqualTo(fresh.getLong("decay.notRescored") + 1);
        assertThat(check(after, "decay job")).isEqualTo("RED");
        assertThat(check(after, "conversion by band")).isEqualTo("NOT_AVAILABLE");
    }

    @Test
    void mqlVolumeMonthOverMonthIsComparedOnCompleteMonths() {
        YearMonth current = YearMonth.now(ZoneOffset.UTC);
        Instant twoMonthsAgo = current.minusMonths(2).atDay(10).atStartOfDay().toInstant(ZoneOffset.UTC);
        Instant lastMonth = current.minusMonths(1).atDay(10).atStartOfDay().toInstant(ZoneOffset.UTC);
        JsonPath before = health();
        long earlier = volume(before, current.minusMonths(2));
        long later = volume(before, current.minusMonths(1));
        for (int i = 0; i < 4; i++) {
            sql("update lead set mql_at = ?1 where id = ?2", twoMonthsAgo, newLead(false));
        }
        sql("update lead set mql_at = ?1 where id = ?2", lastMonth, newLead(false));
        JsonPath after = health();
        assertThat(volume(after, current.minusMonths(2))).isEqualTo(earlier + 4);
        assertThat(volume(after, current.minusMonths(1))).isEqualTo(later + 1);
        double change = (double) (later + 1 - earlier - 4) / (earlier + 4);
        assertThat(after.getDouble("volumeChange")).isCloseTo(change, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(check(after, "MQL / PQL volume month over month")).isEqualTo(Math.abs(change) > 0.30 ? "RED" : "OK");
    }

    static long volume(JsonPath h, YearMonth month) {
        Integer n = h.get("qualifiedByMonth.find { it.month == '" + month + "' }.mql");
        return n == null ? 0 : n;
    }

    @Test
    void thePageAndThePrometheusGaugesShowTheSameCheck() {
        newLead(true);
        given().get("/api/reports/health/page?model=sales-led").then().statusCode(200)
                .contentType(containsString("text/html")).body(containsString("Monthly health check"))
                .body(containsString("stale leads still scoring high"));
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("leadscore_health_red_flags{model=\"sales-led\"}",
                "leadscore_health_qualified_share{model=\"product-led\"}");
        given().get("/api/reports/health?model=nope").then().statusCode(404).contentType("application/problem+json");
    }
}
