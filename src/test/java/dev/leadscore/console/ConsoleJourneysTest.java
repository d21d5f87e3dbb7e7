package dev.leadscore.console;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Browser.NewContextOptions;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.Cookie;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import com.microsoft.playwright.options.SameSiteAttribute;

import dev.leadscore.EmbeddedPostgresResource;
import dev.leadscore.TestKeys;
import dev.leadscore.security.Roles;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The console in a real browser: the journeys of the people it serves, end to end, against the
 * running service. One Chromium for the class, a fresh browser context (cookies) per test.
 * Screenshots land in docs/console/ for docs/console.md.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class ConsoleJourneysTest {
    static final int WIDE = 1280;
    static final int PHONE = 390;

    static Browser browser;

    @TestHTTPResource("/")
    URL base;

    BrowserContext context;
    Page page;
    final List<String> consoleErrors = new ArrayList<>();

    @BeforeAll
    static void startBrowser() throws Exception {
        browser = new Browser();
        Files.createDirectories(Browser.SCREENSHOTS);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void openContext() {
        context = newContext(WIDE, 900);
        page = context.newPage();
    }

    @AfterEach
    void closeContext() {
        context.close();
    }

    BrowserContext newContext(int width, int height) {
        BrowserContext c = browser.chromium.newContext(new NewContextOptions().setBaseURL(base.toString())
                .setViewportSize(width, height));
        c.setDefaultTimeout(15_000);
        c.onPage(p -> p.onConsoleMessage(m -> {
            if ("error".equals(m.type())) {
                consoleErrors.add(m.text());
            }
        }));
        return c;
    }

    static void signIn(Page page, String key) {
        page.navigate("/");
        page.getByLabel("API key").fill(key);
        page.getByRole(AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Sign in")).click();
    }

    static void shoot(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(Browser.SCREENSHOTS.resolve(name + ".png")).setFullPage(true));
    }

    /** A lead with a fit profile, a demo request 40 days ago and a page view today, scored through the API. */
    static String scoredLead(String firstName, String lastName) {
        String id = "console-" + UUID.randomUUID();
        TestKeys.as(Roles.ADMIN).contentType(ContentType.JSON).body("""
                {"email": "pat@%s.io", "firstName": %s, "lastName": %s, "title": "VP Sales", "country": "US",
                 "source": "webinar",
                 "company": {"name": "Acme Analytics", "domain": "%s.io", "industry": "SaaS", "employees": 200}}
                """.formatted(id, json(firstName), json(lastName), id)).put("/api/leads/{id}", id).then().statusCode(200);
        Instant earlier = Instant.now().minus(Duration.ofDays(40));
        TestKeys.as(Roles.ADMIN).contentType(ContentType.JSON).body("""
                [{"id": "demo", "type": "form_submit", "occurredAt": "%s", "properties": {"form": "demo_request"}}]
                """.formatted(earlier)).post("/api/leads/{id}/events", id).then().statusCode(200);
        TestKeys.as(Roles.ADMIN).contentType(ContentType.JSON).body("""
                [{"id": "pricing", "type": "page_view", "occurredAt": "%s", "properties": {"path": "/pricing"}}]
                """.formatted(Instant.now().minus(Duration.ofMinutes(5)))).post("/api/leads/{id}/events", id).then().statusCode(200);
        return id;
    }

    static String json(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Test
    void revOpsFindsALeadReadsWhyItScoredAndSeesItsHistory() {
        String surname = "Quimby" + UUID.randomUUID().toString().substring(0, 8);
        String id = scoredLead("Pat", surname);
        signIn(page, TestKeys.of(Roles.REVOPS));
        assertThat(page.locator("h1")).containsText("Welcome");
        shoot(page, "home");

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Leads").setExact(true)).first().click();
        page.getByLabel("Search").fill(surname);
        assertThat(page.locator("#results table.leads tbody tr")).hasCount(1);
        assertThat(page.locator("#results")).containsText("Acme Analytics");
        assertThat(page).hasURL(java.util.regex.Pattern.compile(".*q=" + surname + ".*"));
        shoot(page, "leads");

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Pat " + surname)).click();
        assertThat(page.locator("h1")).hasText("Pat " + surname);
        // why it scored: the rule, its points, its reason and the cell it is written in
        var demo = page.getByRole(AriaRole.ROW, new Page.GetByRoleOptions().setName(java.util.regex.Pattern.compile("^Engagement Demo request")));
        assertThat(demo).containsText("+50");
        assertThat(demo).containsText("Requested a demo");
        assertThat(demo).containsText("engagement.drl.xlsx › sheet Engagement › cell A10");
        assertThat(page.locator("table.points")).containsText("SaaS industry");
        // the history chart is drawn from the stored scores
        assertThat(page.locator("#history-chart[data-chart-ready] canvas")).hasCount(1);
        assertThat(page.locator("table.events")).containsText("form_submit");
        shoot(page, "lead");

        // the score as of a date before the demo request: no engagement then
        page.getByLabel("Score as of (UTC)").fill(Instant.now().minus(Duration.ofDays(60)).toString().substring(0, 16));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Show")).click();
        assertThat(page.locator("table.points")).not().containsText("Demo request");
        assertThat(page.locator("#score")).containsText("Fit");
        assertThat(consoleErrors).isEmpty();

        BrowserContext phone = newContext(PHONE, 844);
        Page small = phone.newPage();
        signIn(small, TestKeys.of(Roles.REVOPS));
        small.navigate("/console/leads/" + id);
        assertThat(small.locator("#history-chart[data-chart-ready] canvas")).hasCount(1);
        assertThat(small.locator("body")).not().hasCSS("overflow-x", "scroll");
        assertThat((Boolean) small.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")).isTrue();
        shoot(small, "lead-phone");
        phone.close();
    }

    @Test
    void aLeadNamedLikeAScriptIsShownAsText() {
        String name = "<script>window.pwned=1</script><img src=x onerror=\"window.pwned=2\">";
        String id = scoredLead(name, "Doe");
        signIn(page, TestKeys.of(Roles.ADMIN));
        Response response = page.navigate("/console/leads/" + id);
        assertThat(page.locator("h1")).hasText(name + " Doe");
        assertThat(page.evaluate("() => window.pwned === undefined")).isEqualTo(true);
        assertThat(page.locator("main img")).hasCount(0);
        assertThat(response.headers().get("content-security-policy")).contains("script-src 'self'").doesNotContain("unsafe-inline");
    }

    @Test
    void anIntegrationKeyCannotSignIn() {
        signIn(page, TestKeys.of(Roles.INTEGRATION));
        assertThat(page.getByRole(AriaRole.ALERT)).containsText("cannot sign in to the console");
        assertThat(context.cookies().stream().filter(c -> c.name.equals(SessionAuthentication.COOKIE))).isEmpty();
        shoot(page, "sign-in-refused");
        page.navigate("/console/leads");
        assertThat(page).hasURL(java.util.regex.Pattern.compile(".*/console/sign-in$"));
    }

    @Test
    void theSessionCookieIsHttpOnlyAndSameSite() {
        signIn(page, TestKeys.of(Roles.REVOPS));
        Cookie session = context.cookies().stream().filter(c -> c.name.equals(SessionAuthentication.COOKIE)).findFirst().orElseThrow();
        assertThat(session.httpOnly).isTrue();
        assertThat(session.sameSite).isEqualTo(SameSiteAttribute.LAX);
        assertThat(page.evaluate("() => document.cookie")).asString().doesNotContain(SessionAuthentication.COOKIE);

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")).click();
        assertThat(page).hasURL(java.util.regex.Pattern.compile(".*/console/sign-in$"));
        // the old cookie no longer opens anything, even if a copy of it was kept
        context.addCookies(List.of(session));
        page.navigate("/console/leads");
        assertThat(page).hasURL(java.util.regex.Pattern.compile(".*/console/sign-in$"));
    }

    @Test
    void aFormPostedWithoutItsCsrfTokenIsRefused() {
        signIn(page, TestKeys.of(Roles.ADMIN));
        // the browser's own cookies, as a forged form on another page would send them, but no token
        APIResponse forged = page.request().post("/console/sign-out",
                RequestOptions.create().setForm(FormData.create().set("nothing", "here")).setMaxRedirects(0));
        assertThat(forged.status()).isEqualTo(403);
        assertThat(forged.text()).contains("security token");
        APIResponse wrong = page.request().post("/console/sign-out",
                RequestOptions.create().setForm(FormData.create().set("_csrf", "not-the-token")).setMaxRedirects(0));
        assertThat(wrong.status()).isEqualTo(403);
        // still signed in
        page.navigate("/console/leads");
        assertThat(page.locator("h1")).hasText("Leads");
    }

    @Test
    void revOpsReadsRuleActivityTheChangeLogAndAnExplanationAsOfADate() {
        String id = scoredLead("Audit", "Reader");
        signIn(page, TestKeys.of(Roles.REVOPS));
        page.navigate("/console/audit");
        assertThat(page.locator("#firings-chart[data-chart-ready] canvas")).hasCount(1);
        assertThat(page.locator("#points-chart[data-chart-ready] canvas")).hasCount(1);
        assertThat(page.locator("table.rules")).containsText("Demo request");
        assertThat(page.locator("table.changes")).containsText("live");
        page.getByLabel("Lead id").fill(id);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Explain")).click();
        assertThat(page.locator("#explanation")).containsText("lead " + id + " had a score of");
        assertThat(page.locator("#explanation")).containsText("Demo request");
        assertThat(page.locator("#explanation")).containsText("cell A10");
        shoot(page, "audit");
        assertThat(consoleErrors).isEmpty();
    }

    @Test
    void marketingOpsSeesTheHealthCheckButNoLeadOrExplanation() {
        scoredLead("Health", "Check");
        signIn(page, TestKeys.of(Roles.MARKETING_OPS));
        assertThat(page.locator("header nav")).not().containsText("Leads");
        page.navigate("/console/health");
        assertThat(page.locator("table.checks")).containsText("score inflation");
        // the test leads all qualified this month: no complete month to draw yet
        assertThat(page.locator("#volume-empty")).containsText("No lead reached MQL or PQL");
        assertThat(page.locator("#distribution-chart[data-chart-ready] canvas")).hasCount(1);
        shoot(page, "health");
        Response refused = page.navigate("/console/leads");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(page.locator("h1")).hasText("Not allowed");
        page.navigate("/console/audit");
        assertThat(page.locator("#explain")).hasCount(0);
        assertThat(page.navigate("/console/audit?lead=someone").status()).isEqualTo(403);
    }

    @Test
    void anAdminCreatesAKeyThatSignsInAndRevokesIt() {
        signIn(page, TestKeys.of(Roles.ADMIN));
        page.navigate("/console/operations");
        assertThat(page.locator("table.jobs")).containsText("Time-driven re-score");
        String name = "console key " + UUID.randomUUID().toString().substring(0, 6);
        page.getByLabel("Name").fill(name);
        page.getByLabel("Role").selectOption(Roles.REVOPS);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create key")).click();
        assertThat(page.locator("#new-key")).containsText("lsk_");
        String key = page.locator("#new-key").innerText().strip();
        shoot(page, "operations");

        BrowserContext other = newContext(WIDE, 900);
        Page second = other.newPage();
        signIn(second, key);
        assertThat(second.locator("h1")).containsText("Welcome, " + name);

        page.onDialog(d -> d.accept());
        page.locator("table.keys tr", new Page.LocatorOptions().setHasText(name))
                .getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Revoke")).click();
        assertThat(page.locator("table.keys tr", new Page.LocatorOptions().setHasText(name))).not().containsText("Revoke");
        // the revoked key's session ends with it
        second.navigate("/console/leads");
        assertThat(second).hasURL(java.util.regex.Pattern.compile(".*/console/sign-in$"));
        other.close();
    }

    @Test
    void aRevOpsKeyCannotManageKeysNorRedrive() {
        signIn(page, TestKeys.of(Roles.REVOPS));
        page.navigate("/console/operations");
        assertThat(page.locator("#keys")).hasCount(0);
        String csrf = page.locator("header form.who input[name=_csrf]").inputValue();
        APIResponse create = page.request().post("/console/operations/keys", RequestOptions.create()
                .setForm(FormData.create().set("_csrf", csrf).set("name", "sneaky").set("role", Roles.ADMIN)).setMaxRedirects(0));
        assertThat(create.status()).isEqualTo(403);
        APIResponse redrive = page.request().post("/console/operations/notifications/redrive", RequestOptions.create()
                .setForm(FormData.create().set("_csrf", csrf)).setMaxRedirects(0));
        assertThat(redrive.status()).isEqualTo(403);
    }

    /** A draft of the sales-led model through the API (its example leads get a comment: a new version, same rules). */
    static long draft() throws Exception {
        String examples = Files.readString(java.nio.file.Path.of("rules", "sales-led", "examples.yaml"))
                + "\n# console test " + UUID.randomUUID() + "\n";
        java.nio.file.Path file = Files.createTempDirectory("console-draft").resolve("examples.yaml");
        Files.writeString(file, examples);
        return TestKeys.as(Roles.MARKETING_OPS).multiPart("file", file.toFile(), "application/yaml")
                .post("/api/rules/sales-led/drafts").then().statusCode(201).extract().jsonPath().getLong("draft.id");
    }

    @Test
    void aRevOpsUserCannotPublishWhatMarketingOpsCan() throws Exception {
        long draft = draft();
        signIn(page, TestKeys.of(Roles.MARKETING_OPS));
        page.navigate("/console/models?model=sales-led");
        Locator draftRow = page.locator("table.versions tr", new Page.LocatorOptions().setHasText("DRAFT")).first();
        assertThat(draftRow.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Publish"))).isVisible();
        assertThat(page.locator("#progress")).containsText("sales-led");
        shoot(page, "models");

        BrowserContext revops = newContext(WIDE, 900);
        Page other = revops.newPage();
        signIn(other, TestKeys.of(Roles.REVOPS));
        other.navigate("/console/models?model=sales-led");
        assertThat(other.locator("table.versions")).containsText("DRAFT");
        assertThat(other.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Publish"))).hasCount(0);
        assertThat(other.locator("main")).containsText("publishing and rolling back need a marketing-ops or admin key");
        String csrf = other.locator("header form.who input[name=_csrf]").inputValue();
        String live = TestKeys.as(Roles.ADMIN).get("/api/rules").then().statusCode(200).extract().jsonPath()
                .getString("find { it.model == 'sales-led' }.activeVersion");
        APIResponse publish = other.request().post("/console/models/sales-led/drafts/" + draft + "/publish",
                RequestOptions.create().setForm(FormData.create().set("_csrf", csrf).set("summary", "not allowed")).setMaxRedirects(0));
        assertThat(publish.status()).isEqualTo(403);
        assertThat(publish.text()).contains("Your role does not allow this");
        assertThat(TestKeys.as(Roles.ADMIN).get("/api/rules").then().statusCode(200).extract().jsonPath()
                .getString("find { it.model == 'sales-led' }.activeVersion")).isEqualTo(live);
        revops.close();
    }

    @Test
    void marketingOpsUploadsABrokenTableAndSeesTheCellThenAGoodOneAndItsWhatIf() throws Exception {
        scoredLead("What", "If");
        java.nio.file.Path dir = Files.createTempDirectory("console-upload");
        java.nio.file.Path broken = dir.resolve("engagement.drl.xlsx");
        try (var wb = org.apache.poi.ss.usermodel.WorkbookFactory.create(
                Files.newInputStream(java.nio.file.Path.of("rules", "sales-led", "engagement.drl.xlsx")));
                var out = Files.newOutputStream(broken)) {
            var ref = new org.apache.poi.ss.util.CellReference("G12");
            wb.getSheet("Engagement").getRow(ref.getRow()).getCell(ref.getCol()).setCellValue("thirty");
            wb.write(out);
        }
        signIn(page, TestKeys.of(Roles.MARKETING_OPS));
        page.navigate("/console/models?model=sales-led");
        page.getByLabel("Upload changed files of sales-led as a draft").setInputFiles(broken);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Check and preview")).click();
        assertThat(page.locator("h1")).hasText("The upload was refused");
        assertThat(page.locator("table.problems")).containsText("engagement.drl.xlsx, sheet Engagement, cell G12");
        assertThat(page.locator("table.problems")).containsText("thirty");
        shoot(page, "upload-refused");

        java.nio.file.Path examples = dir.resolve("examples.yaml");
        Files.writeString(examples, Files.readString(java.nio.file.Path.of("rules", "sales-led", "examples.yaml"))
                + "\n# console upload " + UUID.randomUUID() + "\n");
        page.navigate("/console/models?model=sales-led");
        page.getByLabel("Upload changed files of sales-led as a draft").setInputFiles(examples);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Check and preview")).click();
        assertThat(page.locator("h1")).containsText("Draft");
        assertThat(page.locator("#scores-changed")).hasText("0");
        assertThat(page.locator("table.diff")).containsText("examples.yaml");
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Publish"))).isVisible();
        shoot(page, "draft");
    }
}
