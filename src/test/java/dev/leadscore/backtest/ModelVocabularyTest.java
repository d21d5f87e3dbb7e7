package dev.leadscore.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import dev.leadscore.EmbeddedPostgresResource;
import dev.leadscore.TestKeys;
import dev.leadscore.rules.tables.TableWriter;
import dev.leadscore.security.Roles;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Value groups and number ranges are the model's own: a lead scored live and the same lead in a
 * backtest export get the same points, including a value matched only through the model's value
 * group and numbers on the edges of the model's ranges; a mapping that would decide what the
 * model decides is refused, naming its key.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class ModelVocabularyTest {
    static String model;
    static String version;
    static Path dir;

    /** A model with a value group, employee ranges and an industry row, created over the API once (the service is up by then). */
    static synchronized void model() throws IOException {
        if (model != null) {
            return;
        }
        model = "vocab-" + UUID.randomUUID().toString().substring(0, 8);
        dir = Files.createTempDirectory("model-vocabulary");
        Files.write(dir.resolve("fit.xlsx"), TableWriter.write(List.of(new TableWriter.Table("Fit", "Fit", null,
                List.of("Rule", "CRM field occupation is any of", "CRM field lead_source is any of", "Employees from",
                        "Employees below", "Industry is any of", "Points", "Reason shown to sales"),
                List.of(row("Professional referral", "professional", "Referral", null, null, null, 25, "A professional by referral"),
                        row("Mid-market", null, null, 50, 500, null, 10, "50-499 employees"),
                        row("Enterprise", null, null, 500, null, null, 20, "500+ employees"),
                        row("Software", null, null, null, null, "Software", 15, "Builds software"))))));
        Files.write(dir.resolve("groups.xlsx"), TableWriter.write(List.of(new TableWriter.Table("Groups", "Value groups",
                null, List.of("Field", "Group", "Values"),
                List.of(row("CRM field occupation", "professional", "Working Professional, Businessman"))))));
        version = TestKeys.as(Roles.MARKETING_OPS).multiPart("name", model).multiPart("template", "empty")
                .multiPart("file", dir.resolve("fit.xlsx").toFile()).multiPart("file", dir.resolve("groups.xlsx").toFile())
                .post("/api/models").then().log().ifValidationFails().statusCode(201)
                .extract().path("version.version");
    }

    private static List<Object> row(Object... cells) {
        return new ArrayList<>(Arrays.asList(cells));
    }

    /** Lead id -> the export's cells: occupation, lead source, employees, industry (as the CRM exports it). */
    static final String[][] LEADS = {
            {"G1", "Businessman", "Referral", "120", "Computer Software"}, // professional only through the group
            {"G2", "Working Professional", "Google", "499", "Retail"},     // group member, but not by referral
            {"G3", "professional", "Referral", "500", "Software"},       // the group's own name
            {"G4", "Student", "Referral", "49", ""},
            {"G5", "", "", "50", "computer software"}};

    /** What the live CRM sends for the same lead: the model's words (the export's "Computer Software" is "Software"). */
    static String live(String[] l) {
        String industry = l[4].isEmpty() ? "null" : "\"" + (l[4].equalsIgnoreCase("computer software") ? "Software" : l[4]) + "\"";
        return """
                {"model": "%s", "company": {"employees": %s, "industry": %s},
                 "attributes": {%s}}
                """.formatted(model, l[3], industry, String.join(", ", attributes(l)));
    }

    private static List<String> attributes(String[] l) {
        List<String> a = new ArrayList<>();
        if (!l[1].isEmpty()) {
            a.add("\"occupation\": \"" + l[1] + "\"");
        }
        if (!l[2].isEmpty()) {
            a.add("\"lead_source\": \"" + l[2] + "\"");
        }
        return a;
    }

    static final String MAPPING = """
            leads:
              id: Lead Id
              asOfDate: now
              outcome: {column: Converted, converted: ["yes"]}
              fields:
                attributes.occupation: Occupation
                attributes.lead_source: Lead Source
                company.employees: Employees
                company.industry: Industry
              values:
                company.industry: {Computer Software: Software}
            %s""";

    static Path export(String extraValues) throws IOException {
        StringBuilder csv = new StringBuilder("Lead Id,Converted,Occupation,Lead Source,Employees,Industry\n");
        for (String[] l : LEADS) {
            csv.append(l[0]).append(',').append(l[0].equals("G1") ? "yes" : "no").append(',').append(l[1]).append(',')
                    .append(l[2]).append(',').append(l[3]).append(',').append(l[4]).append('\n');
        }
        Files.writeString(dir.resolve("leads.csv"), csv);
        return Files.writeString(dir.resolve("mapping-" + UUID.randomUUID() + ".yaml"), MAPPING.formatted(extraValues));
    }

    @Test
    void aLeadScoredLiveAndTheSameRowInABacktestGetTheSamePoints() throws IOException {
        model();
        Map<String, JsonPath> live = new HashMap<>();
        for (String[] l : LEADS) {
            String id = model + "-" + l[0];
            live.put(l[0], TestKeys.as(Roles.INTEGRATION).contentType(ContentType.JSON).body(live(l))
                    .put("/api/leads/{id}", id).then().log().ifValidationFails().statusCode(200).extract().jsonPath());
        }
        // the group is what matched G1 live: the row names "professional", the lead says "Businessman"
        assertThat(live.get("G1").getList("adjustments.rule", String.class)).contains("Professional referral", "Mid-market",
                "Software");
        assertThat(live.get("G2").getList("adjustments.rule", String.class)).doesNotContain("Professional referral");

        Path mapping = export("");
        long id = TestKeys.as(Roles.REVOPS).multiPart("model", model)
                .multiPart("leads", dir.resolve("leads.csv").toFile(), "text/csv")
                .multiPart("mapping", mapping.toFile(), "application/yaml")
                .post("/api/backtests").then().log().ifValidationFails().statusCode(202).extract().jsonPath().getLong("id");
        assertThat(BacktestResourceTest.awaitDone(id).getString("status")).isEqualTo("done");
        String csv = TestKeys.as(Roles.REVOPS).get("/api/backtests/{id}/scores", id).then().statusCode(200).extract().asString();
        List<CSVRecord> rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(csv)).getRecords();
        assertThat(rows).hasSize(LEADS.length);
        for (CSVRecord r : rows) {
            JsonPath l = live.get(r.get("lead_id"));
            assertThat(r.get("fit")).as(r.get("lead_id") + " fit").isEqualTo(l.getString("fit"));
            assertThat(r.get("total")).as(r.get("lead_id") + " total").isEqualTo(l.getString("total"));
            assertThat(r.get("band")).as(r.get("lead_id") + " band").isEqualTo(l.getString("band"));
            List<String> fired = new ArrayList<>();
            for (Map<String, Object> a : l.<Map<String, Object>>getList("adjustments")) {
                if (((Number) a.get("points")).intValue() != 0 && !"DECAY".equals(a.get("category"))
                        && !fired.contains((String) a.get("rule"))) {
                    fired.add((String) a.get("rule"));
                }
            }
            assertThat(r.get("rules").isEmpty() ? List.<String>of() : List.of(r.get("rules").split(";")))
                    .as(r.get("lead_id") + " rules").containsExactlyInAnyOrderElementsOf(fired);
        }
    }

    @Test
    void aMappingThatRegroupsValuesOrMovesNumbersIsRefusedNamingItsKey() throws IOException {
        model();
        Path mapping = export("""
                    attributes.occupation: {Entrepreneur: professional, Businessman: Student}
                    company.employees: {"120": "600", "11-50": "30"}
                """);
        TestKeys.as(Roles.REVOPS).multiPart("model", model)
                .multiPart("leads", dir.resolve("leads.csv").toFile(), "text/csv")
                .multiPart("mapping", mapping.toFile(), "application/yaml")
                .post("/api/backtests").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItems("mapping: leads.values.attributes.occupation",
                        "mapping: leads.values.company.employees"))
                .body("errors.message", hasItem(containsString("'Entrepreneur' is mapped to 'professional', a value group")))
                .body("errors.message", hasItem(containsString("'Businessman' is in the model's value group 'professional'")))
                .body("errors.message", hasItem(containsString("'120' is already a number")))
                .body("errors.size()", equalTo(3)); // "11-50" -> 30 translates a range label into a number: allowed
        // the same refusal for a proposal, before anything is read
        TestKeys.as(Roles.MARKETING_OPS).multiPart("model", model)
                .multiPart("leads", dir.resolve("leads.csv").toFile(), "text/csv")
                .multiPart("mapping", mapping.toFile(), "application/yaml")
                .post("/api/backtests/proposals").then().statusCode(400)
                .body("errors.field", hasItem("mapping: leads.values.attributes.occupation"));
        // and from the command line, against the model's folder
        Path folder = Files.createDirectories(dir.resolve(model));
        byte[] zip = TestKeys.as(Roles.REVOPS).get("/api/rules/{m}/versions/{v}/files", model, version).then()
                .statusCode(200).extract().asByteArray();
        try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                Files.write(folder.resolve(e.getName()), in.readAllBytes());
            }
        }
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int code = BacktestCommand.run(new String[] {"--model", folder.toString(), "--leads",
                dir.resolve("leads.csv").toString(), "--mapping", mapping.toString(), "--out",
                dir.resolve("out/report.html").toString()}, new java.io.PrintStream(new java.io.ByteArrayOutputStream()),
                new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8)).contains(
                "leads.values.attributes.occupation: 'Entrepreneur' is mapped to 'professional'",
                "leads.values.company.employees: '120' is already a number");
    }
}
