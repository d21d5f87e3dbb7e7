package dev.leadscore.reliability;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.leadscore.EmbeddedPostgresResource;
import dev.leadscore.TestKeys;
import dev.leadscore.security.Roles;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The database stops in the middle of a load and comes back: clients get only 200 or a clean 503
 * with Retry-After, nothing is half-written, and the service serves again by itself.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class DatabaseOutageTest {

    @Test
    void stoppingTheDatabaseMidLoadGivesClean503sAndTheServiceRecovers() throws Exception {
        // as in production: with its assertions on, the driver reports a connection lost inside a
        // JDBC batch as a bare AssertionError instead of the connection failure (see pom.xml)
        assertThat(Class.forName("org.postgresql.jdbc.BatchResultHandler").desiredAssertionStatus())
                .as("PostgreSQL driver assertions").isFalse();
        String key = TestKeys.of(Roles.INTEGRATION);
        List<String> leads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String lead = "outage-" + i + "-" + Instant.now().toEpochMilli();
            TestKeys.as(Roles.INTEGRATION).contentType(ContentType.JSON).body(ConcurrentIngestionTest.PROFILE)
                    .put("/api/leads/{id}", lead).then().statusCode(200);
            leads.add(lead);
        }
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        Map<String, Set<String>> acknowledged = new ConcurrentHashMap<>();
        Map<String, Set<String>> sent = new ConcurrentHashMap<>();
        List<String> unclean = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger sequence = new AtomicInteger();
        Instant base = Instant.now();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (String lead : leads) {
            acknowledged.put(lead, ConcurrentHashMap.newKeySet());
            sent.put(lead, ConcurrentHashMap.newKeySet());
            pool.submit(() -> {
                while (running.get()) {
                    int n = sequence.incrementAndGet();
                    String id = "o" + n;
                    sent.get(lead).add(id);
                    Response r;
                    try {
                        r = given().header("X-API-Key", key).contentType(ContentType.JSON)
                                .body(ConcurrentIngestionTest.event(id, n, base)).post("/api/leads/{id}/events", lead);
                    } catch (RuntimeException e) {
                        unclean.add("no answer: " + e);
                        continue;
                    }
                    statuses.computeIfAbsent(r.statusCode(), s -> new AtomicInteger()).incrementAndGet();
                    Thread.sleep(20);
                    if (r.statusCode() == 200) {
                        acknowledged.get(lead).add(id);
                    } else if (r.statusCode() != 503 || r.header("Retry-After") == null
                            || !r.contentType().startsWith("application/problem+json")) {
                        unclean.add(r.statusCode() + " " + r.contentType() + " " + r.asString());
                    }
                }
                return null;
            });
        }
        try {
            waitFor(() -> statuses.getOrDefault(200, new AtomicInteger()).get() >= 20, Duration.ofSeconds(60));
            EmbeddedPostgresResource.stopDatabase();
            waitFor(() -> statuses.getOrDefault(503, new AtomicInteger()).get() >= 10, Duration.ofSeconds(60));
            given().get("/q/health/ready").then().statusCode(503);
        } finally {
            EmbeddedPostgresResource.startDatabase();
        }
        int okBefore = statuses.get(200).get();
        waitFor(() -> statuses.get(200).get() >= okBefore + 20, Duration.ofSeconds(90));
        running.set(false);
        pool.shutdown();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        System.out.printf("Outage: answers by status %s%n", statuses);

        assertThat(unclean).isEmpty();
        assertThat(statuses.keySet()).containsOnly(200, 503);
        given().get("/q/health/ready").then().statusCode(200);
        for (String lead : leads) {
            Set<String> stored = storedEventIds(lead);
            // every acknowledged event is stored; nothing stored that was not sent
            assertThat(stored).containsAll(acknowledged.get(lead));
            assertThat(sent.get(lead)).containsAll(stored);
            // an event refused during the outage can simply be sent again, and then counts once
            List<String> all = new ArrayList<>();
            for (String id : new TreeSet<>(sent.get(lead))) {
                all.add(ConcurrentIngestionTest.event(id, Integer.parseInt(id.substring(1)), base));
            }
            ConcurrentIngestionTest.postEvents(lead, ConcurrentIngestionTest.array(all)).then().statusCode(200);
            assertThat(storedEventIds(lead)).isEqualTo(new TreeSet<>(sent.get(lead)));
            ConcurrentIngestionTest.assertLatestScoreReflects(lead, all);
        }
    }

    private static Set<String> storedEventIds(String lead) {
        List<String> ids = TestKeys.as(Roles.INTEGRATION).queryParam("size", 500).get("/api/leads/{id}/events", lead)
                .then().statusCode(200).extract().path("items.id");
        return new TreeSet<>(ids);
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within " + timeout);
            }
            Thread.sleep(50);
        }
    }
}
