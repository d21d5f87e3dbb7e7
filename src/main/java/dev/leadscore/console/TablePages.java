package dev.leadscore.console;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.leadscore.api.Problem;
import dev.leadscore.api.ProblemException;
import dev.leadscore.rules.BuildProblem;
import dev.leadscore.rules.RuleCode;
import dev.leadscore.scoring.RuleFiles;
import dev.leadscore.scoring.Ruleset;
import dev.leadscore.rules.RulesetLimits;
import dev.leadscore.rules.RulesetRegistry;
import dev.leadscore.rules.RulesetVersions;
import dev.leadscore.rules.tables.TableGrid;
import dev.leadscore.rules.tables.TableReader;
import dev.leadscore.rules.tables.TableWriter;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Editing a table of a model in the browser: the live version's workbook shown as grids, its
 * values changed (rows added or deleted), then saved as a draft. Saving writes the workbook a
 * person would have uploaded ({@link TableWriter}) and sends it through the same draft path as
 * an upload, so the draft is validated, previewed against the stored leads and diffed alike; a
 * refused save shows the grid again with the offending cells marked.
 */
@Path("/console/models/{model}/tables")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({ dev.leadscore.security.Roles.MARKETING_OPS, dev.leadscore.security.Roles.RULES_DEVELOPER,
        dev.leadscore.security.Roles.REVOPS, dev.leadscore.security.Roles.ADMIN })
