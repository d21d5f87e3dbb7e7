package dev.leadscore.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.leadscore.EmbeddedPostgresResource;
import dev.leadscore.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Who gets in: keys, roles, source-restricted integrations, rate limits and request limits. */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class SecurityTest {
    static final String PROFILE = "{\"title\": \"VP Sales\", \"company\": {\"industry\": \"SaaS\", \"employees\": 200}}";

    static String newLeadId() {
        return "sec-" + UUID.randomUUID();
    }

    static String event(String id) {
        return "{\"id\":\"" + id + "\",\"type\":\"page_view\",\"occurredAt\":\"2026-03-01T12:00:00Z\",\"properties\":{\"path\":\"/pricing\"}}";
    }

    @Test
    void anonymousAndUnknownKeysAreRefusedWithAProblem() {
        given().get("/api/leads/{id}/score", newLeadId()).then().statusCode(401)
                .contentType("application/problem+json").body("detail", containsString("X-API-Key"));
        given().contentType(ContentType.JSON).body(PROFILE).put("/api/leads/{id}", newLeadId()).then().statusCode(401);
        given().header("X-API-Key", "lsk_not-a-key").get("/api/leads/{id}/score", newLeadId()).then().statusCode(401)
                .contentType("application/problem+json");
        given().get("/api/admin/keys").then().statusCode(401);
        // health and OpenAPI stay open
        given().get("/q/health/live").then().statusCode(200);
        given().accept("application/json").get("/q/openapi").then().statusCode(200);
    }

    @Test
    void aRoleOutsideTheEndpointsRolesIsForbidden() {
        TestKeys.as(Roles.MARKETING_OPS).get("/api/leads/{id}/score", newLeadId()).then().statusCode(403)
                .contentType("application/problem+json");
        TestKeys.as(Roles.REVOPS).contentType(ContentType.JSON).body(PROFILE).put("/api/leads/{id}", newLeadId())
                .then().statusCode(403);
        TestKeys.as(Roles.INTEGRATION).get("/api/admin/keys").then().statusCode(403);
    }

    @Test
    void aKeyIsShownOnceStoredHashedAndStopsWorkingWhenRevoked() {
        Response created = given().header("X-API-Key", EmbeddedPostgresResource.ADMIN_KEY).contentType(ContentType.JSON)
                .body("{\"name\": \"crm\", \"role\": \"integration\"}").post("/api/admin/keys");
        created.then().statusCode(201).body("key", startsWith("lsk_")).body("role", equalTo("integration"));
        String key = created.path("key");
        int id = created.path("id");
        assertThat(key.length()).isGreaterThanOrEqualTo(40);

        String listing = TestKeys.as(Roles.ADMIN).get("/api/admin/keys").then().statusCode(200)
                .body("id", hasItem(id)).body("key", everyNull()).extract().asString();
        assertThat(listing).doesNotContain(key).doesNotContain(key.substring(10));

        String lead = newLeadId();
        given().header("X-API-Key", key).contentType(ContentType.JSON).body(PROFILE).put("/api/leads/{id}", lead)
                .then().statusCode(200);
        TestKeys.as(Roles.ADMIN).delete("/api/admin/keys/{id}", id).then().statusCode(200).body("revokedAt", notNullValue());
        given().header("X-API-Key", key).get("/api/leads/{id}/score", lead).then().statusCode(401);
        TestKeys.as(Roles.ADMIN).delete("/api/admin/keys/{id}", 987654321).then().statusCode(404);
    }

    private static org.hamcrest.Matcher<Iterable<? super Object>> everyNull() {
        return not(hasItem(notNullValue()));
    }

    @Test
    void keysAreCreatedOnlyForKnownRolesNamingTheField() {
        TestKeys.as(Roles.ADMIN).contentType(ContentType.JSON).body("{\"name\": \"x\", \"role\": \"root\"}")
                .post("/api/admin/keys").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem(containsString("role")));
    }

    @Test
    void anIntegrationRestrictedToASourceSeesOnlyItsOwnLeads() {
        String crmA = TestKeys.create(Roles.INTEGRATION, "crm-a", null);
        String crmB = TestKeys.create(Roles.INTEGRATION, "crm-b", null);
        String leadOfA = newLeadId();
        given().header("X-API-Key", crmA).contentType(ContentType.JSON).body(PROFILE).put("/api/leads/{id}", leadOfA)
                .then().statusCode(200);
        given().header("X-API-Key", crmA).get("/api/leads/{id}/score", leadOfA).then().statusCode(200);

        given().header("X-API-Key", crmB).get("/api/leads/{id}/score", leadOfA).then().statusCode(404)
                .contentType("application/problem+json");
        given().header("X-API-Key", crmB).get("/api/leads/{id}/history", leadOfA).then().statusCode(404);
        given().header("X-API-Key", crmB).get("/api/leads/{id}/events", leadOfA).then().statusCode(404);
        // endpoints added by other features are covered through their {leadId} parameter
        given().header("X-API-Key", crmB).get("/api/leads/{id}/explain", leadOfA).then().statusCode(404);
        given().header("X-API-Key", crmA).get("/api/leads/{id}/explain", leadOfA).then().statusCode(200);
        given().header("X-API-Key", crmB).contentType(ContentType.JSON).body(PROFILE).put("/api/leads/{id}", leadOfA)
                .then().statusCode(404);
        given().header("X-API-Key", crmB).contentType(ContentType.JSON).body(event("b1"))
                .post("/api/leads/{id}/events", leadOfA).then().statusCode(404);
        // nothing B sent reached A's lead
        given().header("X-API-Key", crmA).get("/api/leads/{id}/events", leadOfA).then().statusCode(200).body("total", equalTo(0));
        given().header("X-API-Key", crmA).get("/api/leads/{id}/history", leadOfA).then().body("total", equalTo(1));

        // an unrestricted key sees every lead; a lead it creates belongs to its profile's source
        TestKeys.as(Roles.REVOPS).get("/api/leads/{id}/score", leadOfA).then().statusCode(200);
        String leadForA = newLeadId();
        TestKeys.as(Roles.INTEGRATION).contentType(ContentType.JSON).body("{\"source\": \"crm-a\"}")
                .put("/api/leads/{id}", leadForA).then().statusCode(200);
        given().header("X-API-Key", crmA).get("/api/leads/{id}/score", leadForA).then().statusCode(200);
        given().header("X-API-Key", crmB).get("/api/leads/{id}/score", leadForA).then().statusCode(404);
        // a restricted key cannot give its lead to another source through the profile
        String leadOfB = newLeadId();
        given().header("X-API-Key", crmB).contentType(ContentType.JSON).body("{\"source\": \"crm-a\"}")
                .put("/api/leads/{id}", leadOfB).then().statusCode(200);
        given().header("X-API-Key", crmA).get("/api/leads/{id}/score", leadOfB).then().statusCode(404);
    }

    @Test
    void aKeyOverItsRateLimitGets429WithRetryAfter() {
        String key = TestKeys.create(Roles.REVOPS, null, 3L);
        String lead = newLeadId();
        for (int i = 0; i < 3; i++) {
            given().header("X-API-Key", key).get("/api/leads/{id}/score", lead).then().statusCode(404);
        }
        Response limited = given().header("X-API-Key", key).get("/api/leads/{id}/score", lead);
        limited.then().statusCode(429).contentType("application/problem+json").header("Retry-After", notNullValue());
        assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 60);
        // other keys are not affected
        TestKeys.as(Roles.REVOPS).get("/api/leads/{id}/score", lead).then().statusCode(404);
    }

    @Test
    void oversizedBodiesBatchesAndEventsAreRefusedBeforeAnythingIsStored() throws Exception {
        String lead = newLeadId();
        TestKeys.as(Roles.INTEGRATION).contentType(ContentType.JSON).body(PROFILE).put("/api/leads/{id}", lead)
                .then().statusCode(200);

        // refused on the announced length, before the body is read: the headers alone get the answer
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("PUT /api/leads/" + lead + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "X-API-Key: " + TestKeys.of(Roles.INTEGRATION) + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + (5 * 1024 * 1024) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            assertThat(in.readLine()).startsWith("HTTP/1.1 413");
            Map<String, String> headers = new HashMap<>();
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                headers.put(line.substring(0, line.indexOf(':')).toLowerCase(), line.substring(line.indexOf(':') + 1).trim());
            }
            assertThat(headers).containsEntry("content-type", "application/problem+json");
            char[] body = new char[Integer.parseInt(headers.get("content-length"))];
            assertThat(in.read(body)).isPositive();
            assertThat(new String(body)).contains("Body too large");
        }

        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < 1001; i++) {
            batch.append(i == 0 ? "" : ",").append(event("e" + i));
        }
        TestKeys.as(Roles.INTEGRATION).contentType(ContentType.JSON).body(batch.append(']').toString())
                .post("/api/leads/{id}/events", lead)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("events")).body("detail", containsString("1000"));

        String bigEvent = "[" + event("ok") + ",{\"id\":\"big\",\"type\":\"page_view\",\"occurredAt\":\"2026-03-01T12:00:00Z\","
                + "\"properties\":{\"path\":\"" + "y".repeat(20_000) + "\"}}]";
        TestKeys.as(Roles.INTEGRATION).contentType(ContentType.JSON).body(bigEvent).post("/api/leads/{id}/events", lead)
                .then().statusCode(400).body("errors[0].field", equalTo("[1]"));
        TestKeys.as(Roles.INTEGRATION).get("/api/leads/{id}/events", lead).then().body("total", equalTo(0));
    }

    @Test
    void anEventPropertySentAsNullIsStoredAndScoredLikeAMissingOne() {
        // found by EventParsingFuzzTest: a null property value used to fail scoring with a 500
        String lead = newLeadId();
        TestKeys.as(Roles.INTEGRATION).contentType(ContentType.JSON).body(PROFILE).put("/api/leads/{id}", lead).then().statusCode(200);
        TestKeys.as(Roles.INTEGRATION).contentType(ContentType.JSON)
                .body("{\"id\":\"n1\",\"type\":\"page_view\",\"occurredAt\":\"2026-03-01T12:00:00Z\",\"properties\":{\"path\":null}}")
                .post("/api/leads/{id}/events", lead).then().statusCode(200).header("X-Events-Accepted", "1");
    }

    @Test
    void scoreFieldsCannotBeSetByClients() {
        String lead = newLeadId();
        TestKeys.as(Roles.INTEGRATION).contentType(ContentType.JSON)
                .body("{\"title\": \"Intern\", \"total\": 100, \"fit\": 100, \"stage\": \"SALES_READY\", \"mqlAt\": \"2026-01-01T00:00:00Z\"}")
                .put("/api/leads/{id}", lead)
                .then().statusCode(200).body("total", not(equalTo(100))).body("stage", equalTo("NONE")).body("mqlAt", nullValue());
    }

    @Test
    void everyEndpointOfTheApiDocumentsTheKeyHeader() {
        List<String> schemes = given().accept("application/json").get("/q/openapi")
                .then().extract().path("components.securitySchemes.collect { k, v -> v.name }");
        assertThat(schemes).contains("X-API-Key");
    }
}
