package dev.leadscore.ingest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.leadscore.api.Problem;
import dev.leadscore.api.ProblemException;

/**
 * HubSpot's webhook deliveries: a JSON array of contact events, signed with the app's client
 * secret (v3: base64 HMAC-SHA256 of method, URL, body and timestamp) and refused when the
 * timestamp is outside the window. Events are applied in the order they occurred in HubSpot.
 */
@Path("/api/ingest/hubspot")
@Tag(name = "Ingest")
public class HubSpotResource {
    static final int MAX_EVENTS = 1000;

    @Inject
    IngestConfig config;
    @Inject
    HubSpotIngestion hubspot;
    @Inject
    ObjectMapper json;
    @Inject
    Clock clock;

    /** How many events of the delivery were applied, already applied before, older than what is stored, or not mapped. */
    public record Applied(int applied, int duplicates, int stale, int ignored) {
    }

    @POST
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "HubSpot webhook events (contact.creation, contact.propertyChange, contact.deletion), v3-signed")
    public Applied receive(@HeaderParam("X-HubSpot-Signature-v3") String signature,
            @HeaderParam("X-HubSpot-Request-Timestamp") String timestamp, @Context UriInfo uri, byte[] body) {
        String secret = config.hubspot().clientSecret().orElseThrow(() -> ProblemException.notFound(
                "HubSpot webhooks are not set up here (leadscore.ingest.hubspot.client-secret)"));
        byte[] content = body == null ? new byte[0] : body;
        checkSignature(secret, signature, timestamp, uri, content);
        List<HubSpotEvent> events = read(content);
        Map<HubSpotIngestion.Outcome, Integer> counts = new EnumMap<>(HubSpotIngestion.Outcome.class);
        for (HubSpotEvent e : events) {
            counts.merge(hubspot.apply(e), 1, Integer::sum);
        }
        return new Applied(counts.getOrDefault(HubSpotIngestion.Outcome.APPLIED, 0),
                counts.getOrDefault(HubSpotIngestion.Outcome.DUPLICATE, 0),
                counts.getOrDefault(HubSpotIngestion.Outcome.STALE, 0),
                counts.getOrDefault(HubSpotIngestion.Outcome.IGNORED, 0));
    }

    private void checkSignature(String secret, String signature, String timestamp, UriInfo uri, byte[] content) {
        long millis;
        try {
            millis = Long.parseLong(timestamp == null ? "" : timestamp.trim());
        } catch (NumberFormatException e) {
            throw WebhookSignatures.unauthorized("X-HubSpot-Request-Timestamp must be the request time in milliseconds");
        }
        Duration age = Duration.between(Instant.ofEpochMilli(millis), clock.instant()).abs();
        Duration window = config.hubspot().window();
        if (age.compareTo(window) > 0) {
            throw WebhookSignatures.unauthorized("The request timestamp is " + age.toSeconds() + " s away from now; "
                    + "requests older than " + window.toSeconds() + " s are refused");
        }
        String url = config.hubspot().url().orElse(uri.getRequestUri().toString());
        byte[] signed = ("POST" + url + new String(content, StandardCharsets.UTF_8) + timestamp.trim())
                .getBytes(StandardCharsets.UTF_8);
        String expected = Base64.getEncoder().encodeToString(WebhookSignatures.hmac("HmacSHA256", secret, signed));
        if (!WebhookSignatures.same(expected, signature)) {
            throw WebhookSignatures.unauthorized("X-HubSpot-Signature-v3 does not match this request under the app's client secret");
        }
    }

    private List<HubSpotEvent> read(byte[] content) {
        JsonNode root;
        try {
            root = json.readTree(content);
        } catch (IOException e) {
            throw ProblemException.badRequest("The body is not JSON: " + e.getMessage(), null);
        }
        if (root == null || !root.isArray() || root.size() > MAX_EVENTS) {
            throw ProblemException.invalidField("body", "must be an array of up to " + MAX_EVENTS + " webhook events");
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        List<HubSpotEvent> events = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            HubSpotEvent e = HubSpotEvent.read(root.get(i), i, errors);
            if (e != null && HubSpotEvent.TYPES.contains(e.type())) {
                events.add(e);
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalidFields(errors);
        }
        // HubSpot does not promise delivery order: apply in the order things happened there
        events.sort(Comparator.comparing(HubSpotEvent::occurredAt).thenComparingInt(HubSpotEvent::rank));
        return events;
    }
}
