package dev.leadscore.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.leadscore.EmbeddedPostgresResource;
import dev.leadscore.TestKeys;
import dev.leadscore.security.Roles;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.restassured.path.json.JsonPath;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Backtests over HTTP: multipart upload, the result kept, listed and served as JSON, HTML and CSV. */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class BacktestResourceTest {
    /** Every request of these tests is sent with an admin key. */
    static RequestSpecification given() {
        return TestKeys.as(Roles.ADMIN);
    }

    static final int LEADS = 400;
    static Path dir;

    @BeforeAll
    static void history() throws IOException {
        dir = Files.createTempDirectory("backtest-http");
        new SyntheticHistory(dir, 11, LEADS, true);
    }

    @Test
    void aBacktestIsRunKeptListedAndServedAsJsonHtmlAndScores() throws IOException {
        JsonPath created = given().multiPart("model", "sales-led")
                .multiPart("leads", dir.resolve("leads.csv").toFile(), "text/csv")
                .multiPart("events", dir.resolve("events.csv").toFile(), "text/csv")
                .multiPart("mapping", dir.resolve("mapping.yaml").toFile(), "application/yaml")
                .post("/api/backtests")
                .then().statusCode(202)
                .header("Location", containsString("/api/backtests/"))
                .body("status", equalTo("running"))
                .body("leadsFile", equalTo("leads.csv"))
                .extract().jsonPath();
        long id = created.getLong("id");
        JsonPath done = awaitDone(id);
        assertThat(done.getString("status")).isEqualTo("done");
        assertThat(done.getDouble("progress")).isEqualTo(1.0);
        assertThat(done.getLong("leadsScored")).isEqualTo(LEADS);

        given().get("/api/backtests").then().statusCode(200).body("id", hasItem((int) id));
        String report = given().get("/api/backtests/{id}", id).then().statusCode(200)
                .body("imported.leadsScored", equalTo(LEADS))
                .body("active.model", equalTo("sales-led"))
                .extract().asString();
        // Jackson, not JsonPath: JsonPath reads decimals as floats
        double auc = new ObjectMapper().readTree(report).at("/active/auc/value").asDouble();
        assertThat(auc).isCloseTo(done.getDouble("auc"), within(1e-6));
        String html = given().get("/api/backtests/{id}/report", id).then().statusCode(200)
                .contentType(containsString("text/html")).body(containsString("<svg")).extract().asString();
        // the page links the scores by the service's own address, never a file on the server
        assertThat(html).contains("href=\"scores\"").doesNotContain("backtest-job", System.getProperty("java.io.tmpdir"));

        String csv = given().get("/api/backtests/{id}/scores", id).then().statusCode(200).extract().asString();
        List<CSVRecord> rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(csv)).getRecords();
        assertThat(rows).hasSize(LEADS);
        double wins = 0;
        long pairs = 0;
        for (CSVRecord p : rows) {
            for (CSVRecord q : rows) {
                if (p.get("converted").equals("1") && q.get("converted").equals("0")) {
                    int a = Integer.parseInt(p.get("total"));
                    int b = Integer.parseInt(q.get("total"));
                    wins += a > b ? 1 : a == b ? 0.5 : 0;
                    pairs++;
                }
            }
        }
        assertThat(auc).isCloseTo(wins / pairs, within(1e-12));
    }

    @Test
    void aDraftIsScoredSideBySideAndABrokenDraftIsRefusedNamingTheFile() throws IOException {
        var request = given().multiPart("model", "sales-led")
                .multiPart("leads", dir.resolve("leads.csv").toFile(), "text/csv")
                .multiPart("mapping", dir.resolve("mapping.yaml").toFile(), "application/yaml")
                .multiPart("events", dir.resolve("events.csv").toFile(), "text/csv");
        try (var files = Files.list(Path.of("rules", "sales-led"))) {
            for (Path f : files.toList()) {
                request = request.multiPart("draft", f.toFile());
            }
        }
        long id = request.post("/api/backtests").then().statusCode(202)
                .body("draftVersion", notNullValue()).extract().jsonPath().getLong("id");
        awaitDone(id);
        given().get("/api/backtests/{id}", id).then().statusCode(200)
                .body("draft.leads", equalTo(LEADS))
                .body("comparison.bandChanged", equalTo(0));

        Path broken = Files.writeString(dir.resolve("broken.drl"), "package x;\nrule \"Half\" when then insert(; end\n");
        given().multiPart("model", "sales-led")
                .multiPart("leads", dir.resolve("leads.csv").toFile(), "text/csv")
                .multiPart("mapping", dir.resolve("mapping.yaml").toFile(), "application/yaml")
                .multiPart("events", dir.resolve("events.csv").toFile(), "text/csv")
                .multiPart("draft", broken.toFile())
                .post("/api/backtests")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem(allOf(startsWith("draft: "), containsString("broken.drl"))));
    }

    /** Polls the job's status until it leaves "running" (a bounded wait on a condition, not a fixed sleep). */
    static JsonPath awaitDone(long id) {
        return await("/api/backtests/{id}/status", id);
    }

    /** Polls a job's status at {@code path} until it leaves "running". */
    static JsonPath await(String path, long id) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(3);
        while (true) {
            JsonPath status = given().get(path, id).then().statusCode(200).extract().jsonPath();
            if (!"running".equals(status.getString("status"))) {
                return status;
            }
            assertThat(status.getDouble("progress")).isBetween(0.0, 0.99);
            assertThat(System.nanoTime()).as(path.replace("{id}", Long.toString(id)) + " still running").isLessThan(deadline);
            java.util.concurrent.locks.LockSupport.parkNanos(50_000_000);
        }
    }

    @Test
    void aRunThatFailsInTheBackgroundSaysWhyAndItsReportIsAConflict() throws IOException {
        Path mapping = Files.writeString(dir.resolve("wrong-events.yaml"),
                SyntheticHistory.MAPPING.replace("occurredAt: When", "occurredAt: Timestamp"));
        long id = given().multiPart("model", "sales-led")
                .multiPart("leads", dir.resolve("leads.csv").toFile(), "text/csv")
                .multiPart("events", dir.resolve("events.csv").toFile(), "text/csv")
                .multiPart("mapping", mapping.toFile(), "application/yaml")
                .post("/api/backtests").then().statusCode(202).extract().jsonPath().getLong("id");
        JsonPath status = awaitDone(id);
        assertThat(status.getString("status")).isEqualTo("failed");
        assertThat(status.getString("error")).contains("events.csv", "Timestamp");
        given().get("/api/backtests/{id}", id).then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("failed"));
        given().get("/api/backtests/{id}/scores", id).then().statusCode(409);
    }

    /**
     * A proposal runs in the background like a backtest: the upload answers at once, the status
     * says how far it is, and when done the draft it was filed as is stored, can be downloaded and
     * backtested against the live model, ranking the export as the proposal's held-out figure said.
     */
    @Test
    void aProposalRunsAsAJobAndItsDraftCanBeFetchedAndBacktested() throws IOException {
        Path export = Files.createTempDirectory("proposal-http");
        new ProposalHistory(export, 3, 2000);
        JsonPath started = given().multiPart("model", "sales-led")
                .multiPart("leads", export.resolve("leads.csv").toFile(), "text/csv")
                .multiPart("mapping", export.resolve("mapping.yaml").toFile(), "application/yaml")
                .multiPart("rows", "8")
                .post("/api/backtests/proposals")
                .then().statusCode(202)
                .header("Location", containsString("/api/backtests/proposals/"))
                .body("status", equalTo("running"))
                .body("leadsFile", equalTo("leads.csv"))
                .extract().jsonPath();
        long id = started.getLong("id");
        JsonPath done = await("/api/backtests/proposals/{id}/status", id);
        assertThat(done.getString("status")).as(done.getString("error")).isEqualTo("done");
        assertThat(done.getDouble("progress")).isEqualTo(1.0);
        assertThat(done.getLong("leads")).isEqualTo(2000);
        long draftId = done.getLong("draftId");
        String draftVersion = done.getString("draftVersion");
        assertThat(done.getString("links.draftFiles")).isEqualTo("/api/rules/sales-led/versions/" + draftVersion + "/files");
        // a proposal is not a backtest: its id is not among the backtests' and the other way round
        given().get("/api/backtests/{id}/status", id).then().statusCode(404);
        given().get("/api/backtests/proposals").then().statusCode(200).body("id", hasItem((int) id));

        String json = given().get("/api/backtests/proposals/{id}", id).then().statusCode(200)
                .body("draft.draft.status", equalTo("DRAFT"))
                .body("draft.draft.id", equalTo((int) draftId))
                .body("draft.draft.files", hasItem("fit.xlsx"))
                .extract().asString();
        com.fasterxml.jackson.databind.JsonNode proposal = new ObjectMapper().readTree(json).get("proposal");
        assertThat(proposal.get("criteria").size()).isBetween(1, 8);
        double heldOut = proposal.at("/evaluation/proposal/auc").asDouble();
        assertThat(done.getDouble("auc")).isCloseTo(heldOut, within(1e-6));
        assertThat(proposal.at("/evaluation/baseline/auc").asDouble()).isCloseTo(heldOut, within(0.02));
        given().get("/api/backtests/proposals/{id}/report", id).then().statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("logistic regression on all"), containsString(draftVersion));
        given().get("/api/rules/sales-led/versions").then().statusCode(200).body("id", hasItem((int) draftId));

        // the draft's files, fetched as a user would, backtested against the live model
        byte[] zip = given().get(done.getString("links.draftFiles")).then().statusCode(200).extract().asByteArray();
        var backtest = given().multiPart("model", "sales-led")
                .multiPart("leads", export.resolve("leads.csv").toFile(), "text/csv")
                .multiPart("mapping", export.resolve("mapping.yaml").toFile(), "application/yaml");
        try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                backtest = backtest.multiPart("draft", e.getName(), in.readAllBytes(), "application/octet-stream");
            }
        }
        long run = backtest.post("/api/backtests").then().statusCode(202)
                .body("draftVersion", equalTo(draftVersion)).extract().jsonPath().getLong("id");
        assertThat(awaitDone(run).getString("status")).isEqualTo("done");
        com.fasterxml.jackson.databind.JsonNode report = new ObjectMapper().readTree(
                given().get("/api/backtests/{id}", run).then().statusCode(200).extract().asString());
        // scored by the engine from the filed tables, in-sample: the held-out figure, give or take
        assertThat(report.at("/draft/auc/value").asDouble()).isCloseTo(heldOut, within(0.03));
        assertThat(report.at("/draft/auc/value").asDouble()).isGreaterThan(report.at("/active/auc/value").asDouble());
        // or by its stored version, without handling its files (a revops key may: nothing is uploaded as a draft)
        long byVersion = TestKeys.as(Roles.REVOPS).multiPart("model", "sales-led")
                .multiPart("leads", export.resolve("leads.csv").toFile(), "text/csv")
                .multiPart("mapping", export.resolve("mapping.yaml").toFile(), "application/yaml")
                .multiPart("draftVersion", draftVersion)
                .post("/api/backtests").then().statusCode(202).body("draftVersion", equalTo(draftVersion))
                .extract().jsonPath().getLong("id");
        assertThat(awaitDone(byVersion).getString("status")).isEqualTo("done");
        given().get("/api/backtests/{id}", byVersion).then().statusCode(200)
                .body("draft.auc.value", equalTo((float) report.at("/draft/auc/value").asDouble()));
        TestKeys.as(Roles.REVOPS).multiPart("model", "sales-led")
                .multiPart("leads", export.resolve("leads.csv").toFile(), "text/csv")
                .multiPart("mapping", export.resolve("mapping.yaml").toFile(), "application/yaml")
                .multiPart("draftVersion", "0123456789abcdef")
                .post("/api/backtests").then().statusCode(400).body("errors[0].field", equalTo("draftVersion"));

        given().multiPart("model", "sales-led")
                .multiPart("leads", export.resolve("leads.csv").toFile(), "text/csv")
                .multiPart("mapping", export.resolve("mapping.yaml").toFile(), "application/yaml")
                .multiPart("rows", "0")
                .post("/api/backtests/proposals")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("rows"));
    }

    /** A proposal that fails in the background (no lead has an outcome) says why; its result is a conflict. */
    @Test
    void aProposalThatFailsSaysWhy() throws IOException {
        Path export = Files.createTempDirectory("proposal-http-empty");
        new ProposalHistory(export, 5, 50);
        // every outcome in the file is neither converted nor lost: all open, nothing to fit
        Path mapping = Files.writeString(export.resolve("never.yaml"), ProposalHistory.MAPPING
                .replace("converted: [Won]", "converted: [Never]").replace("notConverted: [Lost]", "notConverted: [Nor]"));
        long id = given().multiPart("model", "sales-led")
                .multiPart("leads", export.resolve("leads.csv").toFile(), "text/csv")
                .multiPart("mapping", mapping.toFile(), "application/yaml")
                .post("/api/backtests/proposals").then().statusCode(202).extract().jsonPath().getLong("id");
        JsonPath status = await("/api/backtests/proposals/{id}/status", id);
        assertThat(status.getString("status")).isEqualTo("failed");
        assertThat(status.getString("error")).contains("leads.csv", "no lead with an outcome");
        given().get("/api/backtests/proposals/{id}", id).then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("failed"));
    }

    @Test
    void badInputIsAProblemNamingTheFileAndColumn() throws IOException {
        Path mapping = Files.writeString(dir.resolve("wrong.yaml"),
                SyntheticHistory.MAPPING.replace("title: Job Title", "title: Job Role"));
        given().multiPart("model", "sales-led")
                .multiPart("leads", dir.resolve("leads.csv").toFile(), "text/csv")
                .multiPart("events", dir.resolve("events.csv").toFile(), "text/csv")
                .multiPart("mapping", mapping.toFile(), "application/yaml")
                .post("/api/backtests")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("leads: leads.csv column 'Job Role'"))
                .body("detail", containsString("leads.fields.title"));
        given().multiPart("model", "no-such-model")
                .multiPart("leads", dir.resolve("leads.csv").toFile(), "text/csv")
                .multiPart("mapping", dir.resolve("mapping.yaml").toFile(), "application/yaml")
                .post("/api/backtests")
                .then().statusCode(404).contentType("application/problem+json");
        given().get("/api/backtests/{id}", 987654321).then().statusCode(404);
    }
}
