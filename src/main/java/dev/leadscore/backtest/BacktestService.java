package dev.leadscore.backtest;

import java.io.ByteArrayOutputStream;
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
import java.util.zip.GZIPOutputStream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.leadscore.api.Problem;
import dev.leadscore.api.ProblemException;
import dev.leadscore.rules.RuleFiles;
import dev.leadscore.rules.Ruleset;
import dev.leadscore.rules.RulesetBuildException;
import dev.leadscore.rules.RulesetBuilder;
import dev.leadscore.rules.RulesetRegistry;
import dev.leadscore.scoring.ScoringEngine;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Runs backtests sent over HTTP with the model's active ruleset (the one live scoring uses) and
 * keeps the result. Scoring runs outside any transaction; only storing the result is one.
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

    /** One kept backtest, as listed. */
    public record Summary(long id, String model, String rulesetVersion, String draftVersion, java.time.Instant createdAt,
            String leadsFile, String eventsFile, String mappingFile, long leadsScored, long rowsUnreadable, Double auc,
            Map<String, String> links) {

        static Summary of(BacktestRecord r) {
            String self = "/api/backtests/" + r.id;
            return new Summary(r.id, r.model, r.rulesetVersion, r.draftVersion, r.createdAt, r.leadsFile, r.eventsFile,
                    r.mappingFile, r.leadsScored, r.rowsUnreadable, r.auc,
                    Map.of("self", self, "report", self + "/report", "scores", self + "/scores"));
        }
    }

    public Summary run(String model, Upload leads, Upload mapping, Upload events, List<Upload> draft, List<Upload> joins) {
        if (model == null || model.isBlank()) {
            throw ProblemException.invalidField("model", "is required");
        }
        if (leads == null) {
            throw ProblemException.invalidField("leads", "a leads CSV file is required");
        }
        if (mapping == null) {
            throw ProblemException.invalidField("mapping", "a mapping file (YAML or JSON) is required");
        }
        Ruleset active = rulesets.require(model);
        Ruleset draftRuleset = draft.isEmpty() ? null : buildDraft(model, draft);
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
        Map<String, Upload> joined = new TreeMap<>();
        joins.forEach(j -> joined.put(j.fileName(), j));
        for (Mapping.Join j : m.joinList()) {
            if (!joined.containsKey(Path.of(j.file()).getFileName().toString())) {
                throw ProblemException.invalidField("join", "the mapping joins '" + j.file()
                        + "': send it as a 'join' part with that file name");
            }
        }
        Path scores = null;
        try {
            scores = Files.createTempFile("backtest-scores", ".csv");
            BacktestReport report;
            try {
                report = new Backtest(engine, clock).run(new Backtest.Request(active, draftRuleset, m,
                        mapping.fileName(), leads.source(), events == null ? null : events.source(),
                        name -> Files.newInputStream(joined.get(Path.of(name).getFileName().toString()).path()), scores,
                        EventBuckets.DEFAULT_BYTES_PER_BUCKET)).withScoresLink("scores");
            } catch (ImportException e) {
                String field = events != null && events.fileName().equals(e.file()) ? "events"
                        : leads.fileName().equals(e.file()) ? "leads" : joined.containsKey(e.file()) ? "join" : "mapping";
                throw problem(field, e);
            }
            BacktestRecord r = new BacktestRecord();
            r.model = model;
            r.rulesetVersion = active.version();
            r.draftVersion = draftRuleset == null ? null : draftRuleset.version();
            r.createdAt = report.generatedAt();
            r.leadsFile = leads.fileName();
            r.eventsFile = events == null ? null : events.fileName();
            r.mappingFile = mapping.fileName();
            r.leadsScored = report.imported().leadsScored();
            r.rowsUnreadable = report.imported().leadRowsUnreadable() + report.imported().eventRowsUnreadable();
            double auc = report.active().auc().value();
            r.auc = Double.isNaN(auc) ? null : auc;
            r.report = BacktestCommand.JSON.writeValueAsString(report);
            r.html = HtmlReport.render(report);
            r.scoresCsvGz = gzip(scores);
            QuarkusTransaction.requiringNew().run(r::persist);
            return Summary.of(r);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (scores != null) {
                try {
                    Files.deleteIfExists(scores);
                } catch (IOException ignored) {
                    // a temporary file left behind is harmless
                }
            }
        }
    }

    private Ruleset buildDraft(String model, List<Upload> draft) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (Upload u : draft) {
            if (!RuleFiles.isRuleFile(u.fileName())) {
                throw ProblemException.invalidField("draft", "'" + u.fileName() + "' is not a *.drl or *.drl.xlsx file");
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

    private static ProblemException problem(String field, ImportException e) {
        String where = e.file() + (e.line() == null ? "" : " line " + e.line())
                + (e.column() == null ? "" : " column '" + e.column() + "'");
        return ProblemException.badRequest(e.getMessage(), List.of(new Problem.FieldError(field + ": " + where, e.getMessage())));
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
                .map(Summary::of).toList();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<BacktestRecord> find(long id) {
        return BacktestRecord.findByIdOptional(id);
    }
}
