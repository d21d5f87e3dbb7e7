package dev.leadscore.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.leadscore.scoring.DefaultModels;
import dev.leadscore.scoring.ScoringEngine;

/**
 * Bounded memory by design, checked without timing: the CSV files are generated on the fly by
 * counting input streams, so the tests can see how far reading runs ahead of the rows handed
 * out, how big each in-memory event bucket is, and that leads are scored while the file is read.
 */
class StreamingImportTest {
    static final int ROWS = 100_000;

    @TempDir
    Path dir;

    /** A CSV produced line by line as it is read; {@link #produced} counts the lines handed to the reader. */
    static final class GeneratedCsv extends InputStream {
        final AtomicLong produced = new AtomicLong();
        private final String header;
        private final long rows;
        private final LongFunction<String> row;
        private byte[] current;
        private int pos;
        private long next = -1;

        GeneratedCsv(String header, long rows, LongFunction<String> row) {
            this.header = header;
            this.rows = rows;
            this.row = row;
        }

        @Override
        public int read() {
            if (current == null || pos >= current.length) {
                if (next >= rows) {
                    return -1;
                }
                current = ((next < 0 ? header : row.apply(next)) + "\r\n").getBytes(StandardCharsets.UTF_8);
                next++;
                pos = 0;
                produced.incrementAndGet();
            }
            return current[pos++] & 0xff;
        }
    }

    static final String MAPPING = """
            leads:
              id: id
              asOf: date
              outcome: {column: outcome, converted: [won]}
              fields: {company.industry: industry, company.employees: employees, title: title}
            events:
              leadId: lead
              id: id
              type: type
              occurredAt: at
              properties: {path: path}
            """;

    static String leadRow(long i) {
        if (i % 1000 == 999) {
            return "L" + i + ",SaaS,\"unclosed,VP,2025-01-01,won";
        }
        return "L" + i + "," + (i % 3 == 0 ? "SaaS" : "Retail") + "," + (i % 500) + ",\"VP, Sales\",2025-01-0"
                + (1 + i % 9) + "," + (i % 5 == 0 ? "won" : "lost");
    }

    static String eventRow(long i) {
        return "L" + (i % 20_000) + ",E" + i + ",page_view,2024-12-" + (10 + i % 20) + "T10:00:00Z,/pricing";
    }

    @Test
    void aHundredThousandLeadRowsAreReadWithAFixedLookAhead() throws IOException {
        GeneratedCsv csv = new GeneratedCsv("id,industry,employees,title,date,outcome", ROWS, StreamingImportTest::leadRow);
        Mapping mapping = Mapping.parse(MAPPING.getBytes(StandardCharsets.UTF_8), "m.yaml");
        long read = 0;
        long unreadable = 0;
        long maxAhead = 0;
        try (CsvTable table = new CsvTable("leads.csv", csv, ',')) {
            LeadReader reader = new LeadReader(mapping, table, name -> {
                throw new IOException("no joins");
            }, java.time.Instant.EPOCH);
            long consumed = 1;
            while (table.hasNext()) {
                LeadReader.Result r = reader.read(table.next());
                consumed++;
                maxAhead = Math.max(maxAhead, csv.produced.get() - consumed);
                if (r instanceof LeadReader.Read) {
                    read++;
                } else if (r instanceof LeadReader.Unreadable) {
                    unreadable++;
                }
            }
        }
        assertThat(read + unreadable).isEqualTo(ROWS);
        // each broken row is reported on its own line and the reader resumes right after it
        assertThat(unreadable).isEqualTo(ROWS / 1000);
        // the reader never runs further ahead than its buffers (64K chars + an unclosed quote's 100 lines)
        assertThat(maxAhead).isLessThan(2_000);
    }

    @Test
    void aHundredThousandEventsAreGroupedByLeadInBucketsOfBoundedSize() {
        GeneratedCsv csv = new GeneratedCsv("lead,id,type,at,path", ROWS, StreamingImportTest::eventRow);
        Mapping mapping = Mapping.parse(MAPPING.getBytes(StandardCharsets.UTF_8), "m.yaml");
        long approximateBytes = 60L * ROWS;
        List<RowProblem> problems = new java.util.ArrayList<>();
        try (EventBuckets buckets = EventBuckets.spill(mapping, "events.csv", csv, approximateBytes, approximateBytes / 8,
                problems::add)) {
            assertThat(buckets.count()).isEqualTo(8);
            assertThat(buckets.events()).isEqualTo(ROWS);
            Set<String> seen = new HashSet<>();
            long total = 0;
            for (int b = 0; b < buckets.count(); b++) {
                Map<String, List<dev.leadscore.scoring.ActivityEvent>> bucket = buckets.load(b);
                long size = bucket.values().stream().mapToLong(List::size).sum();
                // only this bucket's events are in memory: about an eighth of the file
                assertThat(size).isLessThan(ROWS / 8 * 3 / 2);
                for (String lead : bucket.keySet()) {
                    assertThat(seen.add(lead)).as("lead %s in one bucket only", lead).isTrue();
                    assertThat(EventBuckets.bucketOf(lead, 8)).isEqualTo(b);
                }
                total += size;
            }
            assertThat(total).isEqualTo(ROWS);
            assertThat(seen).hasSize(20_000);
        }
        assertThat(problems).isEmpty();
    }

