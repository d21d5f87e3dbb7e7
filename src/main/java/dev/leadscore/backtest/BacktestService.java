package dev.leadscore.backtest;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.InputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.leadscore.api.Problem;
import dev.leadscore.api.ProblemException;
import dev.leadscore.scoring.RuleFiles;
import dev.leadscore.scoring.Ruleset;
import dev.leadscore.rules.RulesetBuildException;
import dev.leadscore.rules.RulesetBuilder;
import dev.leadscore.rules.RulesetRegistry;
import dev.leadscore.scoring.ScoringEngine;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import org.jboss.logging.Logger;

/**
 * Runs backtests sent over HTTP with the model's active ruleset (the one live scoring uses) as
 * background jobs and keeps the result. The upload is checked and answered at once; scoring runs
 * on a job thread outside any transaction; storing the status and the result are short ones.
 */
@ApplicationScoped
public class BacktestService {
    private static final Logger LOG = Logger.getLogger(BacktestService.class);

    @Inject
    RulesetRegistry rulesets;
    @Inject
    RulesetBuilder builder;
    @Inject
    ScoringEngine engine;
    @Inject
    Clock clock;

    /** An uploaded file: the name the client gave it and where it was saved. */
    public record Upload(String fileName, Path path) {
        Backtest.Source source() {
            Backtest.Source file = Backtest.Source.of(path);
            return new Backtest.Source() {
                @Override
                public String name() {
                    return fileName;
                }

                @Override
                public java.io.InputStream open() throws IOException {
                    return file.open();
                }

                @Override
                public long size() {
                    return file.size();
                }
            };
        }
    }

    /**
     * One backtest as listed: {@code status} running, done or failed; {@code progress} 0 to 1 by
     * the share of the uploaded bytes read so far (1 when done); {@code error} why a run failed.
     */
    public record Summary(long id, String status, double progress, String error, String model, String rulesetVersion,
            String draftVersion, java.time.Instant createdAt, String leadsFile, String eventsFile, String mappingFile,
            long leadsScored, long rowsUnreadable, Double auc, Map<String, String> links) {

        static Summary of(BacktestRecord r, double progress) {
            String self = "/api/backtests/" + r.id;
            return new Summary(r.id, r.status, BacktestRecord.DONE.equals(r.status) ? 1 : progress, r.error, r.model,
                    r.rulesetVersion, r.draftVersion, r.createdAt, r.leadsFile, r.eventsFile, r.mappingFile,
                    r.leadsScored, r.rowsUnreadable, r.auc, Map.of("self", self, "status", self + "/status", "report",
                            self + "/report", "scores", self + "/scores"));
        }
    }

    /** Bytes read of a running job's files, against the bytes a whole run reads. */
    private static final class Progress {
        final AtomicLong read = new AtomicLong();
        final double expected;

        Progress(double expected) {
            this.expected = Math.max(1, expected);
        }

        double fraction() {
            return Math.min(0.99, read.get() / expected);
        }
    }

