package dev.leadscore.rules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import jakarta.annotation.security.RolesAllowed;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import dev.leadscore.api.ProblemException;
import dev.leadscore.scoring.RescoreProgress;
import dev.leadscore.security.Roles;

/** Marketing Ops' way in: upload a draft, see what it would do, publish it, roll back; RevOps' diff. */
@Path("/api/rules")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Rules", description = "Versioned rulesets: drafts, what-if, publish, rollback, diff")
@RolesAllowed({ Roles.MARKETING_OPS, Roles.RULES_DEVELOPER, Roles.REVOPS, Roles.ADMIN })
public class RulesResource {

    @Inject
    io.quarkus.security.identity.SecurityIdentity identity;

    @Inject
    RulesetVersions versions;
    @Inject
    RulesetRegistry registry;
    @Inject
    RescoreProgress.Source rescoring;

    /** A model as GET /api/rules lists it. */
    public record ModelView(String model, String activeVersion, String status, List<BuildProblem> lastError,
            Instant lastErrorAt, RescoreProgress rescoring) {
    }

    /** Body of publish and activate: who does it and, for a publish, what changed in their words. */
    public record PublishRequest(String by, String summary) {
    }

    @GET
    @Operation(summary = "Models, their active versions, status, last refused change and re-scoring progress")
    public List<ModelView> models() {
        List<ModelView> models = new ArrayList<>();
        for (Map.Entry<String, RulesetRegistry.ModelState> e : registry.states().entrySet()) {
            RulesetRegistry.ModelState s = e.getValue();
            boolean refused = s.lastProblems() != null && !s.lastProblems().isEmpty();
            models.add(new ModelView(e.getKey(), s.active() == null ? null : s.active().version(),
                    s.active() == null ? "NOT_LOADED" : refused ? "LAST_CHANGE_REFUSED" : "OK",
                    refused ? s.lastProblems() : List.of(), s.lastFailureAt(), rescoring.latest(e.getKey()).orElse(null)));
        }
        return models;
    }

    @POST
    @Path("/{model}/drafts")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed({ Roles.MARKETING_OPS, Roles.RULES_DEVELOPER, Roles.ADMIN })
    @Operation(summary = "Upload changed files (parts named 'file'; a .zip replaces the whole model): validation and what-if")
    public Response draft(@PathParam("model") String model, @RestForm("file") List<FileUpload> files,
            @RestForm("by") String by) {
        List<RulesetVersions.Upload> uploads = new ArrayList<>();
        for (FileUpload f : files == null ? List.<FileUpload>of() : files) {
            try {
                uploads.add(new RulesetVersions.Upload(f.fileName(), Files.readAllBytes(f.uploadedFile())));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Response.status(Response.Status.CREATED).entity(versions.draft(model, uploads, actor(by), RuleCode.mayChange(identity))).build();
    }

    @POST
    @Path("/{model}/drafts/{id}/publish")
    @RolesAllowed({ Roles.MARKETING_OPS, Roles.RULES_DEVELOPER, Roles.ADMIN })
    @Operation(summary = "Publish a draft: it goes live, is written to the rules folder, stored leads are re-scored")
    public RulesetVersions.Activation publish(@PathParam("model") String model, @PathParam("id") long id,
            PublishRequest request) {
        return versions.publish(model, id, actor(request == null ? null : request.by()), request == null ? null : request.summary());
    }

    @GET
    @Path("/{model}/versions")
    @Operation(summary = "Every stored version of the model, newest first")
    public List<RulesetVersions.VersionView> versions(@PathParam("model") String model) {
        return versions.versions(model);
    }

    @POST
    @Path("/{model}/versions/{version}/activate")
    @RolesAllowed({ Roles.MARKETING_OPS, Roles.RULES_DEVELOPER, Roles.ADMIN })
    @Operation(summary = "Make a stored version live again (rollback)")
    public RulesetVersions.Activation activate(@PathParam("model") String model, @PathParam("version") String version,
            PublishRequest request) {
        return versions.activate(model, version, actor(request == null ? null : request.by()));
    }

    @GET
    @Path("/{model}/diff")
    @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
    @Operation(summary = "What changed between two versions (default: the one live before the active one, and the active one)")
    public Response diff(@PathParam("model") String model, @QueryParam("from") String from, @QueryParam("to") String to,
            @jakarta.ws.rs.core.Context jakarta.ws.rs.core.HttpHeaders headers) {
        RulesetDiff diff = versions.diff(model, from, to);
        boolean text = headers.getAcceptableMediaTypes().stream().findFirst()
                .map(m -> m.isCompatible(MediaType.TEXT_PLAIN_TYPE) && !m.isWildcardType()).orElse(false);
        return text ? Response.ok(diff.render(), MediaType.TEXT_PLAIN_TYPE).build()
                : Response.ok(diff, MediaType.APPLICATION_JSON_TYPE).build();
    }

    @GET
    @Path("/{model}/versions/{version}/drl")
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(summary = "A version's tables read as rules and the DRL compiled for it, for review (nothing is compiled to show it)")
    public String generatedDrl(@PathParam("model") String model, @PathParam("version") String version) {
        if (version == null || !version.matches("[0-9a-f]{16}")) {
            throw ProblemException.invalidField("version", "a version is 16 hex digits");
        }
        return versions.generatedDrl(model, version);
    }

    /**
     * Who changed the rules, for the audit trail: the name of the API key that made the request,
     * with the name the client gives (a person behind a shared tool) in parentheses.
     */
    private String actor(String claimed) {
        String key = identity == null || identity.isAnonymous() ? null : identity.getPrincipal().getName();
        if (key == null) {
            return claimed;
        }
        return claimed == null || claimed.isBlank() || claimed.equals(key) ? key : key + " (for " + claimed + ")";
    }
}
