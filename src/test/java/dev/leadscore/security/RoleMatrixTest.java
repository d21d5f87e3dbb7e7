package dev.leadscore.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;

import org.junit.jupiter.api.Test;

import dev.leadscore.EmbeddedPostgresResource;
import dev.leadscore.TestKeys;
import io.quarkus.arc.Arc;
import io.quarkus.arc.InjectableBean;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * The whole endpoint x role matrix. Endpoints are discovered from the JAX-RS resources of the
 * running application (and checked against the OpenAPI document), so an endpoint added later is
 * covered without editing this test and fails it until it declares its roles.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class RoleMatrixTest {
    private static final Pattern TEMPLATE = Pattern.compile("\\{([A-Za-z0-9_]+)(:[^}]*)?}");

    /** The intended roles of the endpoints known when this test was written (docs/security.md). */
    static final Map<String, Set<String>> INTENDED = Map.of(
            "POST /api/score", Set.of(Roles.INTEGRATION, Roles.ADMIN),
            "PUT /api/leads/{leadId}", Set.of(Roles.INTEGRATION, Roles.ADMIN),
            "POST /api/leads/{leadId}/events", Set.of(Roles.INTEGRATION, Roles.ADMIN),
            "GET /api/leads/{leadId}/score", Set.of(Roles.INTEGRATION, Roles.REVOPS, Roles.ADMIN),
            "GET /api/leads/{leadId}/history", Set.of(Roles.INTEGRATION, Roles.REVOPS, Roles.ADMIN),
            "GET /api/leads/{leadId}/events", Set.of(Roles.INTEGRATION, Roles.REVOPS, Roles.ADMIN),
            "POST /api/admin/keys", Set.of(Roles.ADMIN),
            "GET /api/admin/keys", Set.of(Roles.ADMIN),
            "DELETE /api/admin/keys/{keyId}", Set.of(Roles.ADMIN));

    /** Webhooks of CDPs and CRMs: authenticated by the sender's signature, not by API keys (SegmentIngestTest, HubSpotIngestTest). */
    static final String SIGNED_BY_SENDER = "/api/ingest/";

    record Endpoint(String method, String path, String consumes, Set<String> roles, String declaredBy, boolean hidden) {
        String name() {
            return method + " " + path;
        }
    }

    @Test
    void everyRoleReachesExactlyTheEndpointsThatAdmitIt() {
        List<Endpoint> signed = endpoints().stream().filter(e -> e.path().startsWith(SIGNED_BY_SENDER)).toList();
        for (Endpoint e : signed) {
            assertThat(send(TestKeys.as(Roles.ADMIN), e, e.path())).as(e.name() + " unsigned, even with an admin key").isEqualTo(401);
        }
        List<Endpoint> endpoints = endpoints().stream().filter(e -> !e.path().startsWith(SIGNED_BY_SENDER)).toList();
        assertThat(endpoints).extracting(Endpoint::name).containsAll(INTENDED.keySet());
        List<String> undeclared = endpoints.stream().filter(e -> e.roles() == null).map(e -> e.name() + " (" + e.declaredBy() + ")").toList();
        assertThat(undeclared).as("endpoints without @RolesAllowed are refused to everyone; declare their roles").isEmpty();
        for (Endpoint e : endpoints) {
            if (INTENDED.containsKey(e.name())) {
                assertThat(e.roles()).as(e.name()).isEqualTo(INTENDED.get(e.name()));
            }
            assertThat(Roles.ALL).as("roles of " + e.name()).containsAll(e.roles());
        }

        String lead = "matrix-" + UUID.randomUUID();
        TestKeys.as(Roles.ADMIN).contentType(ContentType.JSON).body("{}").put("/api/leads/{id}", lead).then().statusCode(200);
        List<String> wrong = new ArrayList<>();
        for (Endpoint e : endpoints) {
            String path = concrete(e.path(), lead);
            int anonymous = send(given(), e, path);
            if (anonymous != 401) {
                wrong.add(e.name() + " anonymous -> " + anonymous);
            }
            for (String role : Roles.ALL) {
                int status = send(TestKeys.as(role), e, path);
                boolean admitted = e.roles().contains(role);
                if (admitted ? status == 401 || status == 403 : status != 403) {
                    wrong.add(e.name() + " as " + role + " -> " + status + (admitted ? " (should be admitted)" : " (should be 403)"));
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void theResourcesAndTheOpenApiDocumentListTheSameEndpoints() {
        Map<String, Map<String, Object>> paths = given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .extract().path("paths");
        Set<String> documented = new TreeSet<>();
        paths.forEach((path, operations) -> operations.keySet().stream()
                .filter(m -> Set.of("get", "put", "post", "delete", "patch").contains(m))
                .forEach(m -> documented.add(m.toUpperCase() + " " + path)));
        Set<String> discovered = new TreeSet<>();
        // hidden from the document on purpose: the benchmark-only endpoint, off unless a benchmark turns it on
        endpoints().stream().filter(e -> !e.hidden())
                .forEach(e -> discovered.add(e.name().replaceAll(TEMPLATE.pattern(), "{$1}")));
        assertThat(discovered).isEqualTo(documented.stream().filter(s -> s.contains(" /api/")).collect(TreeSet::new, Set::add, Set::addAll));
    }

    private static int send(RequestSpecification request, Endpoint e, String path) {
        if (!e.method().equals("GET") && !e.method().equals("DELETE")) {
            if (e.consumes().startsWith("multipart/")) {
                request = request.multiPart("probe", "x");
            } else {
                request = request.contentType(e.consumes()).body(e.consumes().contains("json") ? "{}" : "");
            }
        }
        return request.request(e.method(), path).statusCode();
    }

    /** A path with its parameters filled: a real lead for {leadId}, something harmless for the rest. */
    private static String concrete(String path, String lead) {
        Matcher m = TEMPLATE.matcher(path);
        StringBuilder s = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(s, m.group(1).equals("leadId") ? lead : m.group(1).toLowerCase().endsWith("id") ? "999999" : "x");
        }
        return m.appendTail(s).toString();
    }

    /** Every resource method of the application's own JAX-RS resources. */
    static List<Endpoint> endpoints() {
        Map<String, Endpoint> found = new TreeMap<>();
        for (InjectableBean<?> bean : Arc.container().beanManager().getBeans(Object.class).stream()
                .filter(InjectableBean.class::isInstance).map(b -> (InjectableBean<?>) b).toList()) {
            Class<?> type = bean.getBeanClass();
            if (!type.getName().startsWith("dev.leadscore.") || !type.isAnnotationPresent(Path.class)) {
                continue;
            }
            for (Method method : type.getMethods()) {
                String http = httpMethod(method);
                if (http == null) {
                    continue;
                }
                String path = join(type.getAnnotation(Path.class).value(),
                        method.isAnnotationPresent(Path.class) ? method.getAnnotation(Path.class).value() : "");
                if (!path.startsWith("/api/")) {
                    continue; // console pages: signed-in sessions, not keys (ConsoleJourneysTest)
                }
                Consumes consumes = method.isAnnotationPresent(Consumes.class) ? method.getAnnotation(Consumes.class)
                        : type.getAnnotation(Consumes.class);
                Endpoint e = new Endpoint(http, path, consumes == null ? "application/json" : consumes.value()[0],
                        roles(method, type), type.getSimpleName() + "." + method.getName(),
                        method.isAnnotationPresent(org.eclipse.microprofile.openapi.annotations.Operation.class)
                                && method.getAnnotation(org.eclipse.microprofile.openapi.annotations.Operation.class).hidden());
                found.put(e.name(), e);
            }
        }
        return List.copyOf(found.values());
    }

    private static Set<String> roles(Method method, Class<?> type) {
        if (method.isAnnotationPresent(PermitAll.class) || method.isAnnotationPresent(DenyAll.class)) {
            return null;
        }
        RolesAllowed allowed = method.isAnnotationPresent(RolesAllowed.class) ? method.getAnnotation(RolesAllowed.class)
                : type.getAnnotation(RolesAllowed.class);
        return allowed == null ? null : new LinkedHashSet<>(Arrays.asList(allowed.value()));
    }

    private static String httpMethod(Method method) {
        for (Annotation a : method.getAnnotations()) {
            HttpMethod http = a.annotationType().getAnnotation(HttpMethod.class);
            if (http != null) {
                return http.value();
            }
        }
        return null;
    }

    private static String join(String a, String b) {
        String s = ("/" + a + "/" + b).replaceAll("/+", "/");
        return s.length() > 1 && s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
