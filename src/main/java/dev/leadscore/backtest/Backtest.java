package dev.leadscore.backtest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import dev.leadscore.rules.Ruleset;
import dev.leadscore.scoring.ActivityEvent;
import dev.leadscore.scoring.ScoreResult;
import dev.leadscore.scoring.ScoringEngine;
import dev.leadscore.scoring.ScoringException;

/**
 * Scores a history of leads with a ruleset (and optionally a draft) as of each lead's own date,
 * with the same engine live scoring uses, writes one line per lead to a scores CSV and returns
 * the report. Streams: the leads CSV is read row by row; events are grouped by lead through
 * {@link EventBuckets}; the report is built from counts ({@link ModelStats}).
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

    private final ScoringEngine engine;
    private final Clock clock;

    public Backtest(ScoringEngine engine, Clock clock) {
        this.engine = engine;
        this.clock = clock;
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

    public BacktestReport run(Request request) {
        Problems problems = new Problems();
        ModelStats active = new ModelStats(request.active().model(), request.active().version());
        ModelStats draft = request.draft() == null ? null
                : new ModelStats(request.draft().model() + " (draft)", request.draft().version());
        Map<String, Long> transitions = new TreeMap<>();
        long[] changed = new long[2];
        Map<String, Long> skipped = new TreeMap<>();
        long rows = 0;
        long scored = 0;
        long eventsForUnknownLeads = 0;
        EventBuckets buckets = null;
        try {
            // check the leads file's header against the mapping before anything else is read
            try (InputStream in = request.leads().open();
                    CsvTable table = new CsvTable(request.leads().name(), in, request.mapping().delimiterChar())) {
                new LeadReader(request.mapping(), table, request.joins());
            }
            if (request.events() != null) {
                try (InputStream in = request.events().open()) {
                    buckets = EventBuckets.spill(request.mapping(), request.events().name(), in,
                            request.events().size(), request.bytesPerBucket(), problems::event);
                }
            }
            int bucketCount = buckets == null ? 1 : buckets.count();
            try (Writer out = Files.newBufferedWriter(request.scoresFile(), StandardCharsets.UTF_8);
                    CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180.builder()
                            .setHeader(header(request.draft() != null)).get())) {
                for (int bucket = 0; bucket < bucketCount; bucket++) {
                    boolean firstPass = bucket == 0;
                    Map<String, List<ActivityEvent>> events = buckets == null ? Map.of() : buckets.load(bucket);
                    Set<String> matched = new HashSet<>();
                    try (InputStream in = request.leads().open();
                            CsvTable table = new CsvTable(request.leads().name(), in, request.mapping().delimiterChar())) {
                        LeadReader reader = new LeadReader(request.mapping(), table, request.joins());
                        while (table.hasNext()) {
                            LeadReader.Result result = reader.read(table.next());
                            if (firstPass) {
                                rows++;
                                if (result instanceof LeadReader.Unreadable u) {
                                    problems.lead(u.problem());
                                } else if (result instanceof LeadReader.Skipped s) {
                                    skipped.merge(s.reason(), 1L, Long::sum);
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
                            ScoreResult a;
                            ScoreResult d = null;
                            try {
                                a = engine.score(request.active(), lead.lead(), own, lead.asOf());
                                if (draft != null) {
                                    d = engine.score(request.draft(), lead.lead(), own, lead.asOf());
                                }
                            } catch (ScoringException e) {
                                problems.lead(new RowProblem(request.leads().name(), lead.line(), null,
                                        "could not be scored: " + e.getMessage()));
                                continue;
                            }
                            scored++;
                            active.add(lead.id(), lead.line(), a, lead.converted());
                            List<Object> line = new ArrayList<>(row(lead, a));
                            if (d != null) {
                                draft.add(lead.id(), lead.line(), d, lead.converted());
                                line.addAll(row(lead, d).subList(4, SCORE_COLUMNS.size()));
                                if (!a.band().equals(d.band())) {
                                    changed[0]++;
                                }
                                if (!a.stage().equals(d.stage())) {
                                    changed[1]++;
                                    transitions.merge(a.stage() + " -> " + d.stage(), 1L, Long::sum);
                                }
                            }
                            printer.printRecord(line);
                        }
                    }
                    for (Map.Entry<String, List<ActivityEvent>> e : events.entrySet()) {
                        if (!matched.contains(e.getKey())) {
                            eventsForUnknownLeads += e.getValue().size();
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (buckets != null) {
                buckets.close();
            }
        }
        long skippedRows = skipped.values().stream().mapToLong(Long::longValue).sum();
        BacktestReport.ImportSummary summary = new BacktestReport.ImportSummary(rows, scored, skippedRows, skipped,
                problems.leadRows, buckets == null ? 0 : buckets.events(), problems.eventRows,
                buckets == null ? 0 : buckets.count(), eventsForUnknownLeads, List.copyOf(problems.listed),
                problems.leadRows + problems.eventRows - problems.listed.size());
        BacktestReport.Inputs inputs = new BacktestReport.Inputs(request.active().model(), request.leads().name(),
                request.events() == null ? null : request.events().name(), request.mappingName(),
                request.draft() == null ? null : request.draft().model() + " " + request.draft().version(),
                request.scoresFile().getFileName().toString());
        return new BacktestReport(clock.instant(), inputs, summary, Analysis.analyse(active),
                draft == null ? null : Analysis.analyse(draft),
                draft == null ? null : new BacktestReport.Comparison(scored, changed[0], changed[1], transitions));
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