public class TablePages {
    /** A number as people type it: no leading zeros (an id like 0042 stays text), no exponent. */
    private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]{0,14})(\\.[0-9]{1,10})?");

    @Inject
    ConsolePages pages;
    @Inject
    RulesetRegistry rulesets;
    @Inject
    RulesetVersions versions;
    @Inject
    SecurityIdentity identity;

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance table(Viewer me, String model, String file, String version, List<GridView> grids,
                List<GridView.Located> problems, String notice, boolean refused);
    }

    /** A table file of a model's live version, as grids (editable for the roles that may draft). */
    @GET
    @Path("/{file}")
    @Operation(hidden = true)
    public TemplateInstance table(@PathParam("model") String model, @PathParam("file") String file) {
        Viewer me = pages.me();
        Ruleset live = rulesets.require(model);
        List<TableGrid> grids = read(file, bytes(live, file), new ArrayList<>());
        return Templates.table(me, model, file, live.version(), GridView.of(grids, List.of(), me.publishes(),
                GridView.BLANK_LINES), List.of(), null, false);
    }

    /**
     * Saves the grids as a draft. The form names the live version it was opened on; a save on a
     * version that is no longer live is refused, so two people editing at once lose no change.
     */
    @POST
    @Path("/{file}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({ dev.leadscore.security.Roles.MARKETING_OPS, dev.leadscore.security.Roles.RULES_DEVELOPER,
            dev.leadscore.security.Roles.ADMIN })
    @Operation(hidden = true)
    public Response save(@PathParam("model") String model, @PathParam("file") String file,
            MultivaluedMap<String, String> form) {
        Viewer me = pages.me();
        Ruleset live = rulesets.require(model);
        List<TableGrid> grids = read(file, bytes(live, file), new ArrayList<>());
        String base = form == null ? null : form.getFirst("base");
        if (base == null || !base.equals(live.version())) {
            throw new ProblemException(new Problem("/problems/conflict", "The model changed", 409, "Version " + base
                    + " of " + model + " is no longer live (" + live.version() + " is): someone published since you "
                    + "opened the table. Open " + file + " again and make your change there.", null));
        }
        List<TableWriter.Table> tables = edited(grids, form);
        if (same(tables, grids.stream().map(TableWriter::of).toList())) {
            return Response.ok(Templates.table(me, model, file, live.version(), GridView.of(grids, List.of(), true,
                    GridView.BLANK_LINES), List.of(), "Nothing changed: the grid reads the same as the live version.", false))
                    .build();
        }
        byte[] written = TableWriter.write(tables);
        try {
            RulesetVersions.DraftView draft = versions.draft(model, List.of(new RulesetVersions.Upload(file, written)),
                    me.name(), RuleCode.mayChange(identity));
            return ConsolePages.seeOther("/console/models/" + LeadPages.encode(model) + "/drafts/" + draft.draft().id());
        } catch (ProblemException e) {
            Problem p = e.problem();
            if (p.status() != 422 && p.status() != 409 && p.status() != 400) {
                throw e;
            }
            // the grid again as saved (row numbers of the written file), the problems on their cells
            List<GridView.Located> problems = p.errors() == null ? List.of()
                    : p.errors().stream().map(GridView.Located::of).toList();
            List<GridView> views = GridView.of(read(file, written, new ArrayList<>()), problems, true, GridView.BLANK_LINES);
            String notice = p.status() == 409 ? "Nothing changed: the grid reads the same as the live version." : p.detail();
            return Response.status(p.status() == 409 ? 200 : p.status())
                    .entity(Templates.table(me, model, file, live.version(), views, GridView.unplaced(views, problems), notice,
                            p.status() != 409))
                    .build();
        }
    }

    /** Whether two sets of tables hold the same values (a number compared by its value: 40 = 40.0). */
    static boolean same(List<TableWriter.Table> a, List<TableWriter.Table> b) {
        return canonical(a).equals(canonical(b));
    }

    private static List<List<List<String>>> canonical(List<TableWriter.Table> tables) {
        return tables.stream().map(t -> t.rows().stream().map(r -> r.stream().map(v -> v == null ? ""
                : v instanceof Number n ? new BigDecimal(n.toString()).stripTrailingZeros().toPlainString() : v.toString())
                .toList()).toList()).toList();
    }

    static byte[] bytes(Ruleset live, String file) {
        byte[] bytes = file == null || !file.endsWith(RuleFiles.TABLE) ? null : live.files().files().get(file);
        if (bytes == null) {
            throw ProblemException.notFound("Model '" + live.model() + "' has no table file '" + file + "'");
        }
        return bytes;
    }

    static List<TableGrid> read(String file, byte[] bytes, List<BuildProblem> problems) {
        return new TableReader(RulesetLimits.DEFAULTS).read(file, bytes, problems);
    }

    /**
     * The tables as the form left them: each cell's text (a number where it reads as one), rows
     * ticked for deletion and rows left blank dropped, rows typed in the blank lines added.
     */
    static List<TableWriter.Table> edited(List<TableGrid> grids, MultivaluedMap<String, String> form) {
        List<TableWriter.Table> tables = new ArrayList<>();
        for (int t = 0; t < grids.size(); t++) {
            TableGrid g = grids.get(t);
            List<List<Object>> rows = new ArrayList<>();
            for (int r = 0; r < g.rows().size() + GridView.BLANK_LINES; r++) {
                boolean existing = r < g.rows().size();
                if (form.getFirst("t" + t + ".r" + r + ".delete") != null) {
                    continue;
                }
                List<Object> values = new ArrayList<>();
                boolean blank = true;
                for (int c = 0; c < g.headers().size(); c++) {
                    String text = form.getFirst(GridView.field(t, r, c));
                    if (text == null && existing) {
                        throw ProblemException.invalidField(GridView.field(t, r, c), "the form is incomplete: open the "
                                + "table again");
                    }
                    String v = text == null ? null : text.strip();
                    blank &= v == null || v.isEmpty();
                    values.add(v == null || v.isEmpty() ? null : NUMBER.matcher(v).matches() ? new BigDecimal(v) : v);
                }
                if (!blank) {
                    rows.add(values);
                }
            }
            TableWriter.Table read = TableWriter.of(g);
            tables.add(new TableWriter.Table(read.sheet(), read.kind(), read.notes(), read.headers(), rows));
        }
        return tables;
    }
}
