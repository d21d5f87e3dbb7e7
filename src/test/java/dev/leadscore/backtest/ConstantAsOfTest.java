package dev.leadscore.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** An export without a date column is scored as of one date the mapping gives, or as of now. */
class ConstantAsOfTest {
    static final String CSV = "Id,Outcome,Industry\nL1,Won,Software\nL2,Lost,Retail\n";
    static final Instant RUN = Instant.parse("2026-03-01T10:15:00Z");

    static String mapping(String asOf) {
        return """
                leads:
                  id: Id
                  %s
                  outcome: {column: Outcome, converted: [Won]}
                  fields: {company.industry: Industry}
                """.formatted(asOf);
    }

    static Instant firstAsOf(String asOf) throws IOException {
        Mapping m = Mapping.parse(mapping(asOf).getBytes(StandardCharsets.UTF_8), "m.yaml");
        try (CsvTable table = new CsvTable("leads.csv", new ByteArrayInputStream(CSV.getBytes(StandardCharsets.UTF_8)), ',')) {
            LeadReader reader = new LeadReader(m, table, name -> {
                throw new IOException("no joins");
            }, RUN);
            LeadReader.Read read = (LeadReader.Read) reader.read(table.next());
            return read.lead().asOf();
        }
    }

    @Test
    void aDateMeansTheEndOfThatDayForEveryLead() throws IOException {
        assertThat(firstAsOf("asOfDate: 2025-06-30")).isEqualTo(Instant.parse("2025-06-30T23:59:59.999999999Z"));
    }

    @Test
    void nowMeansTheMomentTheRunStarted() throws IOException {
        assertThat(firstAsOf("asOfDate: now")).isEqualTo(RUN);
    }

    @Test
    void aColumnAndADateTogetherOrNeitherAreRefused() {
        assertThatThrownBy(() -> Mapping.parse(mapping("asOf: Created\n  asOfDate: now").getBytes(StandardCharsets.UTF_8), "m.yaml"))
                .isInstanceOf(ImportException.class).hasMessageContaining("'leads.asOfDate'").hasMessageContaining("not both");
        assertThatThrownBy(() -> Mapping.parse(mapping("").getBytes(StandardCharsets.UTF_8), "m.yaml"))
                .isInstanceOf(ImportException.class).hasMessageContaining("'leads.asOf'");
        assertThatThrownBy(() -> Mapping.parse(mapping("asOfDate: yesterday").getBytes(StandardCharsets.UTF_8), "m.yaml"))
                .isInstanceOf(ImportException.class).hasMessageContaining("'leads.asOfDate' is not a date");
    }
}
