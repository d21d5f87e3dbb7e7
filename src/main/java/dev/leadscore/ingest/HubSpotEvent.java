package dev.leadscore.ingest;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.leadscore.api.Problem;

/** One event of a HubSpot webhook delivery, as this service uses it. */
record HubSpotEvent(String eventId, String type, String leadId, Instant occurredAt, String propertyName,
        JsonNode propertyValue) {

    static final String CREATION = "contact.creation";
    static final String CHANGE = "contact.propertyChange";
    static final String DELETION = "contact.deletion";
    static final Set<String> TYPES = Set.of(CREATION, CHANGE, DELETION);

    /** Applied in this order when they occurred at the same instant: created, changed, deleted. */
    int rank() {
        return type.equals(CREATION) ? 0 : type.equals(CHANGE) ? 1 : 2;
    }

    /** Reads event {@code i} of a delivery; null (with the problems added) when it cannot be used. */
    static HubSpotEvent read(JsonNode node, int i, List<Problem.FieldError> errors) {
        String prefix = "[" + i + "]";
        if (node == null || !node.isObject()) {
            errors.add(new Problem.FieldError(prefix, "must be a webhook event object"));
            return null;
        }
        int before = errors.size();
        JsonNode eventId = node.get("eventId");
        JsonNode objectId = node.get("objectId");
        JsonNode occurredAt = node.get("occurredAt");
        String type = node.path("subscriptionType").asText(null);
        if (eventId == null || !(eventId.isIntegralNumber() || eventId.isTextual())) {
            errors.add(new Problem.FieldError(prefix + ".eventId", "is required"));
        }
        if (objectId == null || !(objectId.isIntegralNumber() || objectId.isTextual()) || objectId.asText().isBlank()) {
            errors.add(new Problem.FieldError(prefix + ".objectId", "is required (the contact's id)"));
        }
        if (occurredAt == null || !occurredAt.isIntegralNumber()) {
            errors.add(new Problem.FieldError(prefix + ".occurredAt", "is required (milliseconds since 1970)"));
        }
        if (type == null) {
            errors.add(new Problem.FieldError(prefix + ".subscriptionType", "is required"));
        }
        if (CHANGE.equals(type) && node.path("propertyName").asText("").isBlank()) {
            errors.add(new Problem.FieldError(prefix + ".propertyName", "is required for contact.propertyChange"));
        }
        if (errors.size() > before) {
            return null;
        }
        return new HubSpotEvent(eventId.asText(), type, objectId.asText().trim(), Instant.ofEpochMilli(occurredAt.asLong()),
                node.path("propertyName").asText(null), node.get("propertyValue"));
    }
}
