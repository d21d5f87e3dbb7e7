package dev.leadscore.ingest;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.leadscore.api.Problem;
import dev.leadscore.api.ProblemException;

/**
 * Segment's webhook destination: single calls and batches as Segment sends them, signed with the
 * source's shared secret ({@code X-Signature}: hex HMAC-SHA1 of the body). The signature is the
 * authentication, so no API key is needed. The whole request is read and checked first; a request
 * with any bad call is refused whole, naming each field, before anything is applied.
 */
@Path("/api/ingest/segment")
@Tag(name = "Ingest", description = "Data as CDPs and CRMs send it")
public class SegmentResource {
    static final int MAX_CALLS = 2500;

    @Inject
    SegmentSources sources;
    @Inject
    Ingestion ingestion;
    @Inject
    ObjectMapper json;
    @Inject
    Clock clock;

    public record Applied(int accepted, int duplicates) {
    }

    @POST
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Segment calls (identify, track, page, screen, group, alias) or a batch of them, signed with X-Signature")
    public Applied receive(@QueryParam("source") @DefaultValue("segment") String sourceName,
            @HeaderParam("X-Signature") String signature, byte[] body) {
        SegmentSources.Source source = sources.get(sourceName);
        if (source == null) {
            throw ProblemException.notFound("No Segment source '" + sourceName + "' is configured "
                    + "(leadscore.ingest.segment." + sourceName + ".secret)");
        }
        byte[] content = body == null ? new byte[0] : body;
        String expected = HexFormat.of().formatHex(WebhookSignatures.hmac("HmacSHA1", source.secret(), content));
        if (!WebhookSignatures.same(expected, signature)) {
            throw WebhookSignatures.unauthorized("X-Signature must be the hex HMAC-SHA1 of the body under the shared "
                    + "secret of source '" + sourceName + "'");
        }
        List<SegmentMessage> messages = read(content, source.mapping());
        int accepted = 0;
        for (SegmentMessage m : messages) {
            if (ingestion.apply(source.name(), m)) {
                accepted++;
            }
        }
        return new Applied(accepted, messages.size() - accepted);
    }

    List<SegmentMessage> read(byte[] content, SourceMapping mapping) {
        JsonNode root;
        try {
            root = json.readTree(content);
        } catch (IOException e) {
            throw ProblemException.badRequest("The body is not JSON: " + e.getMessage(), null);
        }
        if (root == null || !root.isObject()) {
            throw ProblemException.invalidField("body", "must be a Segment call or {\"batch\": [...]}");
        }
        Instant now = clock.instant();
        List<Problem.FieldError> errors = new ArrayList<>();
        List<SegmentMessage> out = new ArrayList<>();
        JsonNode batch = root.get("batch");
        if (batch != null) {
            if (!batch.isArray() || batch.isEmpty() || batch.size() > MAX_CALLS) {
                throw ProblemException.invalidField("batch", "must be an array of 1 to " + MAX_CALLS + " calls");
            }
            for (int i = 0; i < batch.size(); i++) {
                out.add(SegmentMessage.read(batch.get(i), root.get("context"), "batch[" + i + "]", mapping, json, now, errors));
            }
        } else {
            out.add(SegmentMessage.read(root, null, "", mapping, json, now, errors));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalidFields(errors);
        }
        return out;
    }
}
