package dev.leadscore.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.leadscore.PackagedApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The packaged application runs the backtest command in one process, without a database. */
class BacktestCommandIT {
    @TempDir
    Path dir;

    @Test
    void thePackagedJarWritesTheReportInOneCommand() throws IOException, InterruptedException {
        new SyntheticHistory(dir, 3, 300, true);
        List<String> command = PackagedApp.command();
        command.addAll(List.of("backtest",
                "--model", "sales-led", "--leads", dir.resolve("leads.csv").toString(), "--events",
                dir.resolve("events.csv").toString(), "--mapping", dir.resolve("mapping.yaml").toString(), "--out",
                dir.resolve("report.html").toString()));
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        String out = Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("scored 300", "AUC").doesNotContain(" DEBUG ", " TRACE ");
        assertThat(Files.readString(dir.resolve("report.html"))).contains("<svg");
        JsonNode report = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
        assertThat(report.at("/imported/leadsScored").asLong()).isEqualTo(300);
        assertThat(Files.readAllLines(dir.resolve("report.scores.csv"))).hasSize(301);
    }
}
