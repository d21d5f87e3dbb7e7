package dev.leadscore.rules;

import dev.leadscore.TestRules;
import dev.leadscore.leads.RescoreJobs;
import dev.leadscore.leads.RescoreJobRecord;
import dev.leadscore.scoring.Ruleset;
import dev.leadscore.scoring.RuleFiles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import jakarta.inject.Inject;

import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.leadscore.EmbeddedPostgresResource;
import dev.leadscore.TestKeys;
import dev.leadscore.security.Roles;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Rule changes as Marketing Ops make them, through the API, on a real PostgreSQL: draft with
 * what-if, publish, re-scoring, diff, rollback, refused edits while scoring carries on.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class RulesGovernanceTest {
    /** Every request of these tests is sent with an admin key. */
    static RequestSpecification given() {
        return TestKeys.as(Roles.ADMIN);
    }

    static final String SALES = "sales-led";
    static final String ENGAGEMENT = "engagement.xlsx";
    static final Instant NOW = Instant.now();

    @Inject
    RulesetRegistry registry;
    @Inject
    RescoreJobs rescoreJobs;
    @Inject
    dev.leadscore.leads.StoredLeadPages leadService;

    private String original;

    @BeforeEach
    void rememberActive() {
        original = registry.require(SALES).version();
    }

    @AfterEach
    void restoreActive() {
        if (!registry.require(SALES).version().equals(original)) {
            given().contentType(ContentType.JSON).body("{\"by\": \"test cleanup\"}")
                    .post("/api/rules/{m}/versions/{v}/activate", SALES, original).then().statusCode(200);
            awaitRescoring(SALES, original);
        }
    }

    // ---- leads ----

    static String lead(String title, String industry, int employees, String... events) {
        String id = "gov-" + UUID.randomUUID();
        given().contentType(ContentType.JSON).body("""
                {"email": "%s@%s.io", "title": "%s", "country": "US",
                 "company": {"name": "Co", "domain": "co-%s.io", "industry": "%s", "employees": %d}}
                """.formatted(id, id, title, id, industry, employees)).put("/api/leads/{id}", id).then().statusCode(200);
        if (events.length > 0) {
            StringBuilder body = new StringBuilder("[");
            for (int i = 0; i < events.length; i++) {
                String[] e = events[i].split(":");
                body.append(i == 0 ? "" : ",").append("{\"id\":\"e").append(i).append("\",\"type\":\"").append(e[0])
                        .append("\",\"occurredAt\":\"").append(NOW.minus(Duration.ofDays(1))).append("\",\"properties\":")
                        .append(e.length > 1 ? "{\"" + e[1] + "\":\"" + e[2] + "\"}" : "{}").append("}");
            }
            given().contentType(ContentType.JSON).body(body.append("]").toString())
                    .post("/api/leads/{id}/events", id).then().statusCode(200);
        }
        return id;
    }

    static JsonPath score(String leadId) {
        return given().get("/api/leads/{id}/score", leadId).then().statusCode(200).extract().jsonPath();
    }

    // ---- rule files ----

    static byte[] table(String model, String file, Consumer<Workbook> edit) throws IOException {
        byte[] bytes = Files.readAllBytes(TestRules.FOLDER.resolve(model).resolve(file));
        try (Workbook wb = WorkbookFactory.create(new ByteArrayInputStream(bytes))) {
            edit.accept(wb);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            wb.write(out);
            return out.toByteArray();
        }
    }

    static byte[] withCell(String file, String sheet, String cell, Object value) throws IOException {
        return table(SALES, file, wb -> ModelEdits.set(wb.getSheet(sheet), cell, value));
    }

    static io.restassured.response.Response draft(String model, String file, byte[] bytes) {
        return given().multiPart("file", file, bytes, "application/octet-stream").multiPart("by", "marketing-ops")
                .post("/api/rules/{m}/drafts", model);
    }

    static JsonPath publish(String model, long draftId, String summary) {
        return given().contentType(ContentType.JSON).body("{\"by\": \"marketing-ops\", \"summary\": \"" + summary + "\"}")
                .post("/api/rules/{m}/drafts/{id}/publish", model, draftId).then().statusCode(200).extract().jsonPath();
    }

    /** Waits for the re-scoring job of {@code version} to finish and returns it. */
    static Map<String, Object> awaitRescoring(String model, String version) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            List<Map<String, Object>> models = given().get("/api/rules").then().statusCode(200).extract().jsonPath()
                    .getList("findAll { it.model == '" + model + "' }.rescoring");
            Map<String, Object> job = models.isEmpty() ? null : models.get(0);
            if (job != null && version.equals(job.get("version")) && "DONE".equals(job.get("status"))) {
                return job;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("re-scoring of " + model + " " + version + " did not finish");
    }

    @Test
    void demoRequestPointsChangedInTheSpreadsheetGoLiveWithWhatIfDiffAndRescoring() throws IOException {
        String hot = lead("VP Sales", "SaaS", 200, "form_submit:form:demo_request", "page_view:path:/pricing");
        String demoOnly = lead("Director of Marketing", "Technology", 60, "form_submit:form:demo_request");
        String untouched = lead("VP Sales", "SaaS", 200, "webinar_attended");
        int demoOnlyBefore = score(demoOnly).getInt("engagement");

        // Marketing Ops lower the demo request (engagement, row 5, Points F5) from 50 to 40
        JsonPath draft = draft(SALES, ENGAGEMENT, withCell(ENGAGEMENT, "Engagement", "F5", 40))
                .then().statusCode(201).extract().jsonPath();

        assertThat(draft.getString("draft.status")).isEqualTo("DRAFT");
        assertThat(draft.getList("draft.validation")).isEmpty();
        assertThat(draft.getInt("whatIf.leads")).isGreaterThanOrEqualTo(3);
        assertThat(draft.getInt("whatIf.scoresChanged")).isGreaterThanOrEqualTo(2);
        assertThat(draft.getList("whatIf.biggestMovers.leadId", String.class)).contains(demoOnly).doesNotContain(untouched);
        assertThat(draft.getList("whatIf.biggestMovers.find { it.leadId == '" + demoOnly + "' }.changedAdjustments"))
                .singleElement().isEqualTo(Map.of("rule", "Demo request", "pointsBefore", 50, "pointsAfter", 40));
        assertThat(draft.getList("diff.changes")).singleElement().satisfies(c -> {
            Map<?, ?> change = (Map<?, ?>) c;
            assertThat(change.get("rule")).isEqualTo("Demo request");
            assertThat(change.get("cells")).isEqualTo(List.of(Map.of("column", "Points", "fromCell", "F5", "toCell", "F5",
                    "before", "50", "after", "40")));
        });
        String version = draft.getString("draft.version");

        JsonPath published = publish(SALES, draft.getLong("draft.id"), "Demo request 50 -> 40 (source 004)");
        assertThat(published.getBoolean("version.active")).isTrue();
        assertThat(registry.require(SALES).version()).isEqualTo(version);
        Map<String, Object> job = awaitRescoring(SALES, version);
        assertThat(job.get("scoresChanged")).isEqualTo(draft.getInt("whatIf.scoresChanged"));
        assertThat(job.get("stageChanges")).isEqualTo(draft.getInt("whatIf.stagesChanged"));

        // stored scores now carry the new version and the demo request's 40 points
        JsonPath after = score(demoOnly);
        assertThat(after.getString("rulesetVersion")).isEqualTo(version);
        assertThat(after.getInt("engagement")).isEqualTo(demoOnlyBefore - 10);
        assertThat(after.getList("adjustments.findAll { it.rule == 'Demo request' }.points")).containsExactly(40);
        assertThat(score(hot).getString("rulesetVersion")).isEqualTo(version);
        given().get("/api/leads/{id}/history", demoOnly).then().statusCode(200)
                .body("items[0].rulesetVersion", equalTo(version));

        // the disk agrees with the database
        assertThat(RuleFiles.read(TestRules.FOLDER.resolve(SALES)).version()).isEqualTo(version);

        // the diff names the cell, in JSON and as text
        given().accept(ContentType.TEXT).get("/api/rules/{m}/diff", SALES).then().statusCode(200)
                .body(containsString("~ rule 'Demo request'"), containsString("Points F5: '50' -> '40'"));
        given().get("/api/rules/{m}/versions", SALES).then().statusCode(200)
                .body("find { it.version == '" + version + "' }.status", equalTo("PUBLISHED"))
                .body("find { it.version == '" + version + "' }.publishedBy", equalTo("test admin (for marketing-ops)"))
                .body("find { it.version == '" + version + "' }.changeSummary", equalTo("Demo request 50 -> 40 (source 004)"));
        given().get("/api/rules/{m}/versions/{v}/drl", SALES, version).then().statusCode(200)
                .body(containsString("Demo request [engagement.xlsx!Engagement!A5]: when Event type is any of form_submit "
                        + "and Form is any of demo_request then ENGAGEMENT +40"), containsString("rule \"Band\""));
    }

    @Test
    void aBrokenTableIsRefusedWithItsCellWhileScoringCarriesOnUnchanged() throws IOException {
        String before = registry.require(SALES).version();
        String leadId = lead("VP Sales", "SaaS", 200, "form_submit:form:demo_request");
        JsonPath scoreBefore = score(leadId);

        draft(SALES, ENGAGEMENT, withCell(ENGAGEMENT, "Engagement", "F7", "thirty")).then()
                .statusCode(422).contentType("application/problem+json")
                .body("errors.field", hasItem("engagement.xlsx, sheet Engagement, cell F7"))
                .body("errors.message", hasItem(containsString("'thirty' is not a number")))
                .body("detail", containsString("the active version keeps serving"));

        assertThat(registry.require(SALES).version()).isEqualTo(before);
        given().get("/api/rules").then().statusCode(200)
                .body("find { it.model == 'sales-led' }.activeVersion", equalTo(before))
                .body("find { it.model == 'sales-led' }.status", equalTo("LAST_CHANGE_REFUSED"))
                .body("find { it.model == 'sales-led' }.lastError.cell", hasItem("F7"));
        given().get("/api/rules/{m}/versions", SALES).then().statusCode(200)
                .body("find { it.status == 'REJECTED' }.validation.cell", hasItem("F7"));
        // scoring carries on with the old version and the same result
        given().contentType(ContentType.JSON).body("[{\"id\":\"late\",\"type\":\"email_open\",\"occurredAt\":\"" + NOW + "\"}]")
                .post("/api/leads/{id}/events", leadId).then().statusCode(200)
                .body("rulesetVersion", equalTo(before))
                .body("fit", equalTo(scoreBefore.getInt("fit")));

        // a cell written like code is text like any other: the draft builds and nothing runs
        String hostile = "Requested a demo\"); System.exit(0); //";
        draft(SALES, ENGAGEMENT, withCell(ENGAGEMENT, "Engagement", "G5", hostile)).then().statusCode(201)
                .body("diff.changes.find { it.rule == 'Demo request' }.cells[0].after", equalTo(hostile));
        // a corrupt file and a file that is not a rule file are refused
        draft(SALES, ENGAGEMENT, "not a workbook".getBytes()).then().statusCode(422)
                .body("errors.field", hasItem("engagement.xlsx"));
        draft(SALES, "notes.txt", "hello".getBytes()).then().statusCode(400)
                .body("errors.field", hasItem("notes.txt"));
        assertThat(registry.require(SALES).version()).isEqualTo(before);
    }

    @Test
    void rollbackRestoresThePreviousScores() throws IOException {
        String v1 = registry.require(SALES).version();
        List<String> ids = List.of(
                lead("VP Sales", "SaaS", 200, "form_submit:form:demo_request"),
                lead("Director of Engineering", "Technology", 60, "webinar_attended"),
                lead("Manager", "Retail", 20, "page_view:path:/blog/a"));
        Map<String, JsonPath> original = new HashMap<>();
        ids.forEach(id -> original.put(id, score(id)));

        // lower the MQL minimum fit from 50 to 40: the director (fit 45) becomes an MQL
        byte[] thresholds = withCell("thresholds.xlsx", "Settings", "B5", 40);
        JsonPath draft = draft(SALES, "thresholds.xlsx", thresholds).then().statusCode(201).extract().jsonPath();
        assertThat(draft.getInt("whatIf.qualifiedAfter")).isGreaterThan(draft.getInt("whatIf.qualifiedBefore"));
        String v2 = draft.getString("draft.version");
        publish(SALES, draft.getLong("draft.id"), "MQL minimum fit 50 -> 40");
        Map<String, Object> job2 = awaitRescoring(SALES, v2);
        assertThat(job2.get("stageChanges")).isEqualTo(draft.getInt("whatIf.stagesChanged"));
        assertThat(score(ids.get(1)).getString("stage")).isEqualTo("MQL");

        given().contentType(ContentType.JSON).body("{\"by\": \"revops\"}")
                .post("/api/rules/{m}/versions/{v}/activate", SALES, v1).then().statusCode(200)
                .body("version.version", equalTo(v1)).body("version.active", equalTo(true));
        awaitRescoring(SALES, v1);

        for (String id : ids) {
            JsonPath now = score(id);
            JsonPath then = original.get(id);
            assertThat(now.getString("rulesetVersion")).isEqualTo(v1);
            for (String field : List.of("fit", "engagement", "total", "band", "stage")) {
                assertThat(now.getString(field)).as(id + " " + field).isEqualTo(then.getString(field));
            }
            assertThat(now.getList("adjustments")).isEqualTo(then.getList("adjustments"));
        }
        // the change log shows the publish and the rollback
        given().get("/api/audit/rules?model=sales-led").then().statusCode(200)
                .body("changes.reason", hasItem(containsString("published by test admin (for marketing-ops)")))
                .body("changes.reason", hasItem(containsString("re-activated by test admin (for revops)")));
    }

    @Test
    void concurrentScoringDuring20SwapsGivesEveryScoreExactlyOneVersionsAdjustments() throws Exception {
        Ruleset a = registry.require(SALES);
        Ruleset b = new RulesetBuilder(java.time.Clock.systemUTC()).build(SALES, RuleFiles.of(new java.util.TreeMap<>(
                Map.of(ENGAGEMENT, withCell(ENGAGEMENT, "Engagement", "F5", 40))) {{
                    a.files().files().forEach(this::putIfAbsent);
                }}));
        String body = """
                {"model": "sales-led", "asOf": "2026-03-03T12:00:00Z",
                 "lead": {"email": "pat@acme.io", "title": "VP Sales", "country": "US",
                          "company": {"name": "Acme", "industry": "SaaS", "employees": 200}},
                 "events": [{"id": "d", "type": "form_submit", "occurredAt": "2026-03-02T12:00:00Z", "properties": {"form": "demo_request"}},
                            {"id": "b", "type": "page_view", "occurredAt": "2026-03-01T12:00:00Z", "properties": {"path": "/blog/x"}}]}
                """;
        // each version's score of the lead, alone: the demo request earns 50 points under a, 40 under b
        Map<String, Map<String, Object>> scored = new HashMap<>();
        for (Ruleset r : List.of(a, b)) {
            registry.activate(r);
            scored.put(r.version(), scoreOf(body));
        }
        assertThat(demoRequestPoints(scored.get(a.version()))).containsExactly(50);
        assertThat(demoRequestPoints(scored.get(b.version()))).containsExactly(40);

        // three scorers score without pause; the swapper swaps again only once a score made with the version
        // it swapped to has come back, so every swap is seen by the scorers: counted, never timed. The rules
        // sync puts back the version the database calls live (a) now and then; the swapper then swaps again.
        java.util.concurrent.BlockingQueue<Map<String, Object>> answered = new java.util.concurrent.LinkedBlockingQueue<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean swapping = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicInteger sent = new java.util.concurrent.atomic.AtomicInteger();
        List<Thread> scorers = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            Thread thread = new Thread(() -> {
                try {
                    while (swapping.get()) {
                        sent.incrementAndGet();
                        answered.add(scoreOf(body));
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            scorers.add(thread);
            thread.start();
        }
        List<Map<String, Object>> results = new ArrayList<>();
        int swaps = 20;
        try {
            for (int swap = 1; swap <= swaps; swap++) {
                Ruleset next = swap % 2 == 0 ? a : b;
                registry.activate(next);
                Map<String, Object> r;
                int waited = 0;
                do {
                    // a guard against a hang should every scorer fail, not a measure of speed
                    r = answered.poll(2, java.util.concurrent.TimeUnit.MINUTES);
                    assertThat(r).as("a score after swap %d (scorers failed: %s)", swap, failures).isNotNull();
                    assertThat(++waited).as("scores answered since swap %d without one by its version", swap)
                            .isLessThan(10_000);
                    results.add(r);
                    if (!registry.require(SALES).version().equals(next.version())) {
                        registry.activate(next);
                    }
                } while (!next.version().equals(r.get("rulesetVersion")));
            }
        } finally {
            swapping.set(false);
            for (Thread t : scorers) {
                t.join();
            }
            registry.activate(a);
        }
        answered.drainTo(results);

        System.out.printf("concurrent scoring: %d scores during %d swaps, %d under %s, %d under %s%n", results.size(),
                swaps, results.stream().filter(r -> a.version().equals(r.get("rulesetVersion"))).count(), a.version(),
                results.stream().filter(r -> b.version().equals(r.get("rulesetVersion"))).count(), b.version());
        assertThat(failures).isEmpty();
        assertThat(results).as("every score sent was answered").hasSize(sent.get());
        for (Map<String, Object> r : results) {
            assertThat(r.get("rulesetVersion")).isIn(a.version(), b.version());
            Map<String, Object> same = scored.get(r.get("rulesetVersion"));
            for (String figure : List.of("adjustments", "fit", "engagement", "total", "band", "stage")) {
                assertThat(r.get(figure)).as(figure).isEqualTo(same.get(figure));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> scoreOf(String body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/score").then().statusCode(200).extract()
                .as(Map.class);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> demoRequestPoints(Map<String, Object> score) {
        return ((List<Map<String, Object>>) score.get("adjustments")).stream()
                .filter(x -> "Demo request".equals(x.get("rule"))).map(x -> x.get("points")).toList();
    }

    @Test
    void anEditSavedInTheRulesFolderGoesLiveAndABrokenOneIsRefused() throws Exception {
        Path file = TestRules.FOLDER.resolve(SALES).resolve(ENGAGEMENT);
        byte[] good = Files.readAllBytes(file);
        try {
            Files.write(file, withCell(ENGAGEMENT, "Engagement", "F7", 25));
            String edited = RuleFiles.read(TestRules.FOLDER.resolve(SALES)).version();
            awaitActive(edited);
            given().get("/api/rules/{m}/versions", SALES).then().statusCode(200)
                    .body("find { it.version == '" + edited + "' }.origin", equalTo("folder"))
                    .body("find { it.version == '" + edited + "' }.status", equalTo("PUBLISHED"));

            Files.write(file, withCell(ENGAGEMENT, "Engagement", "F7", "lots"));
            String broken = RuleFiles.read(TestRules.FOLDER.resolve(SALES)).version();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline && given().get("/api/rules/{m}/versions", SALES).jsonPath()
                    .getList("findAll { it.version == '" + broken + "' }").isEmpty()) {
                Thread.sleep(100);
            }
            given().get("/api/rules/{m}/versions", SALES).then()
                    .body("find { it.version == '" + broken + "' }.status", equalTo("REJECTED"))
                    .body("find { it.version == '" + broken + "' }.validation.cell", hasItem("F7"));
            assertThat(registry.require(SALES).version()).isEqualTo(edited);
        } finally {
            Files.write(file, good);
            awaitActive(original);
        }
    }

    @Test
    void aZipReplacesTheWholeModel() throws IOException {
        Map<String, byte[]> files = new java.util.TreeMap<>(registry.require(SALES).files().files());
        files.put(ENGAGEMENT, withCell(ENGAGEMENT, "Engagement", "F5", 45));

        JsonPath draft = draft(SALES, "sales-led.zip", zip(files)).then().statusCode(201).extract().jsonPath();
        assertThat(draft.getList("draft.files", String.class)).containsExactlyElementsOf(files.keySet());
        assertThat(draft.getList("diff.changes.rule", String.class)).containsExactly("Demo request");

        // a zip without the negatives table removes it: the competitor example now qualifies, so it is refused
        files.remove("negative.xlsx");
        draft(SALES, "sales-led.zip", zip(files)).then().statusCode(422)
                .body("errors.field", hasItem("examples.yaml"))
                .body("errors.message", hasItem(containsString("Competitor employee who requested a demo never qualifies")));
        assertThat(registry.require(SALES).version()).isEqualTo(original);
    }

    private static byte[] zip(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(zip)) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                out.putNextEntry(new java.util.zip.ZipEntry("sales-led/" + f.getKey()));
                out.write(f.getValue());
                out.closeEntry();
            }
        }
        return zip.toByteArray();
    }

    @Test
    void anInterruptedRescoringResumesAfterItsLastCommittedBatch() {
        lead("VP Sales", "SaaS", 200);
        lead("Manager", "Retail", 20);
        List<String> ids = leadService.storedLeads(SALES, null, 10_000).stream().map(l -> l.id()).toList();
        String version = registry.require(SALES).version();
        // a job that had committed all but the last lead when the service stopped
        long jobId = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> {
            RescoreJobRecord j = new RescoreJobRecord();
            j.model = SALES;
            j.version = version;
            j.status = RescoreJobRecord.RUNNING;
            j.leadsTotal = ids.size();
            j.leadsDone = ids.size() - 1;
            j.lastLeadId = ids.get(ids.size() - 2);
            j.startedAt = Instant.now();
            j.updatedAt = j.startedAt;
            j.persist();
            return j.id;
        });

        rescoreJobs.resumeUnfinished();

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        dev.leadscore.scoring.RescoreProgress job = null;
        while (System.nanoTime() < deadline) {
            job = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew()
                    .call(() -> RescoreJobRecord.<RescoreJobRecord>findById(jobId).view());
            if (!RescoreJobRecord.RUNNING.equals(job.status())) {
                break;
            }
            Thread.onSpinWait();
        }
        assertThat(job.status()).isEqualTo(RescoreJobRecord.DONE);
        assertThat(job.leadsDone()).isEqualTo(ids.size());
    }

    private void awaitActive(String version) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline && !registry.require(SALES).version().equals(version)) {
            Thread.sleep(100);
        }
        assertThat(registry.require(SALES).version()).isEqualTo(version);
    }
}
