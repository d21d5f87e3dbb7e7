package dev.leadscore.backtest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import dev.leadscore.api.CsvCells;
import dev.leadscore.scoring.Ruleset;
import dev.leadscore.scoring.ActivityEvent;
import dev.leadscore.scoring.ScoreResult;
import dev.leadscore.scoring.ScoringEngine;

/**
 * Scores a history of leads with a ruleset (and optionally a draft) as of each lead's own date,
 * with the same engine live scoring uses, writes one line per lead to a scores CSV and returns
 * the report. Streams: the leads CSV is read row by row; events are grouped by lead through
 * {@link EventBuckets}; leads are scored on a few threads with a bounded queue and taken back
 * in file order; the report is built from counts ({@link ModelStats}).
 */
public final class Backtest {
    static final int PROBLEMS_LISTED = 200;
    static final List<String> SCORE_COLUMNS = List.of("line", "lead_id", "as_of", "converted", "ruleset_version",
            "fit", "engagement", "total", "band", "stage", "rules");

    /** A file to read, possibly more than once. */
    public interface Source {
        String name();

        InputStream open() throws IOException;

        long size();

        static Source of(Path path) {
            return new Source() {
                @Override
                public String name() {
                    return path.getFileName().toString();
                }

                @Override
                public InputStream open() throws IOException {
                    return Files.newInputStream(path);
                }

                @Override
                public long size() {
                    try {
                        return Files.size(path);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            };
        }
    }

    /**
     * @param draft          null to backtest the active ruleset alone
     * @param events         null without an events file
     * @param joins          opens the files the mapping's joins name
     * @param bytesPerBucket events CSV bytes per in-memory bucket (see {@link EventBuckets})
     */
    public record Request(Ruleset active, Ruleset draft, Mapping mapping, String mappingName, Source leads,
            Source events, LeadReader.FileOpener joins, Path scoresFile, long bytesPerBucket) {
    }

    /** Leads queued per scoring thread: enough to keep threads busy, few enough to stay bounded. */
    static final int IN_FLIGHT_PER_THREAD = 64;

    private final ScoringEngine engine;
    private final Clock clock;
    private final int threads;

    /** Scores on as many threads as there are processors. */
    public Backtest(ScoringEngine engine, Clock clock) {
        this(engine, clock, Runtime.getRuntime().availableProcessors());
    }

    public Backtest(ScoringEngine engine, Clock clock, int threads) {
        this.engine = engine;
        this.clock = clock;
        this.threads = Math.max(1, threads);
    }

    /** Problems with rows: all counted, the first few kept with file, line and column. */
    private static final class Problems {
        final List<RowProblem> listed = new ArrayList<>();
        long leadRows;
        long eventRows;

        void lead(RowProblem p) {
            leadRows++;
            keep(p);
        }

        void event(RowProblem p) {
            eventRows++;
            keep(p);
        }

        private void keep(RowProblem p) {
            if (listed.size() < PROBLEMS_LISTED) {
                listed.add(p);
            }
        }
    }

    /** One lead scored by both versions (draft null without one), or why it could not be. */
    private record Scored(HistoricalLead lead, ScoreResult active, ScoreResult draft, String problem) {
    }

    /** What one run accumulates, in the order of the leads file: only ever touched by the reading thread. */
    private final class Tally {
        final Request request;
        final Problems problems = new Problems();
        final ModelStats active;
        final ModelStats draft;
        final Map<String, Long> transitions = new TreeMap<>();
        final Map<String, Long> skipped = new TreeMap<>();
        long bandChanged;
        long stageChanged;
        long rows;
        long scored;
        long eventsForUnknownLeads;

        Tally(Request request) {
            this.request = request;
            this.active = new ModelStats(request.active().model(), request.active().version());
            this.draft = request.draft() == null ? null
                    : new ModelStats(request.draft().model() + " (draft)", request.draft().version());
        }

        void add(Scored s, CSVPrinter printer) throws IOException {
            if (s.problem() != null) {
                problems.lead(new RowProblem(request.leads().name(), s.lead().line(), null, s.problem()));
                return;
            }
            HistoricalLead lead = s.lead();
            scored++;
            active.add(lead.id(), lead.line(), s.active(), lead.converted());
            List<Object> line = new ArrayList<>(row(lead, s.active()));
            if (s.draft() != null) {
                draft.add(lead.id(), lead.line(), s.draft(), lead.converted());
                line.addAll(row(lead, s.draft()).subList(4, SCORE_COLUMNS.size()));
                if (!s.active().band().equals(s.draft().band())) {
                    bandChanged++;
                }
                if (!s.active().stage().equals(s.draft().stage())) {
                    stageChanged++;
                    transitions.merge(s.active().stage() + " -> " + s.draft().stage(), 1L, Long::sum);
                }
            }
            printer.printRecord(CsvCells.safe(line));
        }
    }

    public BacktestReport run(Request request) {
        Tally tally = new Tally(request);
        Instant started = clock.instant();
        EventBuckets buckets = null;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            // check the leads file's header against the mapping before anything else is read
            try (InputStream in = request.leads().open();
                    CsvTable table = new CsvTable(request.leads().name(), in, request.mapping().delimiterChar())) {
                new LeadReader(request.mapping(), table, request.joins(), started);
            }
            if (request.events() != null) {
                try (InputStream in = request.events().open()) {
                    buckets = EventBuckets.spill(request.mapping(), request.events().name(), in,
                            request.events().size(), request.bytesPerBucket(), tally.problems::event);
                }
            }
            int bucketCount = buckets == null ? 1 : buckets.count();
            try (Writer out = Files.newBufferedWriter(request.scoresFile(), StandardCharsets.UTF_8);
                    CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180.builder()
                            .setHeader(header(request.draft() != null)).get())) {
                for (int bucket = 0; bucket < bucketCount; bucket++) {
                    Map<String, List<ActivityEvent>> events = buckets == null ? Map.of() : buckets.load(bucket);
                    scoreBucket(request, tally, bucket, bucketCount, events, pool, printer, started);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            pool.shutdownNow();
            if (buckets != null) {
                buckets.close();
            }
        }
        long skippedRows = tally.skipped.values().stream().mapToLong(Long::longValue).sum();
        Problems problems = tally.problems;
        BacktestReport.ImportSummary summary = new BacktestReport.ImportSummary(tally.rows, tally.scored, skippedRows,
                tally.skipped, problems.leadRows, buckets == null ? 0 : buckets.events(), problems.eventRows,
                buckets == null ? 0 : buckets.count(), tally.eventsForUnknownLeads, List.copyOf(problems.listed),
                problems.leadRows + problems.eventRows - problems.listed.size());
        BacktestReport.Inputs inputs = new BacktestReport.Inputs(request.active().model(), request.leads().name(),
                request.events() == null ? null : request.events().name(), request.mappingName(),
                request.draft() == null ? null : request.draft().model() + " " + request.draft().version(),
                request.scoresFile().getFileName().toString());
        return new BacktestReport(clock.instant(), inputs, summary, Analysis.analyse(tally.active),
                tally.draft == null ? null : Analysis.analyse(tally.draft),
                tally.draft == null ? null : new BacktestReport.Comparison(tally.scored, tally.bandChanged,
                        tally.stageChanged, tally.transitions));
    }

    /**
     * One pass over the leads file, scoring the leads of one event bucket. Rows are read here;
     * scoring runs on the pool with at most {@link #IN_FLIGHT_PER_THREAD} leads per thread in
     * flight, and results are taken back in file order, so memory stays bounded and the output
     * is the same whatever the number of threads.
     */
    private void scoreBucket(Request request, Tally tally, int bucket, int bucketCount,
            Map<String, List<ActivityEvent>> events, ExecutorService pool, CSVPrinter printer, Instant started)
            throws IOException {
        boolean firstPass = bucket == 0;
        Set<String> matched = new HashSet<>();
        Deque<Future<Scored>> inFlight = new ArrayDeque<>();
        try (InputStream in = request.leads().open();
                CsvTable table = new CsvTable(request.leads().name(), in, request.mapping().delimiterChar())) {
            LeadReader reader = new LeadReader(request.mapping(), table, request.joins(), started);
            while (table.hasNext()) {
                LeadReader.Result result = reader.read(table.next());
                if (firstPass) {
                    tally.rows++;
                    if (result instanceof LeadReader.Unreadable u) {
                        tally.problems.lead(u.problem());
                    } else if (result instanceof LeadReader.Skipped s) {
                        tally.skipped.merge(s.reason(), 1L, Long::sum);
                    }
                }
                if (!(result instanceof LeadReader.Read read)
                        || EventBuckets.bucketOf(read.lead().id(), bucketCount) != bucket) {
                    continue;
                }
                HistoricalLead lead = read.lead();
                List<ActivityEvent> own = events.getOrDefault(lead.id(), List.of());
                if (!own.isEmpty()) {
                    matched.add(lead.id());
                }
                inFlight.add(pool.submit(() -> score(request, lead, own)));
                if (inFlight.size() >= threads * IN_FLIGHT_PER_THREAD) {
                    tally.add(take(inFlight.poll()), printer);
                }
            }
            while (!inFlight.isEmpty()) {
                tally.add(take(inFlight.poll()), printer);
            }
        }
        for (Map.Entry<String, List<ActivityEvent>> e : events.entrySet()) {
            if (!matched.contains(e.getKey())) {
                tally.eventsForUnknownLeads += e.getValue().size();
            }
        }
    }

    private Scored score(Request request, HistoricalLead lead, List<ActivityEvent> events) {
        try {
            ScoreResult a = engine.score(request.active(), lead.lead(), events, lead.asOf());
            ScoreResult d = request.draft() == null ? null : engine.score(request.draft(), lead.lead(), events, lead.asOf());
            return new Scored(lead, a, d, null);
        } catch (RuntimeException e) {
            // one lead the rules cannot score is reported like an unreadable row; the run goes on
            return new Scored(lead, null, null, "could not be scored: " + e.getMessage());
        }
    }

    private static Scored take(Future<Scored> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("backtest interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private static String[] header(boolean withDraft) {
        List<String> h = new ArrayList<>(SCORE_COLUMNS);
        if (withDraft) {
            for (String c : SCORE_COLUMNS.subList(4, SCORE_COLUMNS.size())) {
                h.add("draft_" + c);
            }
        }
        return h.toArray(String[]::new);
    }

    private static List<Object> row(HistoricalLead lead, ScoreResult r) {
        return List.of(lead.line(), lead.id(), lead.asOf().toString(), lead.converted() ? 1 : 0, r.rulesetVersion(),
                r.fit(), r.engagement(), r.total(), r.band(), r.stage(),
                ModelStats.firedRules(r).stream().map(a -> a.rule()).collect(Collectors.joining(";")));
    }
}
