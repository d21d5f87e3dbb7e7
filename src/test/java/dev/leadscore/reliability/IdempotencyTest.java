package dev.leadscore.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.leadscore.EmbeddedPostgresResource;
import dev.leadscore.TestKeys;
import dev.leadscore.security.Roles;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Idempotency-Key: once per key, replayed after, refused when reused for another body or while running. */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class IdempotencyTest {
    static final String PROFILE = "{\"title\": \"VP Sales\", \"company\": {\"industry\": \"SaaS\", \"employees\": 200}}";

    @Inject
    IdempotencyStore store;

    static Response put(String lead, String key, String body) {
        return TestKeys.as(Roles.INTEGRATION).header("Idempotency-Key", key).contentType(ContentType.JSON).body(body)
                .put("/api/leads/{id}", lead);
    }

    @Test
    void theSameKeyAndBodyGetTheStoredResponseWithoutRunningAgain() {
        String lead = "idem-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        Response first = put(lead, key, PROFILE);
        first.then().statusCode(200).header("Idempotent-Replayed", (String) null);
        // the lead changes in between: a replay still answers what the first request answered
        TestKeys.as(Roles.INTEGRATION).contentType(ContentType.JSON).body("{\"title\": \"Intern\"}").put("/api/leads/{id}", lead)
                .then().statusCode(200);
        Response again = put(lead, key, PROFILE);
        again.then().statusCode(200).header("Idempotent-Replayed", "true");
        assertThat(again.jsonPath().getMap("")).isEqualTo(first.jsonPath().getMap(""));
        TestKeys.as(Roles.INTEGRATION).get("/api/leads/{id}/history", lead).then().body("total", equalTo(2));
    }

    @Test
    void theSameKeyWithAnotherBodyIs422() {
        String lead = "idem-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        put(lead, key, PROFILE).then().statusCode(200);
        put(lead, key, "{\"title\": \"CEO\"}").then().statusCode(422).contentType("application/problem+json");
        TestKeys.as(Roles.INTEGRATION).get("/api/leads/{id}/history", lead).then().body("total", equalTo(1));
    }

    @Test
    void aRejectedRequestIsKeptToo() {
        String lead = "idem-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        put(lead, key, "{\"company\": {\"employees\": -1}}").then().statusCode(400);
        put(lead, key, "{\"company\": {\"employees\": -1}}").then().statusCode(400).header("Idempotent-Replayed", "true");
    }

    @Test
    void keysAreScopedToTheApiKey() {
        String lead = "idem-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        put(lead, key, PROFILE).then().statusCode(200);
        TestKeys.as(Roles.ADMIN).header("Idempotency-Key", key).contentType(ContentType.JSON).body("{\"title\": \"CEO\"}")
                .put("/api/leads/{id}", lead).then().statusCode(200).header("Idempotent-Replayed", (String) null);
    }

    @Test
    void concurrentRequestsWithOneKeyRunOnce() throws Exception {
        String lead = "idem-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Response>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(() -> put(lead, key, PROFILE));
            }
            List<Integer> statuses = new ArrayList<>();
            List<Object> bodies = new ArrayList<>();
            for (Future<Response> f : pool.invokeAll(calls)) {
                Response r = f.get();
                statuses.add(r.statusCode());
                if (r.statusCode() == 200) {
                    bodies.add(r.jsonPath().getMap(""));
                }
            }
            assertThat(statuses).containsOnly(200, 409).contains(200);
            assertThat(bodies).allSatisfy(b -> assertThat(b).isEqualTo(bodies.get(0)));
        } finally {
            pool.shutdown();
        }
        TestKeys.as(Roles.INTEGRATION).get("/api/leads/{id}/history", lead).then().body("total", equalTo(1));
    }

    @Test
    void aNewApiKeyIsNeverKeptForReplay() {
        String key = UUID.randomUUID().toString();
        String first = TestKeys.as(Roles.ADMIN).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body("{\"name\": \"once\", \"role\": \"revops\"}").post("/api/admin/keys").then().statusCode(201)
                .extract().path("key");
        String second = TestKeys.as(Roles.ADMIN).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body("{\"name\": \"once\", \"role\": \"revops\"}").post("/api/admin/keys").then().statusCode(201)
                .header("Idempotent-Replayed", (String) null).extract().path("key");
        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void aClaimInFlightIsAConflictAndAnotherBodyAMismatch() {
        String scope = "test " + UUID.randomUUID();
        assertThat(store.claim(scope, "k", "hash-1")).isInstanceOf(IdempotencyStore.Granted.class);
        assertThat(store.claim(scope, "k", "hash-1")).isInstanceOf(IdempotencyStore.InFlight.class);
        assertThat(store.claim(scope, "k", "hash-2")).isInstanceOf(IdempotencyStore.Mismatch.class);
        store.complete(scope, "k", 201, "application/json", "{\"a\":1}");
        assertThat(store.claim(scope, "k", "hash-1")).isEqualTo(new IdempotencyStore.Done(201, "application/json", "{\"a\":1}"));
        // a request that failed on the server is forgotten, so a retry runs it
        assertThat(store.claim(scope, "k2", "h")).isInstanceOf(IdempotencyStore.Granted.class);
        store.release(scope, "k2");
        assertThat(store.claim(scope, "k2", "h")).isInstanceOf(IdempotencyStore.Granted.class);
    }

    @Inject
    IdempotencyPurge purge;
    @Inject
    jakarta.persistence.EntityManager em;

    @Test
    void answersOlderThanTheRetentionAreForgottenAndNewerOnesKept() {
        String lead = "idem-" + UUID.randomUUID();
        String old = UUID.randomUUID().toString();
        String recent = UUID.randomUUID().toString();
        put(lead, old, PROFILE).then().statusCode(200);
        put(lead, recent, PROFILE).then().statusCode(200);
        // the first answer was kept 25 hours ago: past the default retention of 24 hours
        io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "update idempotency_record set created_at = created_at - interval '25 hours' where idempotency_key = ?1")
                .setParameter(1, old).executeUpdate());

        // (the scheduled run of the same purge may get there first; either way the answer is gone)
        purge.purge();

        // forgotten: the key runs as a new request, even with another body
        put(lead, old, "{\"title\": \"CEO\"}").then().statusCode(200).header("Idempotent-Replayed", (String) null);
        // still inside the window: replayed, and another body is still refused
        put(lead, recent, PROFILE).then().statusCode(200).header("Idempotent-Replayed", "true");
        put(lead, recent, "{\"title\": \"CEO\"}").then().statusCode(422);
    }
}