    /** Runs one backtest at a time: a run already uses every core, a second would only slow both. */
    private final ExecutorService jobs = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "backtest-job");
        t.setDaemon(true);
        return t;
    });
    private final Map<Long, Progress> progress = new ConcurrentHashMap<>();

    @PreDestroy
    void stop() {
        jobs.shutdownNow();
    }

    /** Runs cut short by a stop of the service are marked failed, not left running forever. */
    void interruptedRuns(@Observes StartupEvent start) {
        QuarkusTransaction.requiringNew().run(() -> BacktestRecord.update(
                "status = ?1, error = ?2 where status = ?3", BacktestRecord.FAILED,
                "the service stopped during the run; upload the files again", BacktestRecord.RUNNING));
    }

    /**
     * Checks the request (model, mapping, the leads file's header, the draft builds), keeps the
     * files in a work folder of the job and starts the run in the background: answers at once.
     */
    public Summary start(String model, Upload leads, Upload mapping, Upload events, List<Upload> draft, List<Upload> joins) {
        requireParts(model, leads, mapping);
        Ruleset active = rulesets.require(model);
        Ruleset draftRuleset = draft.isEmpty() ? null : buildDraft(model, draft);
        Mapping m = mapping(mapping, events);
        Map<String, Upload> joined = new TreeMap<>();
        joins.forEach(j -> joined.put(j.fileName(), j));
        for (Mapping.Join j : m.joinList()) {
            if (!joined.containsKey(Path.of(j.file()).getFileName().toString())) {
                throw ProblemException.invalidField("join", "the mapping joins '" + j.file()
                        + "': send it as a 'join' part with that file name");
            }
        }
        Path work;
        try {
            work = Files.createTempDirectory("backtest-job");
            Upload keptLeads = keep(leads, work, "leads.csv");
            Upload keptEvents = events == null ? null : keep(events, work, "events.csv");
            Map<String, Upload> keptJoins = new TreeMap<>();
            int n = 0;
            for (Map.Entry<String, Upload> j : joined.entrySet()) {
                keptJoins.put(j.getKey(), keep(j.getValue(), work, "join-" + (n++) + ".csv"));
            }
            LeadReader.FileOpener opener = name -> Files.newInputStream(keptJoins.get(Path.of(name).getFileName().toString()).path());
            checkHeader(m, keptLeads, keptEvents, keptJoins, opener);
            BacktestRecord r = new BacktestRecord();
            r.status = BacktestRecord.RUNNING;
            r.model = model;
            r.rulesetVersion = active.version();
            r.draftVersion = draftRuleset == null ? null : draftRuleset.version();
            r.createdAt = clock.instant();
            r.leadsFile = leads.fileName();
            r.eventsFile = events == null ? null : events.fileName();
            r.mappingFile = mapping.fileName();
            QuarkusTransaction.requiringNew().run(r::persist);
            long eventBytes = keptEvents == null ? 0 : Files.size(keptEvents.path());
            long buckets = Math.max(1, Math.min(4096, (eventBytes + EventBuckets.DEFAULT_BYTES_PER_BUCKET - 1)
                    / EventBuckets.DEFAULT_BYTES_PER_BUCKET));
            Progress p = new Progress(eventBytes + (double) Files.size(keptLeads.path()) * buckets);
            progress.put(r.id, p);
            long id = r.id;
            jobs.submit(() -> run(id, active, draftRuleset, m, mapping.fileName(), keptLeads, keptEvents, opener, p, work));
            return Summary.of(r, 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The parts every run from an export needs, each refused by name when missing. */
    static void requireParts(String model, Upload leads, Upload mapping) {
        if (model == null || model.isBlank()) {
            throw ProblemException.invalidField("model", "is required");
        }
        if (leads == null) {
            throw ProblemException.invalidField("leads", "a leads CSV file is required");
        }
        if (mapping == null) {
            throw ProblemException.invalidField("mapping", "a mapping file (YAML or JSON) is required");
        }
    }

    /** The mapping read, and the events file it asks for present. */
    static Mapping mapping(Upload mapping, Upload events) {
        Mapping m;
        try {
            m = Mapping.parse(Files.readAllBytes(mapping.path()), mapping.fileName());
        } catch (ImportException e) {
            throw problem("mapping", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (m.events() != null && events == null) {
            throw ProblemException.invalidField("events", "the mapping has an events section: send the events CSV too");
        }
        return m;
    }

    /** The leads file's header against the mapping, before the upload is answered. */
    private void checkHeader(Mapping m, Upload leads, Upload events, Map<String, Upload> joins, LeadReader.FileOpener opener)
            throws IOException {
        try (InputStream in = Files.newInputStream(leads.path());
                CsvTable table = new CsvTable(leads.fileName(), in, m.delimiterChar())) {
            new LeadReader(m, table, opener, clock.instant());
        } catch (ImportException e) {
            String field = events != null && events.fileName().equals(e.file()) ? "events"
                    : leads.fileName().equals(e.file()) ? "leads" : joins.containsKey(e.file()) ? "join" : "mapping";
            throw problem(field, e);
        }
    }

    /** Moves an upload into the job's folder (the request's own copy goes when the request ends). */
    private static Upload keep(Upload u, Path work, String name) throws IOException {
        Path to = work.resolve(name);
        try {
            Files.move(u.path(), to);
        } catch (IOException e) {
            Files.copy(u.path(), to);
        }
        return new Upload(u.fileName(), to);
    }

    private void run(long id, Ruleset active, Ruleset draft, Mapping m, String mappingName, Upload leads, Upload events,
            LeadReader.FileOpener opener, Progress p, Path work) {
        Path scores = work.resolve("scores.csv");
        try {
            BacktestReport report = new Backtest(engine, clock).run(new Backtest.Request(active, draft, m, mappingName,
                    counted(leads.source(), p), events == null ? null : counted(events.source(), p), opener, scores,
                    EventBuckets.DEFAULT_BYTES_PER_BUCKET)).withScoresLink("scores");
            String json = BacktestCommand.JSON.writeValueAsString(report);
            String html = HtmlReport.render(report);
            byte[] gz = gzip(scores);
            QuarkusTransaction.requiringNew().run(() -> {
                BacktestRecord r = BacktestRecord.findById(id);
                r.status = BacktestRecord.DONE;
                r.leadsScored = report.imported().leadsScored();
                r.rowsUnreadable = report.imported().leadRowsUnreadable() + report.imported().eventRowsUnreadable();
                double auc = report.active().auc().value();
                r.auc = Double.isNaN(auc) ? null : auc;
                r.report = json;
                r.html = html;
                r.scoresCsvGz = gz;
            });
        } catch (ImportException e) {
            fail(id, where(e) + ": " + e.getMessage());
        } catch (RuntimeException | IOException e) {
            LOG.error("backtest " + id + " failed", e);
            fail(id, "the run failed: " + e);
        } finally {
            progress.remove(id);
            deleteTree(work);
        }
    }

    private static void fail(long id, String error) {
        QuarkusTransaction.requiringNew().run(() -> {
            BacktestRecord r = BacktestRecord.findById(id);
            r.status = BacktestRecord.FAILED;
            r.error = error;
        });
    }

    private static Backtest.Source counted(Backtest.Source source, Progress p) {
        return new Backtest.Source() {
            @Override
            public String name() {
                return source.name();
            }

            @Override
            public InputStream open() throws IOException {
                return new FilterInputStream(source.open()) {
                    @Override
                    public int read() throws IOException {
                        int b = super.read();
                        if (b >= 0) {
                            p.read.incrementAndGet();
                        }
                        return b;
                    }

                    @Override
                    public int read(byte[] buf, int off, int len) throws IOException {
                        int n = super.read(buf, off, len);
                        if (n > 0) {
                            p.read.addAndGet(n);
                        }
                        return n;
                    }
                };
            }

            @Override
            public long size() {
                return source.size();
            }
        };
    }

    private static void deleteTree(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a work folder left behind in the temp directory is harmless
        }
    }

    private Ruleset buildDraft(String model, List<Upload> draft) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (Upload u : draft) {
            if (!RuleFiles.isRuleFile(u.fileName())) {
                throw ProblemException.invalidField("draft", "'" + u.fileName() + "' is not a table (*.xlsx) or *.drl file");
            }
            try {
                files.put(u.fileName(), Files.readAllBytes(u.path()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        try {
            return builder.build(model, RuleFiles.of(files));
        } catch (RulesetBuildException e) {
            List<Problem.FieldError> errors = new ArrayList<>();
            e.problems().forEach(p -> errors.add(new Problem.FieldError("draft: " + p.location(), p.message())));
            throw ProblemException.badRequest("The draft of model '" + model + "' does not build", errors);
        }
    }

    private static String where(ImportException e) {
        return e.file() + (e.line() == null ? "" : " line " + e.line())
                + (e.column() == null ? "" : " column '" + e.column() + "'");
    }

    static ProblemException problem(String field, ImportException e) {
        return ProblemException.badRequest(e.getMessage(), List.of(new Problem.FieldError(field + ": " + where(e), e.getMessage())));
    }

    private static byte[] gzip(Path file) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            Files.copy(file, gz);
        }
        return bytes.toByteArray();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Summary> list() {
        return BacktestRecord.<BacktestRecord>find("order by createdAt desc, id desc").page(0, 200).list().stream()
                .map(this::summary).toList();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Summary> status(long id) {
        return BacktestRecord.<BacktestRecord>findByIdOptional(id).map(this::summary);
    }

    private Summary summary(BacktestRecord r) {
        Progress p = progress.get(r.id);
        return Summary.of(r, p == null ? 0 : p.fraction());
    }

    /** A finished run; a run still going or failed is a conflict that says which and how far. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<BacktestRecord> find(long id) {
        Optional<BacktestRecord> r = BacktestRecord.findByIdOptional(id);
        r.filter(x -> !BacktestRecord.DONE.equals(x.status)).ifPresent(x -> {
            String detail = BacktestRecord.RUNNING.equals(x.status)
                    ? "Backtest " + id + " is still running (" + Math.round(summary(x).progress() * 100)
                            + "% read); GET /api/backtests/" + id + "/status until it is done"
                    : "Backtest " + id + " failed: " + x.error;
            throw new ProblemException(new Problem("/problems/backtest-not-ready", "Backtest not ready", 409, detail, null));
        });
        return r;
    }
}
