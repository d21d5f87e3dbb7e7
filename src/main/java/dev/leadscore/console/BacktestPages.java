package dev.leadscore.console;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import dev.leadscore.api.Problem;
import dev.leadscore.api.ProblemException;
import dev.leadscore.backtest.BacktestRecord;
import dev.leadscore.backtest.BacktestReport;
import dev.leadscore.backtest.BacktestService;
import dev.leadscore.rules.RuleCode;
import dev.leadscore.rules.RulesetVersionRecord;
import dev.leadscore.scoring.Ruleset;
import dev.leadscore.rules.RulesetRegistry;
import dev.leadscore.rules.RulesetVersions;
import dev.leadscore.rules.tables.TableGrid;
import dev.leadscore.rules.tables.TableWriter;
import dev.leadscore.security.Roles;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Backtests in the browser: a CRM export and its mapping sent to the background backtest (the
 * API's own endpoint, so its checks and roles are the API's), a progress bar while it runs, the
 * report in the page, and suggested points accepted row by row into a draft: each accepted row
 * changes the Points cell of that rule's row in a copy of its table, saved as a draft like an
 * edit in the grid.
 */
@Path("/console/backtests")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({ Roles.MARKETING_OPS, Roles.RULES_DEVELOPER, Roles.REVOPS, Roles.ADMIN })
public class BacktestPages {
    /** Reads the stored report (written with NaN for figures a small history cannot give). */
    private static final JsonMapper JSON = JsonMapper.builder().findAndAddModules()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    static final int LISTED = 20;

    @Inject
    ConsolePages pages;
    @Inject
    BacktestService service;
    @Inject
    RulesetRegistry rulesets;
    @Inject
    RulesetVersions versions;
    @Inject
    SecurityIdentity identity;

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance backtests(Viewer me, List<String> models, List<RulesetVersions.VersionView> drafts,
                List<BacktestService.Summary> runs, String error, List<Problem.FieldError> errors);

        static native TemplateInstance backtest(Viewer me, BacktestService.Summary run);

