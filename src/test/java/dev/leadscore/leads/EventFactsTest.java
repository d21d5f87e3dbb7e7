package dev.leadscore.leads;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import dev.leadscore.EmbeddedPostgresResource;
import dev.leadscore.TestKeys;
import dev.leadscore.scoring.ActiveRulesets;
import dev.leadscore.scoring.ActivityEvent;
import dev.leadscore.scoring.ScoreResult;
import dev.leadscore.scoring.ScoringEngine;
import dev.leadscore.security.Roles;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * The rules score a lead's stored events as the service reads them back in one statement
 * ({@link LeadEventCache#read}): they must be the events an entity read gives (same values, same
 * types of numbers, same instants), the latest first, so that a lead re-scored later from the
 * database is scored exactly as the request that stored the events was.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class EventFactsTest {
    @Inject
    EntityManager em;
    @Inject
    LeadEventCache cache;
    @Inject
    ScoringEngine engine;
    @Inject
    ActiveRulesets rulesets;

    @Test
    void eventsReadForScoringEqualTheStoredRows() {
        String id = "facts-" + UUID.randomUUID();
        // numbers of every kind, nesting, nanoseconds (stored as microseconds), one instant shared by two events
        String events = "[{\"id\":\"b\",\"type\":\"page_view\",\"occurredAt\":\"2026-03-01T10:00:00.123456789Z\","
                + "\"properties\":{\"path\":\"/pricing\",\"seconds\":42,\"big\":12345678901234,\"huge\":123456789012345678901234567890,"
                + "\"ratio\":0.1,\"exp\":1e2,\"flag\":true,\"tags\":[\"a\",1],\"nested\":{\"k\":\"v\"}}},"
                + "{\"id\":\"a\",\"type\":\"email_open\",\"occurredAt\":\"2026-03-01T10:00:00.123456789Z\"},"
                + "{\"id\":\"c\",\"type\":\"webinar_attended\",\"occurredAt\":\"2026-02-01T08:30:00Z\",\"properties\":{\"name\":\"Ünïcode ✓\"}}]";
        JsonPath answer = TestKeys.as(Roles.INTEGRATION).contentType(ContentType.JSON).body(events)
                .post("/api/leads/{id}/events", id).then().statusCode(200).header("X-Events-Accepted", "3").extract().jsonPath();

        List<ActivityEvent> read = QuarkusTransaction.requiringNew().call(() -> cache.read(List.of(id)).get(id));
        List<EventRecord> rows = QuarkusTransaction.requiringNew().call(() -> em.createQuery(
                "from EventRecord e where e.leadId = ?1", EventRecord.class).setParameter(1, id).getResultList());
        List<ActivityEvent> expected = rows.stream().map(EventRecord::toFact)
                .sorted(Comparator.comparing(ActivityEvent::getOccurredAt).thenComparing(ActivityEvent::getId).reversed())
                .toList();

        assertThat(read).extracting(ActivityEvent::getId).containsExactly("b", "a", "c");
        for (int i = 0; i < expected.size(); i++) {
            ActivityEvent e = expected.get(i);
            ActivityEvent r = read.get(i);
            assertThat(r.getId()).isEqualTo(e.getId());
            assertThat(r.getType()).isEqualTo(e.getType());
            assertThat(r.getOccurredAt()).isEqualTo(e.getOccurredAt());
            assertThat(r.getProperties()).as("event %s", e.getId()).isEqualTo(e.getProperties());
            r.getProperties().forEach((k, v) -> assertThat(v).as("%s of event %s", k, e.getId())
                    .hasSameClassAs(e.getProperties().get(k)));
        }
        Map<String, Object> first = read.get(0).getProperties();
        assertThat(first.get("big")).isEqualTo(12345678901234L);
        assertThat(read.get(0).getOccurredAt().getNano()).isEqualTo(123457000);

        // scored from the events as read, a lead gets the score the request that stored them answered
        LeadRecord lead = QuarkusTransaction.requiringNew().call(() -> LeadRecord.<LeadRecord>findById(id));
        Instant asOf = Instant.parse(answer.getString("asOf"));
        ScoreResult fromRead = engine.score(rulesets.require(lead.model), lead.profile.toFact(id), read, asOf);
        ScoreResult fromRows = engine.score(rulesets.require(lead.model), lead.profile.toFact(id), expected, asOf);
        assertThat(fromRead).isEqualTo(fromRows);
        assertThat(fromRead.total()).isEqualTo(answer.getInt("total")).isPositive();
        assertThat(fromRead.adjustments()).hasSize(answer.getList("adjustments").size());
    }
}
