package dev.leadscore.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.leadscore.api.Problem;
import dev.leadscore.leads.EventInput;
import dev.leadscore.leads.InputCheck;
import dev.leadscore.leads.LeadProfile;

/**
 * One Segment call (identify, track, page, screen, group, alias) read into what it does here.
 *
 * @param key        what makes a re-delivery recognisable: the type and {@code messageId}, or a
 *                   hash of the message when it has none
 * @param userId     the known id, if any
 * @param anonymousId the visitor id, if any
 * @param previousId an alias call's former id
 * @param groupId    the account (a group call's {@code groupId}, else {@code context.groupId})
 * @param event      the behavioural event of a track, page or screen call
 * @param profile    profile fields of an identify call (field -> value)
 * @param account    profile fields a group call gives its contacts
 */
record SegmentMessage(String type, String key, String userId, String anonymousId, String previousId, String groupId,
        EventInput event, Map<String, Object> profile, Map<String, Object> account) {

    static final Set<String> TYPES = Set.of("identify", "track", "page", "screen", "group", "alias");
    private static final Pattern LOOSE_DATE = Pattern.compile("^(\\d{4})-(\\d{1,2})-(\\d{1,2})T(.*)$");

    /** The id the call is about: its user id, else its visitor id. */
    String leadId() {
        return userId != null ? userId : anonymousId;
    }

    /**
     * Reads the call {@code node} (of a batch whose shared context is {@code batchContext}),
     * adding each problem under {@code prefix}; returns null when there was any.
     */
    static SegmentMessage read(JsonNode node, JsonNode batchContext, String prefix, SourceMapping mapping,
            ObjectMapper json, Instant receivedAt, List<Problem.FieldError> errors) {
        int before = errors.size();
        if (node == null || !node.isObject()) {
            errors.add(new Problem.FieldError(prefix.isEmpty() ? "body" : prefix, "must be a Segment call (a JSON object)"));
            return null;
        }
        String type = text(node, "type");
        if (type == null || !TYPES.contains(type)) {
            errors.add(field(prefix, "type", "must be one of identify, track, page, screen, group, alias"));
            return null;
        }
        String userId = id(node, "userId", prefix, errors);
        String anonymousId = id(node, "anonymousId", prefix, errors);
        String previousId = id(node, "previousId", prefix, errors);
        if (userId == null && anonymousId == null) {
            errors.add(field(prefix, "userId", "a call needs a userId or an anonymousId"));
        }
        if (type.equals("alias") && (userId == null || previousId == null)) {
            errors.add(field(prefix, userId == null ? "userId" : "previousId", "an alias call needs userId and previousId"));
        }
        JsonNode context = context(node, batchContext);
        String groupId = type.equals("group") ? id(node, "groupId", prefix, errors) : id(context, "groupId", prefix + ".context", errors);
        if (type.equals("group") && groupId == null) {
            errors.add(field(prefix, "groupId", "a group call needs a groupId"));
        }
        Instant at = time(node, prefix, errors);
        String messageId = text(node, "messageId");
        if (messageId != null && messageId.length() > 200) {
            errors.add(field(prefix, "messageId", "must be at most 200 characters"));
        }
        String key = type + ":" + (messageId != null ? messageId : "sha256:" + sha256(node.toString()));

        EventInput event = null;
        Map<String, Object> profile = Map.of();
        Map<String, Object> account = Map.of();
        switch (type) {
            case "track" -> {
                String name = text(node, "event");
                if (name == null || name.isBlank()) {
                    errors.add(field(prefix, "event", "a track call needs an event name"));
                } else {
                    event = new EventInput(eventId(messageId, key), mapping.eventType(name), at != null ? at : receivedAt,
                            mapping.eventProperties(node.get("properties")));
                }
            }
            case "page", "screen" -> {
                // analytics.js sends the page's path and url both as properties and in context.page
                ObjectNode properties = json.createObjectNode();
                if (type.equals("page") && context.get("page") instanceof ObjectNode page) {
                    properties.setAll(page);
                }
                if (node.get("properties") instanceof ObjectNode own) {
                    properties.setAll(own);
                }
                if (text(node, "name") != null) {
                    properties.put("name", text(node, "name"));
                }
                if (text(node, "category") != null) {
                    properties.put("category", text(node, "category"));
                }
                event = new EventInput(eventId(messageId, key), mapping.eventType(type), at != null ? at : receivedAt,
                        mapping.eventProperties(properties));
            }
            case "identify" -> profile = checked(mapping.profileFields(node.get("traits")), json, prefix + ".traits", errors);
            case "group" -> account = checked(mapping.accountFields(node.get("traits")), json, prefix + ".traits", errors);
            default -> {
            }
        }
        if (groupId != null) {
            account = new LinkedHashMap<>(account);
            account.put("accountId", groupId);
        }
        return errors.size() > before ? null
                : new SegmentMessage(type, key, userId, anonymousId, previousId, groupId, event, profile, account);
    }

    /** Fields whose values a profile can hold; each one it cannot is a problem naming the field. */
    private static Map<String, Object> checked(Map<String, Object> fields, ObjectMapper json, String prefix,
            List<Problem.FieldError> errors) {
        for (Map.Entry<String, Object> f : fields.entrySet()) {
            try {
                SourceMapping.apply(json, new LeadProfile(null, null, null, null, null, null, null, null, null, null),
                        Map.of(f.getKey(), f.getValue()));
            } catch (IllegalArgumentException e) {
                errors.add(new Problem.FieldError(prefix, "the value of profile field " + f.getKey() + " cannot be read: " + f.getValue()));
            }
        }
        return fields;
    }

    private static String eventId(String messageId, String key) {
        String id = messageId != null ? messageId : key;
        return id.length() > 200 ? id.substring(0, 200) : id;
    }

    /** The call's context over the batch's shared one. */
    private static JsonNode context(JsonNode node, JsonNode batchContext) {
        JsonNode own = node.get("context");
        if (batchContext instanceof ObjectNode shared && own instanceof ObjectNode mine) {
            ObjectNode merged = shared.deepCopy();
            merged.setAll(mine);
            return merged;
        }
        return own != null && own.isObject() ? own : batchContext != null && batchContext.isObject() ? batchContext
                : com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    }

    /** The event time: {@code timestamp}, else {@code originalTimestamp}, else {@code sentAt}; null when none. */
    private static Instant time(JsonNode node, String prefix, List<Problem.FieldError> errors) {
        for (String name : List.of("timestamp", "originalTimestamp", "sentAt")) {
            String value = text(node, name);
            if (value != null) {
                Instant t = parseTime(value);
                if (t == null) {
                    errors.add(field(prefix, name, "cannot read '" + value + "' as an ISO-8601 date and time"));
                }
                return t;
            }
        }
        return null;
    }

    /** ISO-8601 with an offset; a single-digit month or day (as some senders write them) is accepted. */
    static Instant parseTime(String value) {
        String v = value.trim();
        Matcher m = LOOSE_DATE.matcher(v);
        if (m.matches()) {
            v = m.group(1) + "-" + pad(m.group(2)) + "-" + pad(m.group(3)) + "T" + m.group(4);
        }
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String pad(String s) {
        return s.length() == 1 ? "0" + s : s;
    }

    private static String id(JsonNode node, String name, String prefix, List<Problem.FieldError> errors) {
        JsonNode v = node == null ? null : node.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        String id = v.isTextual() ? v.textValue().trim() : v.isNumber() ? v.asText() : null;
        if (id == null || id.isEmpty()) {
            return null;
        }
        if (!InputCheck.isLeadId(id)) {
            errors.add(field(prefix, name, "'" + id + "' cannot name a lead: 1-200 letters, digits and _ . : @ + -"));
            return null;
        }
        return id;
    }

    private static String text(JsonNode node, String name) {
        JsonNode v = node.get(name);
        return v == null || v.isNull() ? null : v.isValueNode() ? v.asText() : null;
    }

    private static Problem.FieldError field(String prefix, String name, String message) {
        return new Problem.FieldError(prefix.isEmpty() ? name : prefix + "." + name, message);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
