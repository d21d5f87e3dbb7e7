package dev.leadscore;

import static io.restassured.RestAssured.given;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** API keys for the tests: created once per role through the admin API with the configured admin key. */
public final class TestKeys {
    public static final String HEADER = "X-API-Key";
    private static final Map<String, String> BY_ROLE = new ConcurrentHashMap<>();

    private TestKeys() {
    }

    /** An unrestricted key of the role. */
    public static String of(String role) {
        return BY_ROLE.computeIfAbsent(role, r -> create(r, null, null));
    }

    /** A request sent with an unrestricted key of the role. */
    public static RequestSpecification as(String role) {
        return given().header(HEADER, of(role));
    }

    /** A new key; {@code source} restricts it to that source's leads, {@code perMinute} gives it its own rate limit. */
    public static String create(String role, String source, Long perMinute) {
        StringBuilder body = new StringBuilder("{\"name\":\"test " + role + "\",\"role\":\"" + role + "\"");
        if (source != null) {
            body.append(",\"source\":\"").append(source).append('"');
        }
        if (perMinute != null) {
            body.append(",\"rateLimitPerMinute\":").append(perMinute);
        }
        return given().header(HEADER, EmbeddedPostgresResource.ADMIN_KEY).contentType(ContentType.JSON)
                .body(body.append('}').toString()).post("/api/admin/keys")
                .then().statusCode(201).extract().path("key");
    }
}
