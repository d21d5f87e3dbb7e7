package dev.leadscore.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.leadscore.scoring.RuleFiles;
import dev.leadscore.rules.RulesetBuilder;

/**
 * With an events file, what leads did before their as-of date becomes candidate engagement
 * criteria: a demo request (which drives conversion in this history) is proposed with points in
 * the engagement table, events after the as-of date do not count, and the draft builds.
 */
class ProposalWithEventsTest {
    @TempDir
    Path dir;

    @Test
    void aDemoRequestBeforeTheHandOffIsProposedAsAnEngagementRow() throws Exception {
        new SyntheticHistory(dir, 21, 3000, true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = BacktestCommand.run(new String[] {"backtest", "--propose", dir.resolve("draft").toString(), "--model",
                "sales-led", "--leads", dir.resolve("leads.csv").toString(), "--events", dir.resolve("events.csv").toString(),
                "--mapping", dir.resolve("mapping.yaml").toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        Proposal p = BacktestCommand.JSON.readValue(dir.resolve("draft/proposal.json").toFile(), Proposal.class);
        assertThat(p.criteria()).as(out.toString(StandardCharsets.UTF_8)).anySatisfy(c -> {
            assertThat(c.table()).isEqualTo("Engagement");
            assertThat(c.field()).isIn("Form", "Event type");
            assertThat(c.values()).containsAnyOf("demo_request", "form_submit");
            assertThat(c.points()).isPositive();
        });
        // the webinar has no effect in this history
        assertThat(p.criteria()).noneSatisfy(c -> assertThat(c.values()).contains("webinar_attended"));
        assertThat(dir.resolve("draft/engagement.xlsx")).exists();
        new RulesetBuilder(Clock.systemUTC()).build("sales-led", RuleFiles.read(dir.resolve("draft")));
    }
}
