package dev.leadscore.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;

import org.junit.jupiter.api.Test;

import dev.leadscore.EmbeddedPostgresResource;
import dev.leadscore.TestKeys;
import dev.leadscore.security.Roles;
import io.quarkus.arc.Arc;
import io.quarkus.arc.InjectableBean;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Every console page and action, for a session of every role: the roles each admits are the
 * ones its {@code @RolesAllowed} names (the API's), the others get 403, a visitor who is not
 * signed in is sent to the sign-in form, and an integration key gets no session at all.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class ConsoleRolesTest {
    private static final Pattern TEMPLATE = Pattern.compile("\\{([A-Za-z0-9_]+)(:[^}]*)?}");
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Map<String, Session> SESSIONS = new ConcurrentHashMap<>();
    /** Signing out ends the session the other requests use; the browser journeys cover it. */
    private static final Set<String> NOT_PROBED = Set.of("POST /console/sign-out");

    record Session(String cookie, String csrf) {
    }

    record Page(String method, String path, String consumes, Set<String> roles) {
        String name() {
            return method + " " + path;
        }
    }

    /** Signs in through the form as a browser does: the form's token, then the key. */
    static Response signIn(String key) {
        Response form = given().get("/console/sign-in");
        String token = form.getCookie(ConsoleGuard.SIGN_IN_COOKIE);
        return given().redirects().follow(false).cookie(ConsoleGuard.SIGN_IN_COOKIE, token)
                .contentType(ContentType.URLENC).formParam("_csrf", token).formParam("apiKey", key)
                .post("/console/sign-in");
    }

    static Session session(String role) {
        return SESSIONS.computeIfAbsent(role, r -> {
            Response signedIn = signIn(TestKeys.of(r));
            assertThat(signedIn.statusCode()).as("sign-in of " + r).isEqualTo(303);
            String cookie = signedIn.getCookie(SessionAuthentication.COOKIE);
            String home = given().cookie(SessionAuthentication.COOKIE, cookie).get("/console").then().statusCode(200)
                    .extract().asString();
            Matcher m = CSRF.matcher(home);
            assertThat(m.find()).isTrue();
            return new Session(cookie, m.group(1));
        });
    }

    @Test
    void everyConsoleRoleSeesExactlyWhatItsRolesAllow() {
        String lead = "console-roles-" + UUID.randomUUID();
        TestKeys.as(Roles.ADMIN).contentType(ContentType.JSON).body("{}").put("/api/leads/{id}", lead).then().statusCode(200);
        List<Page> pages = pages();
        assertThat(pages).extracting(Page::name).contains("GET /console/leads", "GET /console/leads/{leadId}",
                "GET /console/audit", "GET /console/health", "GET /console/operations", "GET /console/models",
                "POST /console/operations/keys", "POST /console/models/{model}/drafts/{id}/publish");
        List<String> wrong = new ArrayList<>();
        for (Page p : pages) {
            if (p.roles() == null || NOT_PROBED.contains(p.name())) {
                continue;
            }
            String path = concrete(p.path(), lead);
            Response anonymous = body(given().redirects().follow(false), p).request(p.method(), path);
            boolean toSignIn = anonymous.statusCode() == 303 && anonymous.header("Location").endsWith("/console/sign-in");
            // nothing is done for a visitor who is not signed in: they are sent to sign in
            if (!toSignIn) {
                wrong.add(p.name() + " anonymous -> " + anonymous.statusCode());
            }
            for (String role : List.of(Roles.MARKETING_OPS, Roles.RULES_DEVELOPER, Roles.REVOPS, Roles.ADMIN)) {
                Session s = session(role);
                Response r = body(given().redirects().follow(false).cookie(SessionAuthentication.COOKIE, s.cookie())
                        .header(ConsoleGuard.CSRF_HEADER, s.csrf()), p).request(p.method(), path);
                boolean admitted = p.roles().contains(role);
                int status = r.statusCode();
                if (admitted ? status == 401 || status == 403 || status >= 500 || (p.method().equals("GET") && status != 200 && status != 404)
                        : status != 403) {
                    wrong.add(p.name() + " as " + role + " -> " + status + (admitted ? " (should be admitted)" : " (should be 403)"));
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void anIntegrationKeyGetsNoSession() {
        Response refused = signIn(TestKeys.of(Roles.INTEGRATION));
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.getCookie(SessionAuthentication.COOKIE)).isNull();
        assertThat(refused.asString()).contains("cannot sign in to the console");
        Response unknown = signIn("lsk_not-a-key");
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(unknown.getCookie(SessionAuthentication.COOKIE)).isNull();
    }

    @Test
    void theSessionCookieNeverAuthenticatesAnApiCall() {
        Session admin = session(Roles.ADMIN);
        given().cookie(SessionAuthentication.COOKIE, admin.cookie()).get("/api/admin/keys").then().statusCode(401);
    }

    @Test
    void aSignInFormWithoutItsTokenIsRefused() {
        given().redirects().follow(false).contentType(ContentType.URLENC).formParam("apiKey", TestKeys.of(Roles.ADMIN))
                .post("/console/sign-in").then().statusCode(403);
        given().redirects().follow(false).cookie(ConsoleGuard.SIGN_IN_COOKIE, "one").contentType(ContentType.URLENC)
                .formParam("_csrf", "another").formParam("apiKey", TestKeys.of(Roles.ADMIN))
                .post("/console/sign-in").then().statusCode(403);
    }

    @Test
    void pagesCarryTheSecurityHeaders() {
        Session s = session(Roles.REVOPS);
        Response page = given().cookie(SessionAuthentication.COOKIE, s.cookie()).get("/console/leads");
        assertThat(page.header("Content-Security-Policy")).isEqualTo(ConsoleGuard.CSP);
        assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(page.header("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void theRootLeadsToTheConsoleAndSwaggerUiIsServed() {
        Response root = given().redirects().follow(false).get("/");
        assertThat(root.statusCode()).isEqualTo(303);
        assertThat(root.header("Location")).endsWith("/console");
        given().get("/q/swagger-ui/").then().statusCode(200);
        String home = given().cookie(SessionAuthentication.COOKIE, session(Roles.MARKETING_OPS).cookie()).get("/console")
                .then().statusCode(200).extract().asString();
        assertThat(home).contains("href=\"/q/swagger-ui/\"");
    }

    /** An empty form of the kind the page reads; GETs send none. */
    private static io.restassured.specification.RequestSpecification body(io.restassured.specification.RequestSpecification r, Page p) {
        if (p.method().equals("GET")) {
            return r;
        }
        return p.consumes().startsWith("multipart/") ? r.multiPart("probe", "x") : r.contentType(ContentType.URLENC);
    }

    private static String concrete(String path, String lead) {
        Matcher m = TEMPLATE.matcher(path);
        StringBuilder s = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            m.appendReplacement(s, name.equals("leadId") ? lead : name.equals("model") ? "sales-led"
                    : name.toLowerCase().endsWith("id") ? "999999" : "x");
        }
        return m.appendTail(s).toString();
    }

    /** Every resource method of the console's own resources. */
    static List<Page> pages() {
        Map<String, Page> found = new TreeMap<>();
        for (InjectableBean<?> bean : Arc.container().beanManager().getBeans(Object.class).stream()
                .filter(InjectableBean.class::isInstance).map(b -> (InjectableBean<?>) b).toList()) {
            Class<?> type = bean.getBeanClass();
            if (!type.getPackageName().equals(ConsoleRolesTest.class.getPackageName()) || !type.isAnnotationPresent(Path.class)) {
                continue;
            }
            for (Method method : type.getMethods()) {
                String http = null;
                for (Annotation a : method.getAnnotations()) {
                    HttpMethod h = a.annotationType().getAnnotation(HttpMethod.class);
                    http = h != null ? h.value() : http;
                }
                if (http == null) {
                    continue;
                }
                String path = ("/" + type.getAnnotation(Path.class).value() + "/"
                        + (method.isAnnotationPresent(Path.class) ? method.getAnnotation(Path.class).value() : ""))
                        .replaceAll("/+", "/");
                path = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
                RolesAllowed allowed = method.isAnnotationPresent(RolesAllowed.class) ? method.getAnnotation(RolesAllowed.class)
                        : type.getAnnotation(RolesAllowed.class);
                Set<String> roles = method.isAnnotationPresent(PermitAll.class) || allowed == null ? null
                        : Set.copyOf(Arrays.asList(allowed.value()));
                jakarta.ws.rs.Consumes consumes = method.getAnnotation(jakarta.ws.rs.Consumes.class);
                found.put(http + " " + path, new Page(http, path,
                        consumes == null ? ContentType.URLENC.toString() : consumes.value()[0], roles));
            }
        }
        return List.copyOf(found.values());
    }

    @Test
    void anyVersionsFilesDownloadFromTheApiAsAttachments() throws Exception {
        String live = TestKeys.as(Roles.REVOPS).get("/api/rules").then().statusCode(200).extract().jsonPath()
                .getString("find { it.model == 'sales-led' }.activeVersion");
        Response file = TestKeys.as(Roles.REVOPS).get("/api/rules/sales-led/versions/{v}/files/engagement.xlsx", live);
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.header("Content-Disposition")).isEqualTo("attachment; filename=\"engagement.xlsx\"");
        assertThat(file.asByteArray()).isEqualTo(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("rules", "sales-led",
                "engagement.xlsx")));
        Response zip = TestKeys.as(Roles.MARKETING_OPS).get("/api/rules/sales-led/versions/{v}/files", live);
        assertThat(zip.statusCode()).isEqualTo(200);
        assertThat(zip.header("Content-Disposition")).isEqualTo("attachment; filename=\"sales-led-" + live + ".zip\"");
        List<String> names = new ArrayList<>();
        try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip.asByteArray()))) {
            for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                names.add(e.getName());
            }
        }
        assertThat(names).contains("engagement.xlsx", "fit.xlsx", "scoring.drl", "examples.yaml");
        TestKeys.as(Roles.REVOPS).get("/api/rules/sales-led/versions/{v}/files/nothing.xlsx", live).then().statusCode(404)
                .contentType("application/problem+json");
        TestKeys.as(Roles.REVOPS).get("/api/rules/sales-led/versions/0000000000000000/files").then().statusCode(404);
        TestKeys.as(Roles.INTEGRATION).get("/api/rules/sales-led/versions/{v}/files", live).then().statusCode(403);
    }
}
