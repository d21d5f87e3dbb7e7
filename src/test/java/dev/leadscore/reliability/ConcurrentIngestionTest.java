package dev.leadscore.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.leadscore.EmbeddedPostgresResource;
import dev.leadscore.TestKeys;
import dev.leadscore.security.Roles;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * Concurrent writers to leads lose nothing and count nothing twice: every test compares the
 * stored outcome with the score of the same events computed in one go.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class ConcurrentIngestionTest {
    static final String PROFILE = "{\"title\": \"VP Marketing\", \"country\": \"US\", "
            + "\"company\": {\"industry\": \"SaaS\", \"employees\": 250, \"techStack\": [\"HubSpot\"]}}";
    static final String[] KINDS = {
        "\"type\":\"page_view\",\"properties\":{\"path\":\"/pricing\"}",
        "\"type\":\"page_view\",\"properties\":{\"path\":\"/blog/a\"}",
        "\"type\":\"email_open\",\"properties\":{}",
        "\"type\":\"email_click\",\"properties\":{}",
        "\"type\":\"webinar_attended\",\"properties\":{}",
        "\"type\":\"content_download\",\"properties\":{\"asset\":\"whitepaper\"}",
        "\"type\":\"form_submit\",\"properties\":{\"form\":\"newsletter\"}",
        "\"type\":\"video_watched\",\"properties\":{}" };

    static String event(String id, int i, Instant base) {
        return "{\"id\":\"" + id + "\"," + KINDS[i % KINDS.length] + ",\"occurredAt\":\"" + base.minus(i, ChronoUnit.MINUTES) + "\"}";
    }

    static String array(List<String> events) {
        return "[" + String.join(",", events) + "]";
    }

    static String newLead() {
        String id = "conc-" + UUID.randomUUID();
        TestKeys.as(Roles.INTEGRATION).contentType(ContentType.JSON).body(PROFILE).put("/api/leads/{id}", id).then().statusCode(200);
        return id;
    }

    static Response postEvents(String lead, String body) {
        return TestKeys.as(Roles.INTEGRATION).contentType(ContentType.JSON).body(body).post("/api/leads/{id}/events", lead);
    }

    static <T> List<T> concurrently(int threads, List<Callable<T>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<T> results = new ArrayList<>();
            for (Future<T> f : pool.invokeAll(calls)) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdown();
        }
    }

    /** What a score says, without when or for whom it was computed. */
    static Map<String, Object> essence(JsonPath score) {
        List<String> adjustments = score.getList("adjustments", Map.class).stream()
                .map(a -> a.get("category") + "|" + a.get("rule") + "|" + a.get("points") + "|" + a.get("eventId"))
                .sorted().toList();
        return Map.of("fit", score.getInt("fit"), "engagement", score.getInt("engagement"), "total", score.getInt("total"),
                "band", score.getString("band"), "stage", score.getString("stage"), "adjustments", adjustments);
    }

    /** The lead's latest stored score equals the score of all its events computed at once, as of the same instant. */
    static void assertLatestScoreReflects(String lead, List<String> events) {
        JsonPath stored = TestKeys.as(Roles.INTEGRATION).get("/api/leads/{id}/score", lead).then().statusCode(200).extract().jsonPath();
        JsonPath once = TestKeys.as(Roles.INTEGRATION).contentType(ContentType.JSON)
                .body("{\"asOf\":\"" + stored.getString("asOf") + "\",\"lead\":" + PROFILE + ",\"events\":" + array(events) + "}")
                .post("/api/score").then().statusCode(200).extract().jsonPath();
        assertThat(essence(stored)).isEqualTo(essence(once));
    }

    static int storedEvents(String lead) {
        return TestKeys.as(Roles.INTEGRATION).queryParam("size", 1).get("/api/leads/{id}/events", lead)
                .then().statusCode(200).extract().path("total");
    }

    @Test
    void twoHundredConcurrentEventsForOneLeadAreAllStoredAndAllScored() throws Exception {
        String lead = newLead();
        Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<String> events = new ArrayList<>();
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String e = event("e" + i, i, base);
            events.add(e);
            calls.add(() -> postEvents(lead, e).statusCode());
        }
        assertThat(concurrently(16, calls)).containsOnly(200);
        assertThat(storedEvents(lead)).isEqualTo(200);
        assertLatestScoreReflects(lead, events);
    }

    @Test
    void aBatchOfAThousandSentThreeTimesAtOnceIsStoredOnceAndScoresAsIfSentOnce() throws Exception {
        String thrice = newLead();
        String once = newLead();
        Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            events.add(event("b" + i, i, base));
        }
        String batch = array(events);
        List<Callable<Response>> calls = List.of(() -> postEvents(thrice, batch), () -> postEvents(thrice, batch),
                () -> postEvents(thrice, batch));
        List<Response> answers = concurrently(3, calls);
        assertThat(answers).extracting(Response::statusCode).containsOnly(200);
        assertThat(answers.stream().mapToInt(r -> Integer.parseInt(r.header("X-Events-Accepted"))).sum()).isEqualTo(1000);
        assertThat(answers.stream().mapToInt(r -> Integer.parseInt(r.header("X-Events-Duplicate"))).sum()).isEqualTo(2000);
        postEvents(once, batch).then().statusCode(200);

        assertThat(storedEvents(thrice)).isEqualTo(1000);
        assertThat(storedEvents(once)).isEqualTo(1000);
        String asOf = Instant.now().toString();
        JsonPath a = TestKeys.as(Roles.INTEGRATION).queryParam("asOf", asOf).get("/api/leads/{id}/score", thrice).jsonPath();
        JsonPath b = TestKeys.as(Roles.INTEGRATION).queryParam("asOf", asOf).get("/api/leads/{id}/score", once).jsonPath();
        assertThat(essence(a)).isEqualTo(essence(b));
        assertLatestScoreReflects(thrice, events);
    }

    /** A short load: 20 leads x 50 events, every event sent twice, shuffled over 8 threads in batches of 5. */
    @Test
    void concurrentIngestionLosesAndDuplicatesNothing() throws Exception {
        int leads = 20;
        int perLead = 50;
        Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Map<String, List<String>> eventsOf = new java.util.LinkedHashMap<>();
        List<String[]> sends = new ArrayList<>();
        for (int l = 0; l < leads; l++) {
            String lead = newLead();
            List<String> events = new ArrayList<>();
            for (int i = 0; i < perLead; i++) {
                String e = event("l" + i, i, base);
                events.add(e);
                sends.add(new String[] { lead, e });
                sends.add(new String[] { lead, e });
            }
            eventsOf.put(lead, events);
        }
        Collections.shuffle(sends, new Random(42));
        Map<String, List<String[]>> byLead = sends.stream().collect(Collectors.groupingBy(s -> s[0]));
        List<Callable<int[]>> calls = new ArrayList<>();
        byLead.forEach((lead, list) -> {
            for (int i = 0; i < list.size(); i += 5) {
                List<String> chunk = list.subList(i, Math.min(i + 5, list.size())).stream().map(s -> s[1]).toList();
                calls.add(() -> {
                    Response r = postEvents(lead, array(chunk));
                    return new int[] { r.statusCode(), Integer.parseInt(r.header("X-Events-Accepted")),
                        Integer.parseInt(r.header("X-Events-Duplicate")) };
                });
            }
        });
        Collections.shuffle(calls, new Random(7));
        long started = System.nanoTime();
        List<int[]> results = concurrently(8, calls);
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("Load: %d requests, %d events sent (%d unique) in %.1f s: %.0f requests/s%n", calls.size(), sends.size(),
                leads * perLead, seconds, calls.size() / seconds);
        assertThat(results).allSatisfy(r -> assertThat(r[0]).isEqualTo(200));
        assertThat(results.stream().mapToInt(r -> r[1]).sum()).isEqualTo(leads * perLead);
        assertThat(results.stream().mapToInt(r -> r[2]).sum()).isEqualTo(leads * perLead);
        eventsOf.forEach((lead, events) -> {
            assertThat(storedEvents(lead)).isEqualTo(perLead);
            assertLatestScoreReflects(lead, events);
        });
    }
}
