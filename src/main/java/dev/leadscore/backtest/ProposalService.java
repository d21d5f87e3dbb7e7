package dev.leadscore.backtest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.leadscore.api.ProblemException;
import dev.leadscore.scoring.Ruleset;
import dev.leadscore.rules.RulesetRegistry;
import dev.leadscore.rules.RulesetVersions;

/**
 * Proposes a model from an export sent over HTTP, as a background job like a backtest
 * ({@link BacktestJobs}): the upload is checked and answered at once; the export is read, the
 * table fitted and the result filed as a draft of the model through the same draft path as an
 * upload of its files (checked, recorded, with its what-if), to be opened, edited, backtested and
 * published like any draft.
 */
@ApplicationScoped
public class ProposalService {
    /** Reading the export is about this share of a proposal's work; fitting by cross-validation is the rest. */
    static final double READ_SHARE = 0.5;

    @Inject
    RulesetRegistry rulesets;
    @Inject
    RulesetVersions versions;
    @Inject
    BacktestService backtests;
    @Inject
    BacktestJobs jobs;
    @Inject
    Clock clock;

    /** The proposal with its evidence, and the draft it was filed as. */
    public record Proposed(Proposal proposal, RulesetVersions.DraftView draft) {
    }

    /**
     * One proposal as listed: {@code status} running, done or failed; {@code progress} 0 to 1
     * (reading the export is the first half, the fit the second; 1 when done); when done, the
     * leads it was fitted on, its held-out AUC and the draft it was filed as.
     */
    public record Summary(long id, String status, double progress, String error, String model, String rulesetVersion,
            Instant createdAt, String leadsFile, String eventsFile, String mappingFile, long leads, Double auc,
            Long draftId, String draftVersion, Map<String, String> links) {

        static Summary of(BacktestRecord r, double progress) {
            String self = "/api/backtests/proposals/" + r.id;
            Map<String, String> links = new LinkedHashMap<>();
            links.put("self", self);
            links.put("status", self + "/status");
            links.put("report", self + "/report");
            if (r.draftVersion != null) {
                links.put("draftFiles", "/api/rules/" + r.model + "/versions/" + r.draftVersion + "/files");
            }
            return new Summary(r.id, r.status, progress, r.error, r.model, r.rulesetVersion, r.createdAt, r.leadsFile,
                    r.eventsFile, r.mappingFile, r.leadsScored, r.auc, r.draftId, r.draftVersion, Map.copyOf(links));
        }
    }

    /**
     * Checks the request (model, options, mapping against the model, the leads file's header),
     * keeps the files and starts the proposal in the background: answers at once.
     */
    public Summary start(String model, BacktestService.Upload leads, BacktestService.Upload mapping,
            BacktestService.Upload events, List<BacktestService.Upload> joins, Integer rows, Double qualifiedShare,
            String by) {
        BacktestService.requireParts(model, leads, mapping);
        if (rows != null && (rows < 1 || rows > 200)) {
            throw ProblemException.invalidField("rows", "must be 1 to 200");
        }
        if (qualifiedShare != null && (qualifiedShare <= 0 || qualifiedShare >= 1)) {
            throw ProblemException.invalidField("qualifiedShare", "must be a fraction between 0 and 1 (0.2: the top 20%)");
        }
        Ruleset active = rulesets.require(model);
        Mapping m = BacktestService.mapping(mapping, events);
        BacktestService.requireModelVocabulary(m, mapping.fileName(), active);
        BacktestService.Kept kept = backtests.keep(m, leads, events, joins);
        Proposer.Options d = Proposer.Options.defaults();
        Proposer.Options options = new Proposer.Options(rows == null ? d.maxRows() : rows,
                qualifiedShare == null ? d.qualifiedShare() : qualifiedShare, d.folds(),
                model.toLowerCase(Locale.ROOT).contains("product") ? "PQL" : "MQL", false);
        BacktestRecord r = BacktestRecord.of(BacktestRecord.PROPOSAL, model, active.version(), clock.instant(), leads,
                events, mapping);
        try {
            BacktestJobs.Progress p = new BacktestJobs.Progress(BacktestJobs.expectedBytes(kept.leads().path(),
                    kept.events() == null ? null : kept.events().path()), READ_SHARE);
            jobs.submit(r, p, kept.work(), progress -> run(model, active, m, kept, options, by, progress));
        } catch (IOException e) {
            BacktestJobs.deleteTree(kept.work());
            throw new UncheckedIOException(e);
        }
        return Summary.of(r, 0);
    }

    private Consumer<BacktestRecord> run(String model, Ruleset active, Mapping m, BacktestService.Kept kept,
            Proposer.Options options, String by, BacktestJobs.Progress p) throws IOException {
        ExportProfile profile = ExportProfile.read(m, BacktestJobs.counted(kept.leads().source(), p),
                kept.events() == null ? null : BacktestJobs.counted(kept.events().source(), p), kept.joins(),
                clock.instant());
        if (profile.leads == 0) {
            throw new ImportException(kept.leads().fileName(), null, null, "no lead with an outcome could be read");
        }
        p.done = READ_SHARE;
        Proposal proposal = Proposer.propose(model, profile, options);
        p.done = 0.95;
        byte[] zip = zip(ProposalDraft.files(proposal, active.files().files()));
        RulesetVersions.DraftView draft = versions.draft(model,
                List.of(new RulesetVersions.Upload(model + "-proposal.zip", zip)), by, false);
        String json = BacktestCommand.JSON.writeValueAsString(new Proposed(proposal, draft));
        String html = page(proposal, draft);
        return r -> {
            r.leadsScored = proposal.leads();
            r.rowsUnreadable = profile.unreadable;
            r.auc = proposal.evaluation().proposal().auc();
            r.draftId = draft.draft().id();
            r.draftVersion = draft.draft().version();
            r.report = json;
            r.html = html;
        };
    }

    /** The proposal as the command line prints it, on a page of its own. */
    static String page(Proposal p, RulesetVersions.DraftView draft) {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        ProposeCommand.print(p, new PrintStream(text, true, StandardCharsets.UTF_8));
        String files = "/api/rules/" + p.model() + "/versions/" + draft.draft().version() + "/files";
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Proposed model for "
                + HtmlReport.esc(p.model()) + "</title></head><body>\n<h1>Proposed model for " + HtmlReport.esc(p.model())
                + "</h1>\n<p>Filed as draft " + draft.draft().id() + " (version " + HtmlReport.esc(draft.draft().version())
                + "): <a href=\"" + HtmlReport.esc(files) + "\">download its files</a>; open, edit, backtest and publish it "
                + "like any draft.</p>\n<pre>" + HtmlReport.esc(text.toString(StandardCharsets.UTF_8))
                + "</pre>\n</body></html>\n";
    }

    public List<Summary> list() {
        return jobs.list(BacktestRecord.PROPOSAL).stream().map(r -> Summary.of(r, jobs.progress(r))).toList();
    }

    public Optional<Summary> status(long id) {
        return jobs.find(BacktestRecord.PROPOSAL, id).map(r -> Summary.of(r, jobs.progress(r)));
    }

    /** A finished proposal; one still going or failed is a conflict that says which and how far. */
    public Optional<BacktestRecord> find(long id) {
        return jobs.done(BacktestRecord.PROPOSAL, id, "Proposal", "/api/backtests/proposals/" + id + "/status");
    }

    /** The whole model as one .zip, which the draft path takes as replacing every file of the model. */
    private static byte[] zip(Map<String, byte[]> files) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(f.getKey()));
                zip.write(f.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