    /** Leads are scored and written while the file is still being read, and buckets change nothing. */
    @Test
    void leadsAreScoredWhileReadingAndBucketsGiveTheSameReport() throws IOException {
        int leads = 1500;
        Mapping mapping = Mapping.parse(MAPPING.getBytes(StandardCharsets.UTF_8), "m.yaml");
        Path scores = dir.resolve("scores.csv");
        long[] scoredLinesAtEndOfLeads = {-1};
        Backtest.Source leadSource = new Backtest.Source() {
            @Override
            public String name() {
                return "leads.csv";
            }

            @Override
            public InputStream open() {
                GeneratedCsv csv = new GeneratedCsv("id,industry,employees,title,date,outcome", leads, StreamingImportTest::leadRow);
                return new java.io.FilterInputStream(csv) {
                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        int n = super.read(b, off, len);
                        if (n < 0 && scoredLinesAtEndOfLeads[0] < 0) {
                            try (var lines = Files.lines(scores)) {
                                scoredLinesAtEndOfLeads[0] = lines.count();
                            }
                        }
                        return n;
                    }
                };
            }

            @Override
            public long size() {
                return 60L * leads;
            }
        };
        Backtest backtest = new Backtest(new ScoringEngine(), Clock.systemUTC(), 2);
        BacktestReport plain = backtest.run(new Backtest.Request(DefaultModels.ruleset(DefaultModels.SALES_LED), null,
                mapping, "m.yaml", leadSource, null, null, scores, EventBuckets.DEFAULT_BYTES_PER_BUCKET));
        long scored = plain.imported().leadsScored();
        assertThat(scored).isEqualTo(leads - leads / 1000);
        // all but the leads still being scored and what sits in the output buffer was already
        // written when the last row was read
        assertThat(scoredLinesAtEndOfLeads[0]).isGreaterThan(scored - 200 - 2 * Backtest.IN_FLIGHT_PER_THREAD);

        Path eventsFile = dir.resolve("events.csv");
        try (InputStream in = new GeneratedCsv("lead,id,type,at,path", 2L * leads, StreamingImportTest::eventRow)) {
            Files.copy(in, eventsFile);
        }
        BacktestReport one = backtest.run(new Backtest.Request(DefaultModels.ruleset(DefaultModels.SALES_LED), null,
                mapping, "m.yaml", leadSource, Backtest.Source.of(eventsFile), null, dir.resolve("one.csv"),
                EventBuckets.DEFAULT_BYTES_PER_BUCKET));
        BacktestReport four = backtest.run(new Backtest.Request(DefaultModels.ruleset(DefaultModels.SALES_LED), null,
                mapping, "m.yaml", leadSource, Backtest.Source.of(eventsFile), null, dir.resolve("four.csv"),
                Files.size(eventsFile) / 4 + 1));
        BacktestReport oneThread = new Backtest(new ScoringEngine(), Clock.systemUTC(), 1).run(new Backtest.Request(
                DefaultModels.ruleset(DefaultModels.SALES_LED), null, mapping, "m.yaml", leadSource,
                Backtest.Source.of(eventsFile), null, dir.resolve("one-thread.csv"), EventBuckets.DEFAULT_BYTES_PER_BUCKET));
        // scoring on several threads writes the same file as one thread
        assertThat(Files.readString(dir.resolve("one.csv"))).isEqualTo(Files.readString(dir.resolve("one-thread.csv")));
        assertThat(oneThread.active().rules()).isEqualTo(one.active().rules());
        assertThat(one.imported().eventBuckets()).isEqualTo(1);
        assertThat(four.imported().eventBuckets()).isEqualTo(4);
        assertThat(four.active().leadsByTotal()).containsExactly(one.active().leadsByTotal());
        assertThat(four.active().auc()).isEqualTo(one.active().auc());
        assertThat(four.active().rules()).isEqualTo(one.active().rules());
        assertThat(one.active().rules()).anyMatch(r -> r.rule().equals("Pricing page view") && r.fired() == scored);
        // events of leads beyond the leads file and of the unreadable rows have no lead to go to
        assertThat(four.imported().eventsForUnknownLeads()).isEqualTo(one.imported().eventsForUnknownLeads())
                .isEqualTo(leads + leads / 1000);
    }
}
