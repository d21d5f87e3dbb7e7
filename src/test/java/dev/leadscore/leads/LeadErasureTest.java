package dev.leadscore.leads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.leadscore.TestKeys;
import dev.leadscore.lifecycle.LifecycleTestProfile;
import dev.leadscore.lifecycle.TestClock;
import dev.leadscore.security.Roles;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * DELETE /api/leads/{id}: afterwards no row of any table holds the person's id or e-mail, an audit
 * entry says who erased a (hashed) id when, and the id can be created again from nothing. Runs
 * with webhook endpoints configured, so announcements are queued for delivery when it erases.
 */
@QuarkusTest
@TestProfile(LifecycleTestProfile.class)
class LeadErasureTest {
    @Inject
    DataSource db;
    @Inject
    TestClock clock;

    static RequestSpecification given() {
        return TestKeys.as(Roles.INTEGRATION);
    }

    static String vp(String email, String account) {
        return """
                {"email": "%s", "firstName": "Erin", "lastName": "Rase", "title": "VP Sales", "country": "US",
                 "accountId": "%s", "source": "crm",
                 "company": {"name": "Acme", "domain": "acme-saas.io", "industry": "SaaS", "employees": 200}}"""
                .formatted(email, account);
    }

    void event(String leadId, String type, String properties) {
        given().contentType(ContentType.JSON).body("{\"id\":\"" + UUID.randomUUID() + "\",\"type\":\"" + type
                + "\",\"occurredAt\":\"" + clock.instant() + "\",\"properties\":" + properties + "}")
                .post("/api/leads/{id}/events", leadId).then().statusCode(200);
    }

    @Test
    void erasureLeavesNoRowWithTheIdOrEmailAndTheIdCanStartAgain() throws Exception {
        clock.advance(Duration.ofDays(1000));
        String account = "acct-" + UUID.randomUUID();
        String id = "erase-" + UUID.randomUUID();
        String email = "erin." + UUID.randomUUID() + "@acme-saas.io";
        given().header("Idempotency-Key", UUID.randomUUID().toString()).contentType(ContentType.JSON)
                .body(vp(email, account)).put("/api/leads/{id}", id).then().statusCode(200);
        List<String> colleagues = List.of("colleague-" + UUID.randomUUID(), "colleague-" + UUID.randomUUID());
        for (String c : colleagues) {
            given().contentType(ContentType.JSON).body(vp(c + "@acme-saas.io", account)).put("/api/leads/{id}", c)
                    .then().statusCode(200);
            event(c, "webinar_attended", "{}");
        }
        // her demo request makes her sales-ready (announced) and the third engaged contact (account escalated)
        event(id, "form_submit", "{\"form\": \"demo_request\"}");
        event(id, "page_view", "{\"path\": \"/pricing\"}");
        given().contentType(ContentType.JSON).body("{\"type\": \"SALES_ACCEPTED\", \"at\": \"" + clock.instant() + "\"}")
                .post("/api/leads/{id}/outcomes", id).then().statusCode(201);
        given().get("/api/accounts/{id}", account).then().statusCode(200).body("status", equalTo("ESCALATED"));

        Map<String, Long> before = rowsMentioning(id, email);
        assertThat(before).containsKeys("lead.id", "lead_event.lead_id", "score_record.lead_id", "crm_outcome.lead_id",
                "stage_change.lead_id", "outbox_message.payload", "idempotency_record.scope", "lead_lifecycle.lead_id");
        assertThat(before.keySet()).anyMatch(k -> k.startsWith("stage_change.payload"));

        given().delete("/api/leads/{id}", id).then().statusCode(204);

        assertThat(rowsMentioning(id, email)).as("columns still holding the erased id or e-mail").isEmpty();
        assertThat(auditEntries(sha256(id))).singleElement().satisfies(by -> assertThat(by).startsWith("test integration"));
        given().get("/api/leads/{id}", id).then().statusCode(404);
        given().delete("/api/leads/{id}", id).then().statusCode(404);
        // the account lost an engaged contact: no longer escalated, and its colleagues are untouched
        given().get("/api/accounts/{id}", account).then().statusCode(200)
                .body("status", equalTo("NONE")).body("contacts.leadId", org.hamcrest.Matchers.containsInAnyOrder(colleagues.toArray()));

        // the same id starts again from nothing
        given().contentType(ContentType.JSON).body(vp(email, account)).put("/api/leads/{id}", id).then().statusCode(200)
                .body("engagement", is(0));
        given().get("/api/leads/{id}/history", id).then().statusCode(200).body("total", is(1));
        given().get("/api/leads/{id}/events", id).then().statusCode(200).body("total", is(0));
        given().get("/api/leads/{id}/outcomes", id).then().statusCode(200).body("size()", is(0));
        given().get("/api/leads/{id}", id).then().statusCode(200).body("lifecycleStage", equalTo("NONE"));
    }

    /** Every text or JSON column of every table, with how many of its rows contain the id or the e-mail. */
    private Map<String, Long> rowsMentioning(String id, String email) throws Exception {
        Map<String, Long> found = new LinkedHashMap<>();
        try (Connection c = db.getConnection()) {
            List<String[]> columns = new ArrayList<>();
            try (ResultSet rs = c.createStatement().executeQuery("""
                    select table_name, column_name from information_schema.columns
                    where table_schema = current_schema() and table_name <> 'flyway_schema_history'
                      and data_type in ('text', 'character varying', 'character', 'json', 'jsonb')""")) {
                while (rs.next()) {
                    columns.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
            assertThat(columns).hasSizeGreaterThan(20);
            for (String[] col : columns) {
                try (PreparedStatement q = c.prepareStatement("select count(*) from \"" + col[0] + "\" where strpos(\""
                        + col[1] + "\"::text, ?) > 0 or strpos(lower(\"" + col[1] + "\"::text), ?) > 0")) {
                    q.setString(1, id);
                    q.setString(2, email.toLowerCase());
                    try (ResultSet rs = q.executeQuery()) {
                        rs.next();
                        if (rs.getLong(1) > 0) {
                            found.put(col[0] + "." + col[1], rs.getLong(1));
                        }
                    }
                }
            }
        }
        return found;
    }

    private List<String> auditEntries(String hash) throws Exception {
        List<String> by = new ArrayList<>();
        try (Connection c = db.getConnection();
                PreparedStatement q = c.prepareStatement("select erased_by from lead_erasure where lead_id_sha256 = ?")) {
            q.setString(1, hash);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    by.add(rs.getString(1));
                }
            }
        }
        return by;
    }

    static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}
