package dev.leadscore.rules;

import dev.leadscore.scoring.Ruleset;
import dev.leadscore.scoring.RuleFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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

import dev.leadscore.api.ProblemException;
import dev.leadscore.scoring.table.BandRow;
import dev.leadscore.scoring.table.Condition;
import dev.leadscore.scoring.table.TableRow;
import dev.leadscore.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Models as first-class objects: create one (from the shipped empty template or a copy of an
 * existing model, with its own tables and example leads), list them, describe what one uses
 * (fields, conditions, settings, bands, value groups), and retire one.
 */
@Path("/api/models")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.MARKETING_OPS, Roles.RULES_DEVELOPER, Roles.REVOPS, Roles.ADMIN })
public class ModelsResource {
    static final String EMPTY = "empty";
    static final List<String> TEMPLATE_FILES = List.of("fit.xlsx", "engagement.xlsx", "negative.xlsx", "thresholds.xlsx",
            "scoring.drl");

    @Inject
    RulesetRegistry registry;
    @Inject
    RulesetVersions versions;
    @Inject
    SecurityIdentity identity;

    public record ModelSummary(String name, String activeVersion, String status, int rules, List<String> files) {
    }

    public record RuleView(String name, String kind, String source, String describe) {
    }

    public record ModelDescription(String name, String version, List<String> fields, List<String> eventTypes,
            List<RuleView> rules, Map<String, Double> settings, List<BandRow> bands, List<Map<String, Object>> valueGroups,
            List<String> drl) {
    }

    @GET
    @Operation(summary = "Every model: its active version and state")
    public List<ModelSummary> list() {
        List<ModelSummary> out = new ArrayList<>();
        registry.states().forEach((name, s) -> out.add(new ModelSummary(name, s.active() == null ? null : s.active().version(),
                s.active() == null ? "NOT_LOADED" : s.lastProblems() != null && !s.lastProblems().isEmpty()
                        ? "LAST_CHANGE_REFUSED" : "OK",
                s.active() == null ? 0 : s.active().tables().rows().size(),
                s.active() == null ? List.of() : List.copyOf(s.active().files().files().keySet()))));
        return out;
    }

    @GET
    @Path("/{model}")
    @Operation(summary = "What a model uses: profile fields and event types, each rule with its conditions, settings, bands, value groups")
    public ModelDescription describe(@PathParam("model") String model) {
        Ruleset r = registry.require(model);
        TreeSet<String> fields = new TreeSet<>();
        TreeSet<String> eventTypes = new TreeSet<>();
        List<RuleView> rules = new ArrayList<>();
        for (TableRow row : r.tables().rows()) {
            for (Condition c : row.getConditions()) {
                if (c.field().onEvent()) {
                    if (c.field().kind() == dev.leadscore.scoring.table.Field.Kind.EVENT_TYPE) {
                        eventTypes.addAll(c.items());
                    } else {
                        fields.add("event " + c.field().label());
                    }
                } else {
                    fields.add(c.field().label());
                }
            }
            rules.add(new RuleView(row.getName(), row.getKind().name(), row.getSource(), row.describe()));
        }
        Map<String, Double> settings = new LinkedHashMap<>();
        r.tables().getSettings().forEach(s -> settings.put(s.getName(), s.getValue()));
        List<Map<String, Object>> groups = r.tables().getGroups().stream()
                .map(g -> Map.<String, Object>of("field", g.field().label(), "group", g.name(), "values", g.values())).toList();
        List<String> drl = r.files().files().keySet().stream().filter(f -> f.endsWith(RuleFiles.DRL)).toList();
        return new ModelDescription(model, r.version(), List.copyOf(fields), List.copyOf(eventTypes), rules, settings,
                r.tables().getBands(), groups, drl);
    }

    /**
     * Multipart: {@code name}, {@code template} ({@code empty}, the default, or an existing model
     * to copy) and optional {@code file} parts (tables, {@code examples.yaml}) that replace the
     * template's files of the same name. DRL parts need the rules-developer role.
     */
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed({ Roles.MARKETING_OPS, Roles.RULES_DEVELOPER, Roles.ADMIN })
    @Operation(summary = "Create a model from the empty template or a copy of a model, with its own tables and example leads")
    public Response create(@RestForm String name, @RestForm String template, @RestForm("file") List<FileUpload> files) {
        if (name == null || !RulesetRegistry.MODEL_NAME.matcher(name).matches()) {
            throw ProblemException.invalidField("name", "a model name is 1-64 lower-case letters, digits, '-' or '_', "
                    + "starting with a letter or digit");
        }
        String from = template == null || template.isBlank() ? EMPTY : template.strip();
        Map<String, byte[]> content = new TreeMap<>(from.equals(EMPTY) ? emptyTemplate() : registry.active(from)
                .orElseThrow(() -> ProblemException.invalidField("template", "no model '" + from + "'; use '" + EMPTY
                        + "' or one of " + String.join(", ", registry.activeModels())))
                .files().files());
        RuleFiles templateFiles = RuleFiles.of(content);
        for (FileUpload f : files == null ? List.<FileUpload>of() : files) {
            String fileName = f.fileName() == null ? "" : f.fileName().replace('\\', '/');
            fileName = fileName.substring(fileName.lastIndexOf('/') + 1);
            if (!RuleFiles.isRuleFile(fileName)) {
                throw ProblemException.invalidField(fileName, "not a model file: upload tables (*.xlsx), *.drl or "
                        + RuleFiles.EXAMPLES);
            }
            try {
                content.put(fileName, Files.readAllBytes(f.uploadedFile()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        RuleFiles model = RuleFiles.of(content);
        if (!RuleCode.mayChange(identity)) {
            RuleCode.requireUnchanged(templateFiles, model);
        }
        RulesetVersions.Activation created = versions.create(name, model, identity.getPrincipal().getName());
        return Response.status(Response.Status.CREATED).entity(created).build();
    }

    @DELETE
    @Path("/{model}")
    @RolesAllowed({ Roles.MARKETING_OPS, Roles.RULES_DEVELOPER, Roles.ADMIN })
    @Operation(summary = "Retire a model: it stops scoring; its versions, stored leads and scores are kept")
    public Response retire(@PathParam("model") String model) {
        versions.retire(model, identity.getPrincipal().getName());
        return Response.noContent().build();
    }

    static Map<String, byte[]> emptyTemplate() {
        Map<String, byte[]> files = new TreeMap<>();
        for (String f : TEMPLATE_FILES) {
            try (InputStream in = ModelsResource.class.getClassLoader()
                    .getResourceAsStream("dev/leadscore/templates/empty/" + f)) {
                files.put(f, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }
}
