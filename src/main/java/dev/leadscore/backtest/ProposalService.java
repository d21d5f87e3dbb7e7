package dev.leadscore.backtest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.leadscore.api.ProblemException;
import dev.leadscore.scoring.Ruleset;
import dev.leadscore.rules.RulesetRegistry;
import dev.leadscore.rules.RulesetVersions;

/**
 * Proposes a model from an export sent over HTTP and files it as a draft of the model through the
 * same draft path as an upload of its files (checked, recorded, with its what-if), to be opened,
 * edited, backtested and published like any draft.
 */
@ApplicationScoped
public class ProposalService {
    @Inject
    RulesetRegistry rulesets;
    @Inject
    RulesetVersions versions;
    @Inject
    Clock clock;

    /** The proposal with its evidence, and the draft it was filed as. */
    public record Proposed(Proposal proposal, RulesetVersions.DraftView draft) {
    }

    public Proposed propose(String model, BacktestService.Upload leads, BacktestService.Upload mapping,
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
        Map<String, BacktestService.Upload> joined = new TreeMap<>();
        joins.forEach(j -> joined.put(j.fileName(), j));
        ExportProfile profile;
        try {
            profile = ExportProfile.read(m, leads.source(), events == null ? null : events.source(), name -> {
                BacktestService.Upload u = joined.get(Path.of(name).getFileName().toString());
                if (u == null) {
                    throw new ImportException(name, null, null, "the mapping joins this file: send it as a 'join' part");
                }
                return Files.newInputStream(u.path());
            }, clock.instant());
        } catch (ImportException e) {
            String field = events != null && events.fileName().equals(e.file()) ? "events"
                    : leads.fileName().equals(e.file()) ? "leads" : "join";
            throw BacktestService.problem(field, e);
        }
        if (profile.leads == 0) {
            throw ProblemException.invalidField("leads", "no lead with an outcome could be read");
        }
        Proposer.Options d = Proposer.Options.defaults();
        Proposer.Options options = new Proposer.Options(rows == null ? d.maxRows() : rows,
                qualifiedShare == null ? d.qualifiedShare() : qualifiedShare, d.folds(),
                model.toLowerCase(Locale.ROOT).contains("product") ? "PQL" : "MQL", false);
        Proposal p = Proposer.propose(model, profile, options);
        byte[] zip = zip(ProposalDraft.files(p, active.files().files()));
        RulesetVersions.DraftView draft = versions.draft(model,
                List.of(new RulesetVersions.Upload(model + "-proposal.zip", zip)), by, false);
        return new Proposed(p, draft);
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
