package dev.leadscore.backtest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.zip.GZIPInputStream;

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

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import dev.leadscore.api.ProblemException;
import dev.leadscore.security.Roles;
import io.smallrye.common.annotation.Blocking;

/**
 * Backtests and proposals over HTTP: send a CRM export and a mapping; the job goes on in the
 * background and its report is kept and listed.
 */
@Path("/api/backtests")
@RolesAllowed({ Roles.MARKETING_OPS, Roles.RULES_DEVELOPER, Roles.REVOPS, Roles.ADMIN })
public class BacktestResource {

    @Inject
    BacktestService service;
    @Inject
    io.quarkus.security.identity.SecurityIdentity identity;

    /**
     * Multipart: {@code model} (text), {@code leads} (CSV), {@code mapping} (YAML or JSON),
     * optional {@code events} (CSV), {@code draft} (the draft's rule files, one part each) or
     * {@code draftVersion} (a stored version of the model, such as a proposed draft) and
     * {@code join} (files the mapping joins, by file name). Answers 202 as soon as the files are
     * checked and kept; the run goes on in the background ({@code GET {id}/status}).
     */
    @POST
    @Blocking
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    public Response run(@RestForm String model, @RestForm FileUpload leads, @RestForm FileUpload mapping,
            @RestForm FileUpload events, @RestForm("draft") List<FileUpload> draft, @RestForm String draftVersion,
            @RestForm("join") List<FileUpload> join) {
        List<BacktestService.Upload> joins = join == null ? List.of() : join.stream().map(BacktestResource::upload).toList();
        BacktestService.Summary s;
        if (draftVersion != null && !draftVersion.isBlank()) {
            if (draft != null && !draft.isEmpty()) {
                throw ProblemException.invalidField("draftVersion", "send either the draft's files or a stored draftVersion, not both");
            }
            s = service.start(model, upload(leads), upload(mapping), upload(events), draftVersion, joins);
        } else {
            dev.leadscore.rules.RuleCode.requireMayDraft(identity, draft == null ? List.of() : draft.stream().map(FileUpload::fileName).toList());
            s = service.start(model, upload(leads), upload(mapping), upload(events),
                    draft == null ? List.of() : draft.stream().map(BacktestResource::upload).toList(), joins);
        }
        return Response.accepted(s).location(URI.create(s.links().get("self"))).build();
    }

    @Inject
    ProposalService proposals;

    /**
     * Proposes a model from an export: multipart {@code model}, {@code leads}, {@code mapping},
     * optional {@code events}, {@code join}, {@code rows} (at most, default 15) and
     * {@code qualifiedShare} (default 0.2). Answers 202 as soon as the files are checked and kept;
     * the proposal is fitted in the background ({@code GET proposals/{id}/status}) and, when done,
     * filed as a draft of the model (open it, edit it, backtest it, publish it like any draft).
     */
    @POST
    @Path("proposals")
    @RolesAllowed({ Roles.MARKETING_OPS, Roles.RULES_DEVELOPER, Roles.ADMIN })
    @Blocking
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    public Response propose(@RestForm String model, @RestForm FileUpload leads, @RestForm FileUpload mapping,
            @RestForm FileUpload events, @RestForm("join") List<FileUpload> join, @RestForm Integer rows,
            @RestForm Double qualifiedShare) {
        ProposalService.Summary s = proposals.start(model, upload(leads), upload(mapping), upload(events),
                join == null ? List.of() : join.stream().map(BacktestResource::upload).toList(), rows, qualifiedShare,
                identity == null || identity.isAnonymous() ? null : identity.getPrincipal().getName());
        return Response.accepted(s).location(URI.create(s.links().get("self"))).build();
    }

    @GET
    @Path("proposals")
    @Produces(MediaType.APPLICATION_JSON)
    public List<ProposalService.Summary> proposals() {
        return proposals.list();
    }

    /** Whether the proposal is going, done (with the draft it was filed as) or failed, and how far it is. */
    @GET
    @Path("proposals/{id}/status")
    @Produces(MediaType.APPLICATION_JSON)
    public ProposalService.Summary proposalStatus(@PathParam("id") long id) {
        return proposals.status(id).orElseThrow(() -> ProblemException.notFound("No proposal " + id));
    }

    /** The proposal with its evidence and the draft it was filed as, once done (409 while it runs or when it failed). */
    @GET
    @Path("proposals/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public String proposal(@PathParam("id") long id) {
        return proposalRecord(id).report;
    }

    @GET
    @Path("proposals/{id}/report")
    @Produces(MediaType.TEXT_HTML)
    public String proposalPage(@PathParam("id") long id) {
        return proposalRecord(id).html;
    }

    private BacktestRecord proposalRecord(long id) {
        return proposals.find(id).orElseThrow(() -> ProblemException.notFound("No proposal " + id));
    }

    private static BacktestService.Upload upload(FileUpload f) {
        return f == null ? null : new BacktestService.Upload(f.fileName(), f.uploadedFile());
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<BacktestService.Summary> list() {
        return service.list();
    }

    /** Whether the run is going, done or failed, and how far it has read. */
    @GET
    @Path("{id}/status")
    @Produces(MediaType.APPLICATION_JSON)
    public BacktestService.Summary status(@PathParam("id") long id) {
        return service.status(id).orElseThrow(() -> ProblemException.notFound("No backtest " + id));
    }

    /** The report as JSON once the run is done (409 while it runs or when it failed). */
    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public String report(@PathParam("id") long id) {
        return find(id).report;
    }

    @GET
    @Path("{id}/report")
    @Produces(MediaType.TEXT_HTML)
    public String html(@PathParam("id") long id) {
        return find(id).html;
    }

    /** The per-lead scores of the run, to check the report independently. */
    @GET
    @Path("{id}/scores")
    @Produces("text/csv")
    public byte[] scores(@PathParam("id") long id) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(find(id).scoresCsvGz))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private BacktestRecord find(long id) {
        return service.find(id).orElseThrow(() -> ProblemException.notFound("No backtest " + id));
    }
}