        static native TemplateInstance backtestRun(Viewer me, BacktestService.Summary run, int percent,
                BacktestReport report, List<SuggestionRow> suggestions, boolean live);
    }

    /** A suggested change as the page lists it: whether it can be accepted (a table row) and where it is. */
    public record SuggestionRow(BacktestReport.Suggestion s, CellReference where, boolean acceptable) {
    }

    @GET
    @Operation(hidden = true)
    public TemplateInstance list() {
        Viewer me = pages.me();
        return Templates.backtests(me, rulesets.activeModels(), drafts(), recent(), null, List.of());
    }

    /**
     * Starts a backtest: the files are checked at once, the run goes on in the background. A draft
     * to compare is one of the model's stored drafts (saved from the grid or uploaded), its files
     * read from the store: what a person may draft was checked when it was made.
     */
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(hidden = true)
    public Response start(@RestForm String model, @RestForm FileUpload leads, @RestForm FileUpload mapping,
            @RestForm FileUpload events, @RestForm String draft) {
        Viewer me = pages.me();
        java.nio.file.Path drafts = null;
        try {
            List<BacktestService.Upload> draftFiles = new ArrayList<>();
            if (draft != null && !draft.isBlank()) {
                boolean stored = model != null && versions.versions(model).stream()
                        .anyMatch(v -> v.version().equals(draft) && RulesetVersionRecord.DRAFT.equals(v.status()));
                if (!stored) {
                    throw ProblemException.invalidField("draft", "'" + draft + "' is not a draft of model '" + model + "'");
                }
                drafts = java.nio.file.Files.createTempDirectory("console-backtest-draft");
                for (Map.Entry<String, byte[]> f : versions.storedFiles(model, draft).files().entrySet()) {
                    draftFiles.add(new BacktestService.Upload(f.getKey(),
                            java.nio.file.Files.write(drafts.resolve(f.getKey()), f.getValue())));
                }
            }
            BacktestService.Summary s = service.start(model, upload(leads), upload(mapping), upload(events), draftFiles,
                    List.of());
            return ConsolePages.seeOther("/console/backtests/" + s.id());
        } catch (ProblemException e) {
            int status = e.problem().status();
            if (status != 400 && status != 404 && status != 422) {
                throw e;
            }
            return Response.status(status).entity(Templates.backtests(me, rulesets.activeModels(), drafts(), recent(),
                    e.problem().detail(), e.problem().errors() == null ? List.of() : e.problem().errors())).build();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            if (drafts != null) {
                try (var files = java.nio.file.Files.list(drafts)) {
                    for (java.nio.file.Path f : files.toList()) {
                        java.nio.file.Files.deleteIfExists(f);
                    }
                    java.nio.file.Files.deleteIfExists(drafts);
                } catch (java.io.IOException ignored) {
                    // a temporary folder left behind is removed with the others
                }
            }
        }
    }

    /** The stored drafts of every model, newest first: what a backtest can compare with the live version. */
    private List<RulesetVersions.VersionView> drafts() {
        List<RulesetVersions.VersionView> drafts = new ArrayList<>();
        for (String m : rulesets.activeModels()) {
            versions.versions(m).stream().filter(v -> RulesetVersionRecord.DRAFT.equals(v.status())).limit(LISTED)
                    .forEach(drafts::add);
        }
        return drafts;
    }

    @GET
    @Path("/{id}")
    @Operation(hidden = true)
    public TemplateInstance backtest(@PathParam("id") long id) {
        Viewer me = pages.me();
        return Templates.backtest(me, summary(id));
    }

    /** The run's progress while it goes on (the fragment polls itself), then its report. */
    @GET
    @Path("/{id}/status")
    @Operation(hidden = true)
    public TemplateInstance status(@PathParam("id") long id) {
        Viewer me = pages.me();
        BacktestService.Summary run = summary(id);
        BacktestReport report = BacktestRecord.DONE.equals(run.status()) ? report(id) : null;
        List<SuggestionRow> rows = new ArrayList<>();
        if (report != null && report.active() != null && report.active().suggestions() != null) {
            for (BacktestReport.Suggestion s : report.active().suggestions().rows()) {
                CellReference where = CellReference.parse(s.source());
                rows.add(new SuggestionRow(s, where, where != null && where.sheet() != null
                        && s.suggestedPoints() != s.currentPoints()));
            }
        }
        boolean live = rulesets.active(run.model()).map(r -> r.version().equals(run.rulesetVersion())).orElse(false);
        return Templates.backtestRun(me, run, (int) Math.round(run.progress() * 100), report, rows, live);
    }

    /**
     * The suggested points of the rows ticked, written into copies of their tables and saved as
     * one draft of the model, which opens with its what-if and diff. The backtest must have run
     * on the version still live: suggestions for other points would overwrite a newer change.
     */
    @POST
    @Path("/{id}/accept")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({ Roles.MARKETING_OPS, Roles.RULES_DEVELOPER, Roles.ADMIN })
    @Operation(hidden = true)
    public Response accept(@PathParam("id") long id, @RestForm("accept") List<String> accepted) {
        Viewer me = pages.me();
        BacktestService.Summary run = summary(id);
        BacktestReport report = report(id);
        if (accepted == null || accepted.isEmpty()) {
            throw ProblemException.invalidField("accept", "tick the suggestions to accept");
        }
        Ruleset live = rulesets.require(run.model());
        if (!live.version().equals(run.rulesetVersion())) {
            throw new ProblemException(new Problem("/problems/conflict", "The model changed", 409, "The backtest ran on "
                    + "version " + run.rulesetVersion() + " of " + run.model() + "; " + live.version() + " is live now. "
                    + "Run the backtest again on the live version before accepting its suggestions.", null));
        }
        Map<String, List<TableGrid>> files = new LinkedHashMap<>();
        for (String rule : accepted) {
            BacktestReport.Suggestion s = report.active().suggestions().rows().stream().filter(x -> x.rule().equals(rule))
                    .findFirst().orElseThrow(() -> ProblemException.invalidField("accept", "no suggestion for '" + rule + "'"));
            CellReference where = CellReference.parse(s.source());
            if (where == null || where.sheet() == null) {
                throw ProblemException.invalidField("accept", "'" + rule + "' is not a table row; change it in its DRL file");
            }
            List<TableGrid> grids = files.computeIfAbsent(where.file(),
                    f -> TablePages.read(f, TablePages.bytes(live, f), new ArrayList<>()));
            setPoints(grids, where, rule, s.suggestedPoints());
        }
        List<RulesetVersions.Upload> uploads = files.entrySet().stream().map(f -> new RulesetVersions.Upload(f.getKey(),
                TableWriter.write(f.getValue().stream().map(TableWriter::of).toList()))).toList();
        RulesetVersions.DraftView draft = versions.draft(run.model(), uploads, me.name(), RuleCode.mayChange(identity));
        return ConsolePages.seeOther("/console/models/" + LeadPages.encode(run.model()) + "/drafts/" + draft.draft().id());
    }

    /** Replaces the Points cell of the rule's row (found by the sheet and row its source names, checked by its name). */
    static void setPoints(List<TableGrid> grids, CellReference where, String rule, int points) {
        int rowNumber = new org.apache.poi.ss.util.CellReference(where.cell()).getRow() + 1;
        for (int t = 0; t < grids.size(); t++) {
            TableGrid g = grids.get(t);
            if (!g.sheet().equals(where.sheet())) {
                continue;
            }
            int column = -1;
            for (int c = 0; c < g.headers().size(); c++) {
                if ("points".equalsIgnoreCase(g.headers().get(c).text() == null ? "" : g.headers().get(c).text().strip())) {
                    column = c;
                }
            }
            List<TableGrid.Row> rows = new ArrayList<>(g.rows());
            for (int r = 0; r < rows.size(); r++) {
                TableGrid.Row row = rows.get(r);
                if (row.number() == rowNumber && column >= 0 && rule.equals(row.get(0).text())) {
                    List<TableGrid.Cell> cells = new ArrayList<>(row.cells());
                    cells.set(column, new TableGrid.Cell(cells.get(column).ref(), Integer.toString(points), true));
                    rows.set(r, new TableGrid.Row(row.number(), cells));
                    grids.set(t, new TableGrid(g.file(), g.sheet(), g.kind(), g.notes(), g.headerRow(), g.headers(), rows));
                    return;
                }
            }
        }
        throw ProblemException.invalidField("accept", "'" + rule + "' is no longer in " + where.file() + ", sheet "
                + where.sheet() + ", row " + rowNumber + " of the live version");
    }

    private List<BacktestService.Summary> recent() {
        List<BacktestService.Summary> all = service.list();
        return all.subList(0, Math.min(LISTED, all.size()));
    }

    private BacktestService.Summary summary(long id) {
        return service.status(id).orElseThrow(() -> ProblemException.notFound("No backtest " + id));
    }

    private BacktestReport report(long id) {
        BacktestRecord r = service.find(id).orElseThrow(() -> ProblemException.notFound("No backtest " + id));
        try {
            return JSON.readValue(r.report, BacktestReport.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("backtest " + id + ": its stored report does not read back", e);
        }
    }

    /** An uploaded file; a file input left empty is sent as a part without a file name. */
    private static BacktestService.Upload upload(FileUpload f) {
        return f == null || f.fileName() == null || f.fileName().isBlank() || f.size() == 0 ? null
                : new BacktestService.Upload(f.fileName(), f.uploadedFile());
    }
}
