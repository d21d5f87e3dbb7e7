package dev.leadscore.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import dev.leadscore.EmbeddedPostgresResource;
import dev.leadscore.TestKeys;
import dev.leadscore.security.Roles;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/**
 * POST /api/ingest/segment with Segment's own spec examples, byte for byte as Segment documents
 * them, signed as its webhook destination signs them. Source "web" uses docs/examples/segment-mapping.yaml,
 * source "segment" the built-in mapping.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class SegmentIngestTest {
    static final String SECRET = "segment-shared-secret";

    static byte[] example(String name) {
        try (InputStream in = SegmentIngestTest.class.getResourceAsStream("segment/" + name + ".json")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sign(String secret, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }

    static ValidatableResponse send(String source, String secret, byte[] body) throws Exception {
        return RestAssured.given().queryParam("source", source).header("X-Signature", sign(secret, body))
                .contentType("application/json").body(body).post("/api/ingest/segment").then();
    }

    static ValidatableResponse send(byte[] body) throws Exception {
        return send("web", SECRET, body);
    }

    static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static RequestSpecification reader() {
        return TestKeys.as(Roles.REVOPS);
    }

    @Test
    void segmentsSpecExamplesAreAcceptedAsSent() throws Exception {
        send(example("identify")).statusCode(200).body("accepted", is(1));
        reader().get("/api/leads/{id}", "97980cfea0067").then().statusCode(200)
                .body("anonymous", is(false))
                .body("profile.email", equalTo("peter@initech.com"))
                .body("profile.attributes.plan", equalTo("premium"));

        send(example("track")).statusCode(200).body("accepted", is(1));
        reader().get("/api/leads/{id}/events", "AiUGstSDIg").then().statusCode(200)
                .body("items[0].id", equalTo("ajs-f8ca1e4de5024d9430b3928bd8ac6b96"))
                .body("items[0].type", equalTo("course_clicked"))
                .body("items[0].occurredAt", equalTo("2015-12-12T19:11:01.249Z"))
                .body("items[0].properties.title", equalTo("Intro to Analytics"));

        send(example("page")).statusCode(200).body("accepted", is(1));
        reader().get("/api/leads/{id}/events", "97980cfea0067").then().statusCode(200)
                .body("items[0].type", equalTo("page_view"))
                .body("items[0].occurredAt", equalTo("2015-02-23T22:28:55.111Z"))
                .body("items[0].properties.url", equalTo("http://www.example.com"))
                .body("items[0].properties.name", equalTo("Home"));

        send(example("group")).statusCode(200).body("accepted", is(1));
        reader().get("/api/leads/{id}", "97980cfea0067").then().statusCode(200)
                .body("profile.accountId", equalTo("0e8c78ea9d97a7b8185e8632"))
                .body("profile.company.name", equalTo("Initech"))
                .body("profile.company.industry", equalTo("Technology"))
                .body("profile.company.employees", is(329))
                .body("profile.attributes.account_plan", equalTo("enterprise"))
                .body("profile.email", equalTo("peter@initech.com"));
        reader().get("/api/accounts/{id}", "0e8c78ea9d97a7b8185e8632").then().statusCode(200)
                .body("contacts.leadId", org.hamcrest.Matchers.hasItem("97980cfea0067"));

        // what the previous id did before the alias becomes the new id's
        send(json("""
                {"type": "track", "userId": "39239-239239-239239-23923", "event": "Webinar Attended",
                 "messageId": "before-alias-1", "timestamp": "2015-02-20T10:00:00Z"}""")).statusCode(200);
        send(example("alias")).statusCode(200).body("accepted", is(1));
        reader().get("/api/leads/{id}", "39239-239239-239239-23923").then().statusCode(404);
        reader().get("/api/leads/{id}/events", "507f191e81").then().statusCode(200)
                .body("total", is(1)).body("items[0].type", equalTo("webinar_attended"));

        send(example("batch")).statusCode(200).body("accepted", is(4));
        reader().get("/api/leads/{id}", "019mr8mf4r").then().statusCode(200).body("profile.email", equalTo("jake@yahoo.com"));
        reader().get("/api/leads/{id}/events", "971mj8mk7p").then().statusCode(200)
                .body("items[0].type", equalTo("song_played"))
                .body("items[0].occurredAt", equalTo("2015-02-02T00:30:12.984Z"))
                .body("items[0].properties.artist", equalTo("Jennifer Lopez"));

        // every one of them again, as Segment retries: nothing counts twice
        for (String name : new String[] {"identify", "track", "page", "group", "alias"}) {
            send(example(name)).statusCode(200).body("accepted", is(0)).body("duplicates", is(1));
        }
        send(example("batch")).statusCode(200).body("accepted", is(0)).body("duplicates", is(4));
        reader().get("/api/leads/{id}/events", "97980cfea0067").then().body("total", is(1));
        reader().get("/api/leads/{id}/events", "971mj8mk7p").then().body("total", is(1));
    }

    @Test
    void theBuiltInMappingNeedsNoFile() throws Exception {
        String user = "u-" + UUID.randomUUID();
        send("segment", "test-segment-default-secret", json("""
                {"type": "identify", "userId": "%s", "messageId": "%s",
                 "traits": {"email": "ann@acme-saas.io", "title": "VP Sales", "first_name": "Ann",
                            "company": {"name": "Acme", "industry": "SaaS", "employee_count": 200}}}"""
                .formatted(user, UUID.randomUUID()))).statusCode(200).body("accepted", is(1));
        reader().get("/api/leads/{id}", user).then().statusCode(200)
                .body("profile.firstName", equalTo("Ann"))
                .body("profile.company.employees", is(200))
                .body("fit", org.hamcrest.Matchers.greaterThanOrEqualTo(50));
    }

    @Test
    void anAnonymousVisitorsPricingViewsCountOnceIdentified() throws Exception {
        String visitor = "ajs-" + UUID.randomUUID();
        String user = "user-" + UUID.randomUUID();
        Instant at = Instant.now().minusSeconds(3600);
        byte[] pricing = json("""
                {"type": "page", "anonymousId": "%s", "messageId": "%s", "timestamp": "%s", "name": "Pricing",
                 "properties": {"path": "/pricing", "url": "https://acme.example/pricing"}}"""
                .formatted(visitor, UUID.randomUUID(), at));
        send(pricing).statusCode(200).body("accepted", is(1));
        send(json("""
                {"type": "page", "anonymousId": "%s", "messageId": "%s", "timestamp": "%s",
                 "context": {"page": {"path": "/pricing", "url": "https://acme.example/pricing?plan=team"}}}"""
                .formatted(visitor, UUID.randomUUID(), at.plusSeconds(60)))).statusCode(200);
        JsonPath anonymous = reader().get("/api/leads/{id}", visitor).then().statusCode(200)
                .body("anonymous", is(true)).body("fit", is(0)).extract().jsonPath();
        int visitorEngagement = anonymous.getInt("engagement");
        assertThat(visitorEngagement).isPositive();

        send(json("""
                {"type": "identify", "userId": "%s", "anonymousId": "%s", "messageId": "%s",
                 "traits": {"email": "%s@acme-saas.io", "title": "VP Sales",
                            "company": {"name": "Acme", "industry": "SaaS", "employee_count": 200}}}"""
                .formatted(user, visitor, UUID.randomUUID(), user))).statusCode(200).body("accepted", is(1));
        JsonPath known = reader().get("/api/leads/{id}", user).then().statusCode(200)
                .body("anonymous", is(false)).extract().jsonPath();
        assertThat(known.getInt("engagement")).isEqualTo(visitorEngagement);
        assertThat(known.getInt("fit")).isGreaterThanOrEqualTo(50);
        assertThat(known.getString("scoreStage")).isIn("MQL", "SALES_READY");
        reader().get("/api/leads/{id}", visitor).then().statusCode(404);

        // a late re-delivery of a visitor's page view, and a new one: routed to the known lead, the first counted once
        send(pricing).statusCode(200).body("duplicates", is(1));
        send(json("""
                {"type": "page", "anonymousId": "%s", "messageId": "%s", "properties": {"path": "/blog"}}"""
                .formatted(visitor, UUID.randomUUID()))).statusCode(200).body("accepted", is(1));
        reader().get("/api/leads/{id}/events", user).then().body("total", is(3));
        reader().get("/api/leads/{id}", visitor).then().statusCode(404);
    }

    @Test
    void aBadSignatureIsRefusedAndNothingIsStored() throws Exception {
        String user = "sig-" + UUID.randomUUID();
        byte[] body = json("{\"type\": \"track\", \"userId\": \"" + user + "\", \"event\": \"Demo Requested\"}");
        send("web", "not-the-secret", body).statusCode(401).contentType("application/problem+json");
        RestAssured.given().queryParam("source", "web").contentType("application/json").body(body)
                .post("/api/ingest/segment").then().statusCode(401);
        reader().get("/api/leads/{id}", user).then().statusCode(404);
        send("nowhere", SECRET, body).statusCode(404);
    }

    @Test
    void aBatchWithABadCallIsRefusedWholeNamingEachField() throws Exception {
        String user = "bad-" + UUID.randomUUID();
        byte[] body = json("""
                {"batch": [
                  {"type": "track", "userId": "%s", "event": "Demo Requested", "messageId": "m1"},
                  {"type": "teleport", "userId": "%s"},
                  {"type": "track", "event": "Webinar Attended"},
                  {"type": "page", "userId": "%s", "timestamp": "last tuesday"}
                ]}""".formatted(user, user, user));
        send(body).statusCode(400).contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("batch[1].type", "batch[2].userId",
                        "batch[3].timestamp"));
        reader().get("/api/leads/{id}", user).then().statusCode(404);
        send(json("not json")).statusCode(400);
    }
}
