package dev.leadscore.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.leadscore.api.CsvCells;

/** What a user of the backtest command meets: output folders, model errors, logging, files it writes. */
class BacktestCliTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    /** The command's clock in these runs: the report says when it was made by this clock, not the wall's. */
    static final Instant NOW = Instant.parse("2031-05-06T07:08:09Z");

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = BacktestCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Clock.fixed(NOW, ZoneOffset.UTC));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void outIntoAMissingFolderCreatesItAndTheReportLinksFilesThatExist() throws IOException {
        new SyntheticHistory(dir, 5, 200, true);
        Path report = dir.resolve("not/yet/there/report.html");
        Run r = run("backtest", "--model", "sales-led", "--leads", dir.resolve("leads.csv").toString(), "--events",
                dir.resolve("events.csv").toString(), "--mapping", dir.resolve("mapping.yaml").toString(), "--out",
                report.toString());
        assertThat(r.code()).as(r.err()).isZero();
        String html = Files.readString(report);
        assertThat(html).contains("href=\"report.scores.csv\"").doesNotContain(System.getProperty("java.io.tmpdir") + "/backtest");
        assertThat(report.resolveSibling("report.scores.csv")).exists();
        assertThat(BacktestCommand.JSON.readTree(report.resolveSibling("report.json").toFile()).get("generatedAt").asText())
                .as("the report is dated by the command's clock").isEqualTo(NOW.toString());
        assertThat(java.util.logging.Logger.getLogger("org.drools.compiler").isLoggable(java.util.logging.Level.FINE)).isFalse();
        assertThat(java.util.logging.Logger.getLogger("dev.leadscore").isLoggable(java.util.logging.Level.FINE)).isFalse();
    }

    @Test
    void aMissingModelSaysWhereItLooked() {
        Run r = run("backtest", "--model", "no-such-model", "--leads", "x.csv", "--mapping", "y.yaml", "--out", "r.html");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("x.csv: no such file");
        new SyntheticHistory(dir, 5, 10, true);
        r = run("backtest", "--model", "no-such-model", "--rules-dir", dir.resolve("rules").toString(), "--leads",
                dir.resolve("leads.csv").toString(), "--mapping", dir.resolve("mapping.yaml").toString(), "--out", "r.html");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("no such model", dir.resolve("rules").resolve("no-such-model").toString(),
                Path.of("no-such-model").toAbsolutePath().toString());
    }

    @Test
    void cellsThatWouldBeFormulasAreWrittenAsTextAndNumbersStayNumbers() throws IOException {
        Files.writeString(dir.resolve("leads.csv"), """
                Id,Created,Stage,Industry
                =HYPERLINK("http://x"),2025-01-01,Won,SaaS
                @SUM(A1),2025-01-01,Lost,Retail
                +1,2025-01-01,Lost,Retail
                -2,2025-01-01,Won,SaaS
                plain,2025-01-01,Lost,Retail
                """);
        Files.writeString(dir.resolve("mapping.yaml"), """
                leads:
                  id: Id
                  asOf: Created
                  outcome: {column: Stage, converted: [Won]}
                  fields: {company.industry: Industry}
                """);
        Run r = run("backtest", "--model", "sales-led", "--leads", dir.resolve("leads.csv").toString(), "--mapping",
                dir.resolve("mapping.yaml").toString(), "--out", dir.resolve("report.html").toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<CSVRecord> rows;
        try (Reader in = Files.newBufferedReader(dir.resolve("report.scores.csv"))) {
            rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(in).getRecords();
        }
        assertThat(rows).extracting(x -> x.get("lead_id"))
                .containsExactly("'=HYPERLINK(\"http://x\")", "'@SUM(A1)", "'+1", "'-2", "plain");
        assertThat(rows).allSatisfy(x -> Integer.parseInt(x.get("total")));
        assertThat(CsvCells.safe(-5)).isEqualTo(-5);
        assertThat(CsvCells.safe("\tx")).isEqualTo("'\tx");
        assertThat(CsvCells.safe("\rx")).isEqualTo("'\rx");
        assertThat(CsvCells.safe("Acme")).isEqualTo("Acme");
    }
}
