package dev.leadscore.leads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import dev.leadscore.EmbeddedPostgresResource;
import dev.leadscore.TestKeys;
import dev.leadscore.scoring.Category;
import dev.leadscore.security.Roles;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * A lead's explanation grows with every event; its scores are stored as edits of the score before
 * them. What a CRM, RevOps and the audit read back must be exactly what each score said when it
 * was computed.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class StoredExplanationTest {
    private static final String[] KINDS = {
        "\"type\":\"page_view\",\"properties\":{\"path\":\"/blog/post\"}", "\"type\":\"email_open\"",
        "\"type\":\"email_click\"", "\"type\":\"page_view\",\"properties\":{\"path\":\"/pricing\"}",
        "\"type\":\"webinar_attended\"", "\"type\":\"content_download\",\"properties\":{\"asset\":\"whitepaper\"}" };

    @Inject
    EntityManager em;

    @Test
    void everyStoredScoreReadsBackWithTheExplanationItWasComputedWith() {
        String id = "explained-" + UUID.randomUUID();
        Instant from = Instant.now();
        // what each score said when it was computed, by when it was stored
        Map<String, List<Map<String, Object>>> said = new HashMap<>();
        JsonPath profiled = TestKeys.as(Roles.INTEGRATION).contentType(ContentType.JSON).body(LeadResourceTest.VP_PROFILE)
                .put("/api/leads/{id}", id).then().statusCode(200).extract().jsonPath();
        said.put(micros(profiled.getString("scoredAt")), profiled.getList("adjustments"));
        Instant first = Instant.now().minus(Duration.ofDays(20));
        for (int i = 0; i < 60; i++) {
            String event = "[{\"id\":\"e" + i + "\"," + KINDS[i % KINDS.length] + ",\"occurredAt\":\""
                    + first.plus(Duration.ofHours(7L * i)) + "\"}]";
            JsonPath score = TestKeys.as(Roles.INTEGRATION).contentType(ContentType.JSON).body(event)
                    .post("/api/leads/{id}/events", id).then().statusCode(200).extract().jsonPath();
            said.put(micros(score.getString("scoredAt")), score.getList("adjustments"));
        }
        Instant to = Instant.now().plusMillis(1);

        JsonPath history = TestKeys.as(Roles.INTEGRATION).queryParam("size", 100).get("/api/leads/{id}/history", id)
                .then().statusCode(200).extract().jsonPath();
        List<String> storedAt = history.<String>getList("items.scoredAt").stream().map(StoredExplanationTest::micros).toList();
        assertThat(storedAt).hasSizeGreaterThan(40);
        for (int i = 0; i < storedAt.size(); i++) {
            List<Map<String, Object>> lines = history.getList("items[" + i + "].adjustments");
            assertThat(lines).as("score stored at %s", storedAt.get(i)).isEqualTo(said.get(storedAt.get(i)));
        }
        assertThat(storedAt).as("every score an event answered with is in the history").containsAll(said.keySet());

        // most scores were stored as edits, and a score is stored whole again before a chain grows long
        List<Object[]> rows = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select id, base_id from score_record where lead_id = ?1", Object[].class).setParameter(1, id).getResultList());
        Map<Long, Long> baseOf = new HashMap<>();
        rows.forEach(r -> baseOf.put(((Number) r[0]).longValue(), r[1] == null ? null : ((Number) r[1]).longValue()));
        long edited = baseOf.values().stream().filter(b -> b != null).count();
        assertThat(edited).isGreaterThan(rows.size() / 2);
        for (Long score : baseOf.keySet()) {
            int chain = 0;
            for (Long at = baseOf.get(score); at != null; at = baseOf.get(at)) {
                chain++;
            }
            assertThat(chain).as("edits between score %s and one stored whole", score).isLessThanOrEqualTo(ScoreLines.MAX_CHAIN);
        }

        // the audit's explanation as of a past score, rebuilt from the chain
        String middle = storedAt.get(storedAt.size() / 2);
        int lines = TestKeys.as(Roles.ADMIN).queryParam("asOf", middle).get("/api/leads/{id}/explain", id)
                .then().statusCode(200).extract().jsonPath().getList("sections.lines.flatten()").size();
        assertThat(lines).isEqualTo(said.get(middle).size());

        // rule activity counts every line of every score of the window, as stored
        Map<String, int[]> expected = new HashMap<>();
        for (int i = 0; i < storedAt.size(); i++) {
            for (Map<String, Object> line : history.<Map<String, Object>>getList("items[" + i + "].adjustments")) {
                int[] c = expected.computeIfAbsent((String) line.get("rule"), k -> new int[2]);
                c[0]++;
                c[1] += (Integer) line.get("points");
            }
        }
        JsonPath activity = TestKeys.as(Roles.ADMIN).queryParam("model", "sales-led").queryParam("from", from.toString())
                .queryParam("to", to.toString()).get("/api/audit/rules").then().statusCode(200).extract().jsonPath();
        Map<String, int[]> counted = new HashMap<>();
        for (Map<String, Object> rule : activity.<Map<String, Object>>getList("days.rules.flatten()")) {
            int[] c = counted.computeIfAbsent((String) rule.get("rule"), k -> new int[2]);
            c[0] += (Integer) rule.get("firings");
            c[1] += (Integer) rule.get("points");
        }
        assertThat(counted.keySet()).isEqualTo(expected.keySet());
        expected.forEach((rule, c) -> assertThat(counted.get(rule)).as(rule).containsExactly(c[0], c[1]));
    }

    @Test
    void editsRebuildEveryExplanationAndWeighNoMoreThanTheirBudget() {
        Random random = new Random(42);
        for (int round = 0; round < 2_000; round++) {
            List<AdjustmentRecord> before = lines(random, random.nextInt(40));
            List<AdjustmentRecord> after = new ArrayList<>(before);
            for (int k = random.nextInt(6); k > 0; k--) {
                int at = after.isEmpty() ? 0 : random.nextInt(after.size());
                switch (random.nextInt(3)) {
                    case 0 -> after.add(at, lines(random, 1).get(0));
                    case 1 -> { if (!after.isEmpty()) { after.remove(at); } }
                    default -> { if (!after.isEmpty()) { after.set(at, lines(random, 1).get(0)); } }
                }
            }
            if (random.nextInt(10) == 0) {
                Collections.shuffle(after, random);
            }
            List<LineEdit> edits = ScoreLines.edits(before, after, Integer.MAX_VALUE);
            assertThat(ScoreLines.apply(before, edits)).isEqualTo(after);
            int weight = edits.stream().mapToInt(e -> 1 + e.inserted().size()).sum();
            assertThat(ScoreLines.edits(before, after, weight)).isEqualTo(edits);
            if (weight > 0) {
                assertThat(ScoreLines.edits(before, after, weight - 1)).isNull();
            }
        }
    }

    @Test
    void anEditThatDoesNotFitItsBaseIsRefusedNotApplied() {
        List<AdjustmentRecord> two = lines(new Random(1), 2);
        assertThatIllegalStateException()
                .isThrownBy(() -> ScoreLines.apply(two, List.of(new LineEdit(1, 5, List.of()))))
                .withMessageContaining("does not fit the 2 lines");
    }

    /** PostgreSQL keeps an instant to the nearest microsecond. */
    private static String micros(String instant) {
        return Instant.parse(instant).plusNanos(500).truncatedTo(ChronoUnit.MICROS).toString();
    }

    private static List<AdjustmentRecord> lines(Random random, int n) {
        List<AdjustmentRecord> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            AdjustmentRecord a = new AdjustmentRecord();
            a.category = Category.ENGAGEMENT;
            a.rule = "rule " + random.nextInt(8);
            a.points = random.nextInt(10);
            a.reason = "reason";
            a.eventId = "e" + random.nextInt(30);
            out.add(a);
        }
        return out;
    }
}
