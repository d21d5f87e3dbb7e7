package dev.leadscore.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.leadscore.scoring.DefaultModels;
import dev.leadscore.scoring.ScoringEngine;

/** Messy exports: every unreadable row is reported with its line and counted; the rest is scored. */
class CsvImportTest {
    static final String MAPPING = """
            {"leads": {"id": "id", "asOf": "handoff",
                       "outcome": {"column": "outcome", "converted": ["Won"], "notConverted": ["Lost"]},
                       "fields": {"company.name": "company", "company.industry": "industry",
                                  "company.employees": "employees", "title": "title"}},
             "events": {"leadId": "lead", "id": "event", "type": "type", "occurredAt": "at",
                        "properties": {"form": "form"}}}
            """;

    static final String LEADS = "\uFEFFid,company,industry,employees,title,handoff,outcome,\r\n" // 1
            + "L1,\"Acme, Inc.\",SaaS,200,VP Sales,2025-03-01,Won,\r\n" // 2
            + "\r\n" // 3 blank
            + "L2,\"Multi\r\nline name\",Retail,50,Select,2025-03-02,Lost,\r\n" // 4-5 quoted line break
            + "L3,Beta,SaaS,abc,Manager,2025-03-03,Won,\r\n" // 6 employees not a number
            + "L4,Gamma,SaaS,10,Manager,03/04/2025,Won,\r\n" // 7 date not ISO
            + "L5,\"Delta,SaaS,10,Manager,2025-03-05,Won,\r\n" // 8 quote never closed
            + "L6,Eps,SaaS,10,Manager,2025-03-06\r\n" // 9 too few values
            + "L7,Zeta,SaaS,10,Manager,2025-03-07,Open,\r\n" // 10 open deal: left out
            + "L8,\"Eta\" Corp,SaaS,10,Manager,2025-03-08,Won,\r\n" // 11 text after a closing quote
            + ",,,,,,,\r\n" // 12 empty row: left out
            + "L9,Theta,SaaS,5,Manager,2025-03-09,Lost,x\r\n" // 13 one value too many
            + "L10,Iota,Select,N/A,Manager,2025-03-10,won,\r\n"; // 14 placeholders, outcome in other case

    static final String EVENTS = "lead,event,type,at,form\n"
            + "L1,e1,form_submit,2025-02-27T10:00:00Z,demo_request\n" // before the hand-off: counts
            + "L2,e2,form_submit,2025-03-09T10:00:00Z,demo_request\n" // after L2's hand-off: must not count
            + "L1,e3,form_submit,yesterday,demo_request\n" // 4 unreadable time
            + "L1,e1,form_submit,2025-02-27T10:00:00Z,demo_request\n" // the same event id again: counts once
            + "L99,e4,webinar_attended,2025-01-01T00:00:00Z,\n"; // a lead not in the leads file

    @TempDir
    Path dir;

    BacktestReport run(String leads, String events, String mapping) throws IOException {
        Files.writeString(dir.resolve("leads.csv"), leads);
        Files.writeString(dir.resolve("events.csv"), events);
        Mapping m = Mapping.parse(mapping.getBytes(StandardCharsets.UTF_8), "mapping.json");
        return new Backtest(new ScoringEngine(), Clock.systemUTC()).run(new Backtest.Request(
                DefaultModels.ruleset(DefaultModels.SALES_LED), null, m, "mapping.json",
                Backtest.Source.of(dir.resolve("leads.csv")), Backtest.Source.of(dir.resolve("events.csv")),
                name -> Files.newInputStream(dir.resolve(name)), dir.resolve("scores.csv"),
                EventBuckets.DEFAULT_BYTES_PER_BUCKET));
    }

    @Test
    void unreadableRowsAreReportedByLineCountedAndDoNotStopTheRun() throws IOException {
        BacktestReport r = run(LEADS, EVENTS, MAPPING);
        var imported = r.imported();
        assertThat(imported.problems()).extracting(RowProblem::file, RowProblem::line, RowProblem::column).containsExactly(
                tuple("events.csv", 4L, "at"),
                tuple("leads.csv", 6L, "employees"),
                tuple("leads.csv", 7L, "handoff"),
                tuple("leads.csv", 8L, null),
                tuple("leads.csv", 9L, null),
                tuple("leads.csv", 11L, null),
                tuple("leads.csv", 13L, null));
        assertThat(imported.problems().get(3).message()).contains("never closed");
        assertThat(imported.problems().get(4).message()).contains("has 6 values, the header has 7");
        assertThat(imported.problems().get(5).message()).contains("Invalid character between encapsulated token and delimiter")
                .doesNotContain("position");
        assertThat(imported.leadRowsUnreadable()).isEqualTo(6);
        assertThat(imported.eventRowsUnreadable()).isEqualTo(1);
        assertThat(imported.skippedByReason()).containsEntry("empty row", 1L)
                .containsEntry("outcome 'Open' is neither converted nor not converted", 1L);
        assertThat(imported.leadsScored()).isEqualTo(3);
        assertThat(imported.leadRows()).isEqualTo(imported.leadsScored() + imported.leadRowsSkipped()
                + imported.leadRowsUnreadable());
        assertThat(imported.eventsForUnknownLeads()).isEqualTo(1);
        assertThat(r.active().converted()).isEqualTo(2);
    }

