package dev.leadscore.console;

import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;

import org.jboss.resteasy.reactive.multipart.FileUpload;

import dev.leadscore.api.Problem;
import dev.leadscore.api.ProblemException;
import dev.leadscore.scoring.RescoreProgress;
import dev.leadscore.scoring.RuleFiles;
import dev.leadscore.rules.RuleFilesResource;
import dev.leadscore.scoring.Ruleset;
import dev.leadscore.rules.tables.TableGrid;
import dev.leadscore.rules.RulesetDiff;
import dev.leadscore.rules.RulesetVersionRecord;
import dev.leadscore.scoring.WhatIf;
import dev.leadscore.leads.RescoreJobs;
import dev.leadscore.rules.RulesResource;
import dev.leadscore.rules.RulesetRegistry;
import dev.leadscore.rules.RulesetVersions;
import dev.leadscore.security.Roles;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * Marketing Ops' models: every version with who made and published it, the live one marked,
 * publishing a draft and rolling back to any version with a confirmation, and the progress of
 * the re-score that follows. Publishing goes through the API's own endpoint, so its roles and
 * checks are the API's: a revops key sees the versions and cannot publish.
 */
@Path("/console/models")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({ Roles.MARKETING_OPS, Roles.RULES_DEVELOPER, Roles.REVOPS, Roles.ADMIN })
public class ModelPages {
    static final int VERSIONS_PER_PAGE = 20;

    @Inject
    ConsolePages pages;
    @Inject
    RulesetRegistry rulesets;
    @Inject
    RulesetVersions versions;
    @Inject
    RulesResource rules;
    @Inject
    RescoreJobs rescoreJobs;

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance models(Viewer me, List<String> models, String model,
                List<RulesetVersions.VersionView> versions, String previous, String next, List<TableLink> tables);

        static native TemplateInstance rescore(String model, RescoreProgress job, int percent, boolean running);

        static native TemplateInstance draft(Viewer me, String model, RulesetVersions.VersionView draft, WhatIf.Report whatIf,
                RulesetDiff diff);

