package dev.leadscore.backtest;

import java.io.ByteArrayOutputStream;
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
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.leadscore.api.Problem;
import dev.leadscore.api.ProblemException;
import dev.leadscore.scoring.RuleFiles;
import dev.leadscore.scoring.Ruleset;
import dev.leadscore.rules.RulesetBuildException;
import dev.leadscore.rules.RulesetBuilder;
import dev.leadscore.rules.RulesetRegistry;
import dev.leadscore.rules.RulesetVersions;
import dev.leadscore.scoring.ScoringEngine;

/**
 * Runs backtests sent over HTTP with the model's active ruleset (the one live scoring uses) as
 * background jobs ({@link BacktestJobs}) and keeps the result. The upload is checked and answered
 * at once; scoring runs on the job thread outside any transaction.
 */
@ApplicationScoped
public class BacktestService {
    @Inject
    RulesetRegistry rulesets;
    @Inject
    RulesetBuilder builder;
    @Inject
    ScoringEngine engine;
    @Inject
    Clock clock;
    @Inject
    BacktestJobs jobs;
    @Inject
    RulesetVersions versions;

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
            return new Summary(r.id, r.status, progress, r.error, r.model, r.rulesetVersion, r.draftVersion, r.createdAt,
                    r.leadsFile, r.eventsFile, r.mappingFile, r.leadsScored, r.rowsUnreadable, r.auc, Map.of("self", self,
                            "status", self + "/status", "report", self + "/report", "scores", self + "/scores"));
        }
    }

    /** The files of a job, kept in its work folder, and how to open the files the mapping joins. */
    record Kept(Path work, Upload leads, Upload events, LeadReader.FileOpener joins) {
    }

    /**
     * Checks the request (model, mapping, the leads file's header, the draft builds), keeps the
     * files in a work folder of the job and starts the run in the background: answers at once.
     */
    public Summary start(String model, Upload leads, Upload mapping, Upload events, List<Upload> draft, List<Upload> joins) {
        requireParts(model, leads, mapping);
        Ruleset active = rulesets.require(model);
        return start(model, active, draft.isEmpty() ? null : buildDraft(model, draft), leads, mapping, events, joins);
    }

    /**
     * The same with a stored version of the model as the draft (a draft saved or proposed, or an
     * earlier version), read from the store: what it holds was checked when it was stored.
     */
    public Summary start(String model, Upload leads, Upload mapping, Upload events, String storedVersion,
            List<Upload> joins) {
        requireParts(model, leads, mapping);
        Ruleset active = rulesets.require(model);
        RuleFiles files;
        try {
            files = versions.storedFiles(model, storedVersion.strip());
        } catch (ProblemException e) {
            throw ProblemException.invalidField("draftVersion", "'" + storedVersion + "' is not a stored version of model '"
                    + model + "' (GET /api/rules/" + model + "/versions lists them)");
        }
        Ruleset draft;
        try {
            draft = builder.build(model, files);
        } catch (RulesetBuildException e) {
            throw ProblemException.invalidField("draftVersion", "version " + storedVersion + " no longer builds: "
                    + e.getMessage());
        }
        return start(model, active, draft, leads, mapping, events, joins);
    }

    private Summary start(String model, Ruleset active, Ruleset draftRuleset, Upload leads, Upload mapping, Upload events,
            List<Upload> joins) {
        Mapping m = mapping(mapping, events);
        requireModelVocabulary(m, mapping.fileName(), active, draftRuleset);
        Kept kept = keep(m, leads, events, joins);
        BacktestRecord r = BacktestRecord.of(BacktestRecord.BACKTEST, model, active.version(), clock.instant(), leads,
                events, mapping);
        r.draftVersion = draftRuleset == null ? null : draftRuleset.version();
        try {
            BacktestJobs.Progress p = new BacktestJobs.Progress(
                    BacktestJobs.expectedBytes(kept.leads().path(), kept.events() == null ? null : kept.events().path()), 1);
            jobs.submit(r, p, kept.work(), progress -> run(active, draftRuleset, m, mapping.fileName(), kept, progress));
        } catch (IOException e) {
            BacktestJobs.deleteTree(kept.work());
            throw new UncheckedIOException(e);
        }
        return Summary.of(r, 0);
    }

    /**
     * Keeps the uploads of a job in a work folder of its own (the request's copies go when the
     * request ends) and checks the leads file's header against the mapping, and that every file
     * the mapping joins was sent, before the upload is answered.
     */
    Kept keep(Mapping m, Upload leads, Upload events, List<Upload> joins) {
        Map<String, Upload> joined = new TreeMap<>();
        joins.forEach(j -> joined.put(j.fileName(), j));
        for (Mapping.Join j : m.joinList()) {
            if (!joined.containsKey(Path.of(j.file()).getFileName().toString())) {
                throw ProblemException.invalidField("join", "the mapping joins '" + j.file()
                        + "': send it as a 'join' part with that file name");
            }
        }
        Path work = null;
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
            return new Kept(work, keptLeads, keptEvents, opener);
        } catch (IOException e) {
            BacktestJobs.deleteTree(work);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            if (work != null) {
                BacktestJobs.deleteTree(work);
            }
            throw e;
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

    /**
     * The mapping's value maps against the models it is scored with: one field error per refused
     * entry, named {@code mapping: <key>} (see {@link ModelVocabulary}).
     */
    static void requireModelVocabulary(Mapping m, String mappingName, Ruleset... models) {
        List<ModelVocabulary.Conflict> conflicts = ModelVocabulary.conflicts(m,
                java.util.Arrays.stream(models).filter(java.util.Objects::nonNull).map(Ruleset::tables).toList());
        if (!conflicts.isEmpty()) {
            throw ProblemException.badRequest(mappingName + ": " + ModelVocabulary.HEADLINE, conflicts.stream()
                    .map(c -> new Problem.FieldError("mapping: " + c.key(), c.message())).toList());
        }
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

    private Consumer<BacktestRecord> run(Ruleset active, Ruleset draft, Mapping m, String mappingName, Kept kept,
            BacktestJobs.Progress p) throws IOException {
        Path scores = kept.work().resolve("scores.csv");
        BacktestReport report = new Backtest(engine, clock).run(new Backtest.Request(active, draft, m, mappingName,
                BacktestJobs.counted(kept.leads().source(), p),
                kept.events() == null ? null : BacktestJobs.counted(kept.events().source(), p), kept.joins(), scores,
                EventBuckets.DEFAULT_BYTES_PER_BUCKET)).withScoresLink("scores");
        String json = BacktestCommand.JSON.writeValueAsString(report);
        String html = HtmlReport.render(report);
        byte[] gz = gzip(scores);
        return r -> {
            r.leadsScored = report.imported().leadsScored();
            r.rowsUnreadable = report.imported().leadRowsUnreadable() + report.imported().eventRowsUnreadable();
            double auc = report.active().auc().value();
            r.auc = Double.isNaN(auc) ? null : auc;
            r.report = json;
            r.html = html;
            r.scoresCsvGz = gz;
        };
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

    static ProblemException problem(String field, ImportException e) {
        return ProblemException.badRequest(e.getMessage(),
                List.of(new Problem.FieldError(field + ": " + BacktestJobs.where(e), e.getMessage())));
    }

    private static byte[] gzip(Path file) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            Files.copy(file, gz);
        }
        return bytes.toByteArray();
    }

    public List<Summary> list() {
        return jobs.list(BacktestRecord.BACKTEST).stream().map(this::summary).toList();
    }

    public Optional<Summary> status(long id) {
        return jobs.find(BacktestRecord.BACKTEST, id).map(this::summary);
    }

    private Summary summary(BacktestRecord r) {
        return Summary.of(r, jobs.progress(r));
    }

    /** A finished run; a run still going or failed is a conflict that says which and how far. */
    public Optional<BacktestRecord> find(long id) {
        return jobs.done(BacktestRecord.BACKTEST, id, "Backtest", "/api/backtests/" + id + "/status");
    }
}