    @Test
    void rowsAreScoredAsOfTheirOwnDateWithTheirMappedValues() throws IOException {
        run(LEADS, EVENTS, MAPPING);
        List<CSVRecord> rows;
        try (var reader = Files.newBufferedReader(dir.resolve("scores.csv"))) {
            rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader).getRecords();
        }
        assertThat(rows).extracting(x -> x.get("lead_id")).containsExactly("L1", "L2", "L10");
        CSVRecord l1 = rows.get(0);
        assertThat(l1.get("line")).isEqualTo("2");
        assertThat(l1.get("rules")).contains("SaaS industry", "Mid-market (50-999 employees)", "VP title", "Demo request");
        assertThat(Instant.parse(l1.get("as_of"))).isEqualTo(Instant.parse("2025-03-01T23:59:59.999999999Z"));
        assertThat(rows.get(1).get("rules")).as("a demo request after the hand-off date").doesNotContain("Demo request");
        assertThat(rows.get(1).get("engagement")).isEqualTo("0");
        assertThat(rows.get(2).get("rules")).as("'Select' and 'N/A' are empty").isEqualTo("Manager title");
        assertThat(rows.get(2).get("converted")).isEqualTo("1");
    }

    @Test
    void aColumnTheMappingNamesButTheFileLacksStopsBeforeAnythingIsScored() {
        String mapping = MAPPING.replace("\"title\": \"title\"", "\"title\": \"Job Title\"");
        assertThatThrownBy(() -> run(LEADS, EVENTS, mapping)).isInstanceOf(ImportException.class)
                .hasMessageContaining("leads.csv").hasMessageContaining("'Job Title'")
                .hasMessageContaining("leads.fields.title");
    }

    @Test
    void mappingMistakesNameTheKey() {
        assertThatThrownBy(() -> Mapping.parse("leads: {asOf: d, outcome: {column: o, converted: [Won]}, fields: {company.size: x}}"
                .getBytes(StandardCharsets.UTF_8), "m.yaml")).hasMessageContaining("leads.fields.company.size");
        assertThatThrownBy(() -> Mapping.parse("leads: {asOf: d, outcome: {column: o}}".getBytes(StandardCharsets.UTF_8), "m.yaml"))
                .hasMessageContaining("leads.outcome.converted");
        assertThatThrownBy(() -> Mapping.parse("leads: {asOf: d, outcom: {}}".getBytes(StandardCharsets.UTF_8), "m.yaml"))
                .hasMessageContaining("m.yaml").hasMessageContaining("outcom");
    }

    @Test
    void theCommandExplainsBadInputAndExitsWith2() throws IOException {
        Files.writeString(dir.resolve("leads.csv"), LEADS);
        Files.writeString(dir.resolve("mapping.json"), MAPPING.replace("\"handoff\"", "\"Handoff Date\""));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = BacktestCommand.run(new String[] {"backtest", "--model", "sales-led", "--leads",
                dir.resolve("leads.csv").toString(), "--mapping", dir.resolve("mapping.json").toString(), "--out",
                dir.resolve("r.html").toString()}, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("'Handoff Date'", "leads.asOf");
        assertThat(dir.resolve("r.html")).doesNotExist();
    }

    @Test
    void aJoinedAccountsFileFillsTheCompanyFieldsOfEachRow() throws IOException {
        Files.writeString(dir.resolve("accounts.csv"), "account,sector,staff\nAcme,SaaS,200\nBeta,Retail,5\n");
        String leads = "id,account,handoff,outcome\nL1,acme,2025-01-01,Won\nL2,Beta,2025-01-01,Lost\nL3,Nobody,2025-01-01,Lost\n";
        String mapping = """
                {"leads": {"id": "id", "asOf": "handoff", "outcome": {"column": "outcome", "converted": ["Won"]},
                           "fields": {"company.name": "account", "company.industry": "sector", "company.employees": "staff"}},
                 "joins": [{"file": "accounts.csv", "on": "account", "column": "account"}]}
                """;
        Files.writeString(dir.resolve("leads.csv"), leads);
        Mapping m = Mapping.parse(mapping.getBytes(StandardCharsets.UTF_8), "mapping.json");
        BacktestReport r = new Backtest(new ScoringEngine(), Clock.systemUTC()).run(new Backtest.Request(
                DefaultModels.ruleset(DefaultModels.SALES_LED), null, m, "mapping.json",
                Backtest.Source.of(dir.resolve("leads.csv")), null, name -> Files.newInputStream(dir.resolve(name)),
                dir.resolve("scores.csv"), EventBuckets.DEFAULT_BYTES_PER_BUCKET));
        assertThat(r.imported().leadsScored()).isEqualTo(3);
        List<String> lines = Files.readAllLines(dir.resolve("scores.csv"));
        assertThat(lines.get(1)).contains("L1", "SaaS industry", "Mid-market (50-999 employees)");
        assertThat(lines.get(2)).contains("L2", "Very small company").doesNotContain("SaaS");
        assertThat(lines.get(3)).as("no account row: company fields stay unknown").endsWith(",");
    }

    @Test
    void rowsComeOneAtATimeWithTheirFirstLine() throws IOException {
        String csv = "a,b\r\n1,\"x\r\ny\"\r\n\r\n2,\"z\"\"q\"\r3,w";
        List<CsvRows.Row> rows = new ArrayList<>();
        try (CsvRows r = new CsvRows(new java.io.BufferedReader(new java.io.InputStreamReader(
                new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8)), ',')) {
            r.forEachRemaining(rows::add);
        }
        assertThat(rows).extracting(CsvRows.Row::line, CsvRows.Row::values).containsExactly(
                tuple(1L, List.of("a", "b")), tuple(2L, List.of("1", "x\ny")), tuple(5L, List.of("2", "z\"q")),
                tuple(6L, List.of("3", "w")));
    }
}