        static native TemplateInstance refused(Viewer me, String model, String detail, List<Problem.FieldError> errors,
                List<GridView> grids);
    }

    /** A table of the live version, as the models page lists it. */
    public record TableLink(String file, int index, String sheet, String kind, int rows) {
    }

    /** Uploads changed files as a draft: validation, then the what-if against the stored leads and the diff. */
    @POST
    @Path("/{model}/drafts")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed({ Roles.MARKETING_OPS, Roles.RULES_DEVELOPER, Roles.ADMIN })
    @Operation(hidden = true)
    public Response upload(@PathParam("model") String model, @RestForm("file") List<FileUpload> files,
            @RestForm String _csrf) {
        Viewer me = pages.me();
        if (files == null || files.isEmpty() || files.stream().allMatch(f -> f.fileName() == null || f.fileName().isBlank())) {
            return Response.status(422).entity(Templates.refused(me, model, "Choose one or more files to upload.", List.of(), List.of())).build();
        }
        try {
            RulesetVersions.DraftView draft = (RulesetVersions.DraftView) rules.draft(model, files, me.name()).getEntity();
            return ConsolePages.seeOther("/console/models/" + LeadPages.encode(model) + "/drafts/" + draft.draft().id());
        } catch (ProblemException e) {
            if (e.problem().status() != 422) {
                throw e;
            }
            List<Problem.FieldError> errors = e.problem().errors() == null ? List.of() : e.problem().errors();
            return Response.status(422).entity(Templates.refused(me, model, e.problem().detail(), errors,
                    uploadedGrids(files, errors.stream().map(GridView.Located::of).toList()))).build();
        }
    }

    /** The sheets of the uploaded workbooks that a problem names a cell of, as grids with those cells marked. */
    static List<GridView> uploadedGrids(List<FileUpload> files, List<GridView.Located> problems) {
        List<GridView> grids = new ArrayList<>();
        for (FileUpload f : files) {
            String name = baseName(f.fileName());
            try {
                if (name.endsWith(RuleFiles.TABLE)) {
                    marked(name, java.nio.file.Files.readAllBytes(f.uploadedFile()), problems, grids);
                } else if (name.endsWith(".zip")) {
                    tablesInZip(f, problems, grids);
                }
            } catch (java.io.IOException unreadable) {
                // the problems table still names the file
            }
        }
        return grids;
    }

    /** The tables of a refused .zip (it passed the upload's own checks: size, entries, no links). */
    private static void tablesInZip(FileUpload f, List<GridView.Located> problems, List<GridView> grids)
            throws java.io.IOException {
        long limit = dev.leadscore.rules.RulesetLimits.DEFAULTS.maxFileBytes();
        try (java.util.zip.ZipInputStream zip = new java.util.zip.ZipInputStream(
                java.nio.file.Files.newInputStream(f.uploadedFile()))) {
            int entries = 0;
            for (java.util.zip.ZipEntry e = zip.getNextEntry(); e != null && entries++ < 200; e = zip.getNextEntry()) {
                String name = baseName(e.getName());
                if (e.isDirectory() || !name.endsWith(RuleFiles.TABLE)) {
                    continue;
                }
                byte[] bytes = zip.readNBytes((int) Math.min(Integer.MAX_VALUE - 1, limit + 1));
                if (bytes.length <= limit) {
                    marked(name, bytes, problems, grids);
                }
            }
        }
    }

    private static void marked(String file, byte[] bytes, List<GridView.Located> problems, List<GridView> grids) {
        GridView.of(TablePages.read(file, bytes, new ArrayList<>()), problems, false, 0).stream()
                .filter(GridView::hasProblems).forEach(grids::add);
    }

    private static String baseName(String name) {
        String n = name == null ? "" : name.replace('\\', '/');
        return n.substring(n.lastIndexOf('/') + 1);
    }

    /** A stored draft: what it would change (the what-if stored with it) and the diff against the live version. */
    @GET
    @Path("/{model}/drafts/{id}")
    @Operation(hidden = true)
    public TemplateInstance draft(@PathParam("model") String model, @PathParam("id") long id) {
        Viewer me = pages.me();
        RulesetVersions.VersionView draft = versions.versions(model).stream().filter(v -> v.id() == id).findFirst()
                .orElseThrow(() -> ProblemException.notFound("Model '" + model + "' has no version " + id));
        RulesetVersionRecord record = RulesetVersionRecord.findById(id);
        String live = rulesets.require(model).version();
        return Templates.draft(me, model, draft, record.whatIf,
                live.equals(draft.version()) ? null : versions.diff(model, live, draft.version()));
    }

    @GET
    @Operation(hidden = true)
    public TemplateInstance models(@QueryParam("model") String model, @QueryParam("page") @DefaultValue("0") int page) {
        Viewer me = pages.me();
        String m = model == null || model.isBlank() ? rulesets.defaultModel() : model;
        List<RulesetVersions.VersionView> all = versions.versions(m);
        int p = Math.max(0, page);
        int from = Math.min(all.size(), p * VERSIONS_PER_PAGE);
        int to = Math.min(all.size(), from + VERSIONS_PER_PAGE);
        String base = "/console/models?model=" + LeadPages.encode(m) + "&page=";
        return Templates.models(me, rulesets.activeModels(), m, all.subList(from, to), p > 0 ? base + (p - 1) : null,
                to < all.size() ? base + (p + 1) : null, tables(rulesets.require(m)));
    }

    private static List<TableLink> tables(Ruleset live) {
        List<TableLink> tables = new ArrayList<>();
        live.files().files().forEach((file, bytes) -> {
            if (file.endsWith(RuleFiles.TABLE)) {
                List<TableGrid> grids = TablePages.read(file, bytes, new ArrayList<>());
                for (int i = 0; i < grids.size(); i++) {
                    tables.add(new TableLink(file, i, grids.get(i).sheet(), grids.get(i).kind(), grids.get(i).rows().size()));
                }
            }
        });
        return tables;
    }

    /** One stored file of any version, to open in a spreadsheet program. */
    @GET
    @Path("/{model}/versions/{version}/files/{name}")
    @Produces(MediaType.WILDCARD)
    @Operation(hidden = true)
    public Response file(@PathParam("model") String model, @PathParam("version") String version,
            @PathParam("name") String name) {
        pages.me();
        return RuleFilesResource.file(versions.storedFiles(model, version), model, version, name);
    }

    /** Every stored file of a version as one .zip. */
    @GET
    @Path("/{model}/versions/{version}/files")
    @Produces(MediaType.WILDCARD)
    @Operation(hidden = true)
    public Response zip(@PathParam("model") String model, @PathParam("version") String version) {
        pages.me();
        return RuleFilesResource.zip(versions.storedFiles(model, version), model, version);
    }

    /** The re-score of the model's latest publish or rollback; polls itself while it runs. */
    @GET
    @Path("/{model}/rescore")
    @Operation(hidden = true)
    public TemplateInstance rescore(@PathParam("model") String model) {
        pages.me();
        rulesets.require(model);
        RescoreProgress job = rescoreJobs.latest(model).orElse(null);
        int percent = job == null || job.leadsTotal() == 0 ? 100 : Math.min(100, job.leadsDone() * 100 / job.leadsTotal());
        return Templates.rescore(model, job, percent, job != null && job.running());
    }

    @POST
    @Path("/{model}/drafts/{id}/publish")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({ Roles.MARKETING_OPS, Roles.RULES_DEVELOPER, Roles.ADMIN })
    @Operation(hidden = true)
    public Response publish(@PathParam("model") String model, @PathParam("id") long id, @RestForm String summary) {
        rules.publish(model, id, new RulesResource.PublishRequest(pages.me().name(), summary));
        return ConsolePages.seeOther("/console/models?model=" + LeadPages.encode(model) + "#progress");
    }

    @POST
    @Path("/{model}/versions/{version}/activate")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({ Roles.MARKETING_OPS, Roles.RULES_DEVELOPER, Roles.ADMIN })
    @Operation(hidden = true)
    public Response activate(@PathParam("model") String model, @PathParam("version") String version,
            @RestForm String _csrf) {
        rules.activate(model, version, new RulesResource.PublishRequest(pages.me().name(), null));
        return ConsolePages.seeOther("/console/models?model=" + LeadPages.encode(model) + "#progress");
    }
}
