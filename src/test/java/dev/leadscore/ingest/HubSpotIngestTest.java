package dev.leadscore.ingest;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import dev.leadscore.EmbeddedPostgresResource;
import dev.leadscore.TestKeys;
import dev.leadscore.security.Roles;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/** POST /api/ingest/hubspot with HubSpot's documented webhook shape and its v3 signature. */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class HubSpotIngestTest {
    static final String SECRET = "hubspot-client-secret";
    static final AtomicLong EVENT_IDS = new AtomicLong(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 50));

    static String sign(String secret, String method, String url, String body, String timestamp) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal((method + url + body + timestamp).getBytes(StandardCharsets.UTF_8)));
    }

    static ValidatableResponse deliver(String body, Instant sentAt, String secret) throws Exception {
        String url = "http://localhost:" + RestAssured.port + "/api/ingest/hubspot";
        String timestamp = String.valueOf(sentAt.toEpochMilli());
        return RestAssured.given().header("X-HubSpot-Signature-v3", sign(secret, "POST", url, body, timestamp))
                .header("X-HubSpot-Request-Timestamp", timestamp).header("X-HubSpot-Signature-Version", "v3")
                .contentType("application/json").body(body.getBytes(StandardCharsets.UTF_8))
                .post("/api/ingest/hubspot").then();
    }

    static ValidatableResponse deliver(String body) throws Exception {
        return deliver(body, Instant.now(), SECRET);
    }

    static String change(long objectId, String property, String value, Instant occurredAt) {
        return """
                {"objectId": %d, "propertyName": "%s", "propertyValue": "%s", "changeSource": "CRM_UI",
                 "eventId": %d, "subscriptionId": 25, "portalId": 33, "appId": 1160452, "occurredAt": %d,
                 "subscriptionType": "contact.propertyChange", "attemptNumber": 0}"""
                .formatted(objectId, property, value, EVENT_IDS.incrementAndGet(), occurredAt.toEpochMilli());
    }

    static String event(long objectId, String type, Instant occurredAt) {
        return """
                {"objectId": %d, "changeSource": "CRM_UI", "eventId": %d, "subscriptionId": 22, "portalId": 33,
                 "appId": 1160452, "occurredAt": %d, "subscriptionType": "%s", "attemptNumber": 0}"""
                .formatted(objectId, EVENT_IDS.incrementAndGet(), occurredAt.toEpochMilli(), type);
    }

    static RequestSpecification reader() {
        return TestKeys.as(Roles.REVOPS);
    }

    static long newContact() {
        return ThreadLocalRandom.current().nextLong(1L << 40, 1L << 52);
    }

    @Test
    void hubSpotsDocumentedExampleIsAcceptedAsSentAndARedeliveryCountsOnce() throws Exception {
        String body;
        try (InputStream in = HubSpotIngestTest.class.getResourceAsStream("hubspot/webhook-example.json")) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        deliver(body).statusCode(200).body("applied", is(2)).body("duplicates", is(0));
        reader().get("/api/leads/{id}", "1246965").then().statusCode(200)
                .body("anonymous", is(false))
                .body("profile.attributes.lifecyclestage", equalTo("subscriber"));
        reader().get("/api/leads/{id}", "1246978").then().statusCode(200).body("anonymous", is(false));
        // HubSpot retries a delivery it did not see acknowledged
        deliver(body).statusCode(200).body("applied", is(0)).body("duplicates", is(2));
    }

    @Test
    void badSignaturesAndStaleTimestampsAreRefused() throws Exception {
        long contact = newContact();
        String body = "[" + event(contact, "contact.creation", Instant.now()) + "]";
        deliver(body, Instant.now(), "another-secret").statusCode(401).contentType("application/problem+json");
        deliver(body, Instant.now().minus(Duration.ofMinutes(6)), SECRET).statusCode(401)
                .contentType("application/problem+json");
        RestAssured.given().contentType("application/json").body(body).post("/api/ingest/hubspot").then().statusCode(401);
        reader().get("/api/leads/{id}", String.valueOf(contact)).then().statusCode(404);
        // within the window the same body is taken
        deliver(body, Instant.now().minus(Duration.ofMinutes(4)), SECRET).statusCode(200).body("applied", is(1));
    }

    @Test
    void outOfOrderDeliveriesAreAppliedByWhenTheyHappened() throws Exception {
        long contact = newContact();
        Instant t0 = Instant.now().minus(Duration.ofHours(1));
        // one delivery, listed out of order: the later title wins
        deliver("[" + change(contact, "jobtitle", "VP Sales", t0.plusSeconds(20)) + ","
                + event(contact, "contact.creation", t0) + ","
                + change(contact, "jobtitle", "Intern", t0.plusSeconds(10)) + ","
                + change(contact, "numemployees", "250", t0.plusSeconds(10)) + "]")
                .statusCode(200).body("applied", is(4));
        reader().get("/api/leads/{id}", String.valueOf(contact)).then().statusCode(200)
                .body("profile.title", equalTo("VP Sales")).body("profile.company.employees", is(250));
        // a late delivery of an older change does not undo a newer one
        deliver("[" + change(contact, "jobtitle", "Student", t0.plusSeconds(5)) + "]").statusCode(200)
                .body("applied", is(0)).body("stale", is(1));
        reader().get("/api/leads/{id}", String.valueOf(contact)).then().body("profile.title", equalTo("VP Sales"));
        // properties the mapping does not name are ignored
        deliver("[" + change(contact, "hs_analytics_num_visits", "3", t0.plusSeconds(30)) + "]").statusCode(200)
                .body("ignored", is(1));
    }

    @Test
    void aDeletionErasesTheContactAndEarlierChangesArrivingLateDoNotBringItBack() throws Exception {
        long contact = newContact();
        String id = String.valueOf(contact);
        Instant t0 = Instant.now().minus(Duration.ofHours(1));
        deliver("[" + event(contact, "contact.creation", t0) + "," + change(contact, "email", id + "@acme-saas.io", t0) + "]")
                .statusCode(200).body("applied", is(2));
        reader().get("/api/leads/{id}", id).then().statusCode(200).body("profile.email", equalTo(id + "@acme-saas.io"));

        deliver("[" + event(contact, "contact.deletion", t0.plusSeconds(60)) + "]").statusCode(200).body("applied", is(1));
        reader().get("/api/leads/{id}", id).then().statusCode(404);
        deliver("[" + change(contact, "jobtitle", "CEO", t0.plusSeconds(30)) + "]").statusCode(200).body("stale", is(1));
        reader().get("/api/leads/{id}", id).then().statusCode(404);
        // created again in HubSpot later: a new lead from nothing
        deliver("[" + event(contact, "contact.creation", Instant.now()) + "]").statusCode(200).body("applied", is(1));
        reader().get("/api/leads/{id}", id).then().statusCode(200).body("profile.email", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void malformedDeliveriesAreProblemsNamingTheEvent() throws Exception {
        deliver("[{\"objectId\": 5, \"subscriptionType\": \"contact.creation\", \"occurredAt\": 1}]").statusCode(400)
                .body("errors[0].field", equalTo("[0].eventId"));
        deliver("{\"not\": \"an array\"}").statusCode(400).body("errors[0].field", equalTo("body"));
        TestKeys.as(Roles.INTEGRATION).get("/api/leads/{id}", "5").then().statusCode(404);
    }
}
