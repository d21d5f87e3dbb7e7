package dev.leadscore.rules;

import dev.leadscore.TestRules;
import dev.leadscore.scoring.Ruleset;
import dev.leadscore.scoring.RuleFiles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

import dev.leadscore.EmbeddedPostgresResource;
import dev.leadscore.TestKeys;
import dev.leadscore.backtest.BacktestCommand;
import dev.leadscore.security.Roles;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * Models over the API, and the boundary between data and code: a model written with openpyxl is
 * created, described and scores the same through /api/score and the backtest CLI; hostile files
 * sent with every role, as drafts and as backtest drafts, run nothing.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class ModelsApiTest {
    static final String SALES = "sales-led";

    @Test
    void aModelWrittenWithOpenpyxlScoresTheSameThroughTheApiAndTheBacktestCli() throws Exception {
        String python = TablesFromOtherEditorsTest.python();
        Path tables = Files.createTempDirectory("openpyxl-model-");
        TablesFromOtherEditorsTest.run(python, TablesFromOtherEditorsTest.script("write_model.py"), tables.toString());
        String name = "web-leads-" + UUID.randomUUID().toString().substring(0, 8);

        RequestSpecification create = TestKeys.as(Roles.MARKETING_OPS).multiPart("name", name).multiPart("template", "empty");
        try (Stream<Path> files = Files.list(tables)) {
            files.forEach(f -> create.multiPart("file", f.toFile()));
        }
        create.post("/api/models").then().log().ifValidationFails().statusCode(201).body("version.model", equalTo(name));

        TestKeys.as(Roles.REVOPS).get("/api/models/{m}", name).then().statusCode(200)
                .body("fields", hasItems("CRM field occupation", "CRM field seconds_on_site", "CRM field last_activity"))
                .body("rules.name", hasItems("Long visit", "Professional referral", "No activity recorded", "Base fit points"))
                .body("valueGroups[0].group", equalTo("professional"));
        TestKeys.as(Roles.REVOPS).get("/api/models").then().statusCode(200).body("name", hasItem(name));

        JsonPath api = TestKeys.as(Roles.INTEGRATION).contentType(ContentType.JSON).body("""
                {"model": "%s", "lead": {"email": "sam@example.org", "attributes": {"occupation": "Businessman",
                 "lead_source": "Referral", "seconds_on_site": 900, "do_not_email": "No"}}, "events": []}
                """.formatted(name)).post("/api/score").then().statusCode(200).extract().jsonPath();
        // base 40 + long visit 20 + professional referral 15 (Businessman is in the group) - 5 (no last activity)
        assertThat(api.getInt("fit")).isEqualTo(70);
        assertThat(api.getList("adjustments.rule", String.class)).containsExactlyInAnyOrder("Base fit points",
                "Long visit", "Professional referral", "No activity recorded");

        Path dir = Files.createTempDirectory("openpyxl-backtest-");
        Files.writeString(dir.resolve("leads.csv"), """
                Lead Number,Converted,Occupation,Lead Source,Total Time Spent on Website,Do Not Email,Last Activity,As Of
                L1,1,Businessman,Referral,900,No,,2026-01-01T00:00:00Z
                L2,0,Student,Google,30,Yes,Email Opened,2026-01-01T00:00:00Z
                """);
        Files.writeString(dir.resolve("mapping.yaml"), """
                leads:
                  id: Lead Number
                  asOf: As Of
                  outcome: {column: Converted, converted: ["1"], notConverted: ["0"]}
                  fields:
                    attributes.occupation: Occupation
                    attributes.lead_source: Lead Source
                    attributes.seconds_on_site: Total Time Spent on Website
                    attributes.do_not_email: Do Not Email
                    attributes.last_activity: Last Activity
                """);
        int exit = BacktestCommand.run(new String[] {"--model", TestRules.FOLDER.resolve(name).toString(),
                "--leads", dir.resolve("leads.csv").toString(), "--mapping", dir.resolve("mapping.yaml").toString(),
                "--out", dir.resolve("report.html").toString()});
        assertThat(exit).isZero();
        List<String> lines = Files.readAllLines(dir.resolve("report.scores.csv"));
        List<String> header = List.of(lines.get(0).split(","));
        String l1 = lines.stream().filter(l -> l.contains(",L1,")).findFirst().orElseThrow();
        List<String> cells = List.of(l1.split(","));
        assertThat(cells.get(header.indexOf("fit"))).isEqualTo(api.getString("fit"));
        assertThat(cells.get(header.indexOf("total"))).isEqualTo(api.getString("total"));
        assertThat(cells.get(header.indexOf("band"))).isEqualTo(api.getString("band"));

        TestKeys.as(Roles.REVOPS).delete("/api/models/{m}", name).then().statusCode(403);
        TestKeys.as(Roles.MARKETING_OPS).delete("/api/models/{m}", SALES).then().statusCode(409);
        TestKeys.as(Roles.MARKETING_OPS).delete("/api/models/{m}", name).then().statusCode(204);
        TestKeys.as(Roles.REVOPS).get("/api/models/{m}", name).then().statusCode(404);
    }

    @Test
    void aModelThatDoesNotBuildIsNotCreatedAndAnUnknownTemplateIsNamed() {
        String name = "broken-" + UUID.randomUUID().toString().substring(0, 8);
        TestKeys.as(Roles.MARKETING_OPS).multiPart("name", name).multiPart("template", "empty")
                .multiPart("file", "fit.xlsx", "not a workbook".getBytes(), "application/octet-stream")
                .post("/api/models").then().statusCode(422).body("errors.field", hasItem("fit.xlsx"));
        TestKeys.as(Roles.REVOPS).get("/api/models").then().statusCode(200).body("name", not(hasItem(name)));
        TestKeys.as(Roles.MARKETING_OPS).multiPart("name", name).multiPart("template", "nope").post("/api/models")
                .then().statusCode(400).body("errors.field", hasItem("template"));
        TestKeys.as(Roles.MARKETING_OPS).multiPart("name", "Bad Name!").post("/api/models")
                .then().statusCode(400).body("errors.field", hasItem("name"));
    }

    @Test
    void anUploadIdenticalToTheActiveVersionSaysNoChange() throws Exception {
        byte[] same = Files.readAllBytes(TestRules.FOLDER.resolve(SALES).resolve("engagement.xlsx"));
        draft(Roles.MARKETING_OPS, "engagement.xlsx", same).then().statusCode(409)
                .body("type", containsString("no-change")).body("detail", containsString("no draft was created"));
    }

    @Test
    void hostileFilesRunNothingWhoeverSendsThem() throws Exception {
        Path proof = Path.of(System.getProperty("java.io.tmpdir"), "leadscore-proof-" + UUID.randomUUID());
        String p = proof.toString();
        Map<String, String> drl = Map.of(
                "kept-rows.drl", "package rules.salesled;\nimport dev.leadscore.scoring.*;\nrule \"V\" when $c : Scorecard() then\n"
                        + "  for (ActivityEvent e : $c.getEvents()) { e.keepRowsMatchedBy($c, new int[0]); }\nend\n",
                "same-line.drl", "package rules.salesled; import dev.leadscore.scoring.*; rule \"X\" when Lead() then "
                        + "new java.io.FileOutputStream(\"" + p + "\").close(); end\n",
                "declared.drl", "package rules.salesled;\nimport dev.leadscore.scoring.*;\ndeclare ProcessBuilder end\n"
                        + "rule \"Y\" when Lead() then new java.lang.ProcessBuilder(\"touch\", \"" + p + "\").start(); end\n",
                "chain.drl", "package rules.salesled;\nimport dev.leadscore.scoring.*;\nrule \"Z\" when Lead() then\n"
                        + "  java.io.InputStream in = Category.FIT.getDeclaringClass().getResource(\"/\").toURI()"
                        + ".resolve(\"file:///etc/hostname\").toURL().openStream();\nend\n",
                "escaped.drl", "package rules.salesled;\nimport dev.leadscore.scoring.*;\nrule \"W\" when Lead() then\n"
                        + "  String s = \"\\u0022); new java.io.FileOutputStream(\\u0022" + p + "\\u0022).close(); //\";\nend\n");
        for (Map.Entry<String, String> f : drl.entrySet()) {
            byte[] bytes = f.getValue().getBytes(StandardCharsets.UTF_8);
            draft(Roles.MARKETING_OPS, f.getKey(), bytes).then().statusCode(403)
                    .body("detail", containsString("rules-developer"));
            draft(Roles.REVOPS, f.getKey(), bytes).then().statusCode(403);
            assertThat(draft(Roles.RULES_DEVELOPER, f.getKey(), bytes).then().extract().statusCode())
                    .as(f.getKey() + " as a rules developer").isEqualTo(422);
            // a model created with it: code needs a rules developer, and then does not build
            TestKeys.as(Roles.MARKETING_OPS).multiPart("name", "hostile-" + UUID.randomUUID().toString().substring(0, 8))
                    .multiPart("file", f.getKey(), bytes, "application/octet-stream").post("/api/models")
                    .then().statusCode(403);
            TestKeys.as(Roles.RULES_DEVELOPER).multiPart("name", "hostile-" + UUID.randomUUID().toString().substring(0, 8))
                    .multiPart("file", f.getKey(), bytes, "application/octet-stream").post("/api/models")
                    .then().statusCode(422);
            backtestDraft(Roles.REVOPS, f.getKey(), bytes).then().statusCode(403);
            backtestDraft(Roles.MARKETING_OPS, f.getKey(), bytes).then().statusCode(403);
        }
        // the old decision-table layout, whatever its case, is refused before anything reads its code rows
        byte[] old = oldLayout("ruletable Engagement", "insert(new java.io.FileOutputStream(\"" + p + "\"));");
        draft(Roles.MARKETING_OPS, "engagement.xlsx", old).then().statusCode(422)
                .body("errors[0].message", containsString("old decision-table layout"));
        backtestDraft(Roles.REVOPS, "engagement.xlsx", old).then().statusCode(403);
        // the refused versions are stored: reading one shows its text and compiles nothing
        List<String> rejected = TestKeys.as(Roles.REVOPS).get("/api/rules/{m}/versions", SALES).then().statusCode(200)
                .extract().path("findAll { it.status == 'REJECTED' }.version");
        assertThat(rejected).isNotEmpty();
        for (String version : rejected) {
            TestKeys.as(Roles.REVOPS).get("/api/rules/{m}/versions/{v}/drl", SALES, version).then().statusCode(200);
        }
        // a zip whose fit.xlsx is a symbolic link to a file of the server
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (var out = new org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream(zip)) {
            var link = new org.apache.commons.compress.archivers.zip.ZipArchiveEntry("fit.xlsx");
            link.setUnixMode(0120777);
            out.putArchiveEntry(link);
            out.write("/etc/hostname".getBytes(StandardCharsets.UTF_8));
            out.closeArchiveEntry();
        }
        draft(Roles.MARKETING_OPS, "model.zip", zip.toByteArray()).then().statusCode(400)
                .body("errors.field", hasItem("model.zip!fit.xlsx"));
        assertThat(proof).doesNotExist();
    }

    @jakarta.inject.Inject
    RulesetRegistry registry;

    @Test
    void aVersionMadeLiveByAnotherInstanceIsServedHereWithinSeconds() throws Exception {
        Ruleset before = registry.require(SALES);
        Map<String, byte[]> files = new java.util.TreeMap<>(before.files().files());
        try (org.apache.poi.ss.usermodel.Workbook wb = org.apache.poi.ss.usermodel.WorkbookFactory.create(
                new java.io.ByteArrayInputStream(files.get("engagement.xlsx"))); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ModelEdits.set(wb.getSheet("Engagement"), "F5", 55);
            wb.write(out);
            files.put("engagement.xlsx", out.toByteArray());
        }
        RuleFiles changed = RuleFiles.of(files);
        try {
            // what another instance's publish leaves in the shared database: the version, its activation, a notice
            io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() -> {
                RulesetVersionRecord r = new RulesetVersionRecord();
                r.model = SALES;
                r.version = changed.version();
                r.status = RulesetVersionRecord.PUBLISHED;
                r.origin = "api";
                r.createdAt = java.time.Instant.now();
                r.createdBy = "instance-b";
                r.publishedAt = r.createdAt;
                r.publishedBy = "instance-b";
                r.validation = List.of();
                r.files = new java.util.TreeMap<>(files);
                r.persist();
                ActivationRecord a = new ActivationRecord();
                a.model = SALES;
                a.version = changed.version();
                a.activatedAt = r.createdAt;
                a.activatedBy = "instance-b";
                a.reason = "published on instance-b";
                a.persist();
                io.quarkus.hibernate.orm.panache.Panache.getEntityManager()
                        .createNativeQuery("select pg_notify('leadscore_rules', 'sales-led')").getSingleResult();
            });
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(5).toNanos();
            while (!registry.require(SALES).version().equals(changed.version()) && System.nanoTime() < deadline) {
                Thread.sleep(20); // polling for the condition, up to the deadline
            }
            assertThat(registry.require(SALES).version()).isEqualTo(changed.version());
            // this instance's folder follows, so a restart serves the same version
            assertThat(RuleFiles.read(TestRules.FOLDER.resolve(SALES)).version()).isEqualTo(changed.version());
        } finally {
            TestKeys.as(Roles.ADMIN).contentType(ContentType.JSON).body("{\"by\": \"test cleanup\"}")
                    .post("/api/rules/{m}/versions/{v}/activate", SALES, before.version()).then().statusCode(200);
        }
    }

    static io.restassured.response.Response draft(String role, String file, byte[] bytes) {
        return TestKeys.as(role).multiPart("file", file, bytes, "application/octet-stream")
                .post("/api/rules/{m}/drafts", SALES);
    }

    static io.restassured.response.Response backtestDraft(String role, String file, byte[] bytes) {
        return TestKeys.as(role).multiPart("model", SALES)
                .multiPart("leads", "leads.csv", "Email\na@b.io\n".getBytes(), "text/csv")
                .multiPart("mapping", "mapping.yaml", "leads:\n  fields:\n    email: Email\n".getBytes(), "text/yaml")
                .multiPart("draft", file, bytes, "application/octet-stream").post("/api/backtests");
    }

    static byte[] oldLayout(String tableCell, String code) throws Exception {
        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet s = wb.createSheet("Engagement");
            String[][] rows = {{"RuleSet", "rules.salesled"}, {"Import", "dev.leadscore.scoring.*"}, {tableCell},
                    {"NAME", "CONDITION", "ACTION"}, {"", "$e : ActivityEvent"}, {"", "type == \"$param\"", code},
                    {"Rule", "Event type", "Do"}, {"Hack", "page_view", "x"}};
            for (int r = 0; r < rows.length; r++) {
                Row row = s.createRow(r);
                for (int c = 0; c < rows[r].length; c++) {
                    row.createCell(c).setCellValue(rows[r][c]);
                }
            }
            wb.write(out);
            return out.toByteArray();
        }
    }
}
