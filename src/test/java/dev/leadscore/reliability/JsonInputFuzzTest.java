package dev.leadscore.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;

import dev.leadscore.EmbeddedPostgresResource;
import dev.leadscore.TestKeys;
import dev.leadscore.security.Roles;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Property: whatever JSON an integration sends to the lead, event, scoring, batch and outcome
 * endpoints, the answer is never a server error. Each body is a valid one with one to three of
 * its values (or new fields) replaced by hostile ones: NUL characters, numbers beyond any column,
 * instants a billion years away, wrong types, deep nesting, very long text. Generated with
 * jqwik's arbitraries inside the running service (jqwik's own runner cannot start Quarkus).
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class JsonInputFuzzTest {
    static final int BODIES_PER_ENDPOINT = 60;
    static final ObjectMapper JSON = new ObjectMapper();

    static final String PROFILE = """
            {"email": "pat@acme-saas.io", "firstName": "Pat", "title": "VP Sales", "country": "US", "source": "crm",
             "company": {"name": "Acme", "industry": "SaaS", "employees": 200, "annualRevenue": 12000000.5,
                         "techStack": ["Salesforce"]},
             "attributes": {"plan": "trial", "seats": 12, "champion": true}}""";
    static final String EVENT = """
            {"id": "e1", "type": "form_submit", "occurredAt": "2026-03-01T12:00:00Z",
             "properties": {"form": "demo_request", "n": 3, "nested": {"a": [1, "b"]}}}""";

    /** Raw JSON texts put in place of a value. */
    static Arbitrary<String> hostileJson() {
        Arbitrary<String> texts = Arbitraries.strings().all().ofMaxLength(40).map(JsonInputFuzzTest::quote);
        Arbitrary<String> numbers = Arbitraries.of("1e999999999", "-1e999999999", "1e-999999999", "-0", "0.1e-400",
                "9".repeat(400), "-" + "9".repeat(1200), "9223372036854775808", "2147483648", "1.5", "-1");
        Arbitrary<String> instants = Arbitraries.of("+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z",
                "0000-01-01T00:00:00Z", "10000-01-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-03-01", "1709294400")
                .map(JsonInputFuzzTest::quote);
        Arbitrary<String> special = Arbitraries.of("\"\\u0000\"", "\"a\\u0000b\"", "\"\\ud800\"", "\"\"", "\" \"", "null", "true",
                "[]", "{}", "[null]", "{\"\\u0000\": 1}", "\"" + "x".repeat(20_000) + "\"", "[".repeat(3000) + "]".repeat(3000),
                "{\"a\":".repeat(1500) + "1" + "}".repeat(1500), "\"=cmd|' /C calc'!A0\"", "\"../../etc/passwd\"", "\"%00\"");
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, texts), net.jqwik.api.Tuple.of(3, numbers),
                net.jqwik.api.Tuple.of(2, instants), net.jqwik.api.Tuple.of(3, special));
    }

    @Test
    void noJsonBodyGetsAServerError() throws Exception {
        String lead = "fuzz-" + UUID.randomUUID();
        TestKeys.as(Roles.INTEGRATION).contentType(ContentType.JSON).body(PROFILE).put("/api/leads/{id}", lead)
                .then().statusCode(200);
        List<String> failures = new ArrayList<>();
        fuzz(PROFILE, body -> send("PUT", "/api/leads/fuzz-" + UUID.randomUUID(), body, failures));
        fuzz("[" + EVENT + "," + EVENT.replace("\"e1\"", "\"e2\"") + "]",
                body -> send("POST", "/api/leads/" + lead + "/events", body, failures));
        fuzz("{\"model\": \"sales-led\", \"asOf\": \"2026-03-02T00:00:00Z\", \"lead\": " + PROFILE + ", \"events\": [" + EVENT + "]}",
                body -> send("POST", "/api/score", body, failures));
        fuzz("[{\"lead\": " + PROFILE + ", \"events\": [" + EVENT + "]}]", body -> send("POST", "/api/score/batch", body, failures));
        fuzz("[{\"leadId\": \"" + lead + "\", \"events\": [" + EVENT + "]}]", body -> send("POST", "/api/events/batch", body, failures));
        fuzz("{\"type\": \"sales_accepted\", \"at\": \"2026-03-01T12:00:00Z\", \"note\": \"called\"}",
                body -> send("POST", "/api/leads/" + lead + "/outcomes", body, failures));
        assertThat(failures).as("bodies answered with a server error").isEmpty();
    }

    @Test
    void noLeadIdInThePathGetsAServerError() {
        String restricted = TestKeys.create(Roles.INTEGRATION, "crm-fuzz", null);
        List<String> failures = new ArrayList<>();
        Arbitraries.strings().all().ofMinLength(1).ofMaxLength(30).sampleStream().limit(BODIES_PER_ENDPOINT).forEach(id -> {
            String encoded = java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
            for (String key : List.of(restricted, TestKeys.of(Roles.INTEGRATION))) {
                Response r = io.restassured.RestAssured.given().header(TestKeys.HEADER, key).urlEncodingEnabled(false)
                        .get("/api/leads/" + encoded + "/score");
                if (r.statusCode() >= 500) {
                    failures.add(r.statusCode() + " for lead id " + encoded + ": " + r.asString());
                }
            }
        });
        assertThat(failures).isEmpty();
    }

    private static void fuzz(String valid, Consumer<String> send) throws JsonProcessingException {
        JsonNode template = JSON.readTree(valid);
        Random random = new Random();
        List<String> hostile = hostileJson().sampleStream().limit(3L * BODIES_PER_ENDPOINT).toList();
        for (int i = 0; i < BODIES_PER_ENDPOINT; i++) {
            JsonNode body = template.deepCopy();
            int changes = 1 + random.nextInt(3);
            for (int c = 0; c < changes; c++) {
                replaceSomeValue(body, hostile.get(3 * i + c), random);
            }
            send.accept(JSON.writeValueAsString(body));
        }
    }

    /** Replaces a value somewhere in {@code node} (or adds a field) with the raw JSON {@code raw}. */
    private static void replaceSomeValue(JsonNode node, String raw, Random random) {
        List<JsonNode> containers = new ArrayList<>();
        collect(node, containers);
        JsonNode target = containers.get(random.nextInt(containers.size()));
        if (target instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            String name = names.isEmpty() || random.nextInt(5) == 0 ? "extra" + random.nextInt(3) : names.get(random.nextInt(names.size()));
            object.putRawValue(name, new RawValue(raw));
        } else if (target instanceof ArrayNode array && !array.isEmpty()) {
            array.set(random.nextInt(array.size()), JSON.getNodeFactory().rawValueNode(new RawValue(raw)));
        }
    }

    private static void collect(JsonNode node, List<JsonNode> containers) {
        if (node.isContainerNode()) {
            containers.add(node);
            node.forEach(child -> collect(child, containers));
        }
    }

    private static void send(String method, String path, String body, List<String> failures) {
        Response r = TestKeys.as(Roles.INTEGRATION).contentType(ContentType.JSON).body(body).request(method, path);
        if (r.statusCode() >= 500) {
            failures.add(r.statusCode() + " for " + method + " " + path + " " + abbreviate(body) + ": " + abbreviate(r.asString()));
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 600 ? text.substring(0, 600) + "..." : text;
    }

    private static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
