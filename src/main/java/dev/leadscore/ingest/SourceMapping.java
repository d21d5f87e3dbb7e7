package dev.leadscore.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import dev.leadscore.backtest.Mapping;
import dev.leadscore.leads.CompanyProfile;
import dev.leadscore.leads.LeadProfile;

/**
 * How one source's data becomes profiles and events: a YAML file Marketing Ops can read, in the
 * format of the backtest mapping where the two overlap ({@code leads.fields}, {@code leads.values},
 * {@code events.types}, {@code events.properties}, {@code events.propertyValues}); here the right
 * side names a trait or property of the message (a dotted path for nested ones) instead of a CSV
 * column. {@code accounts.fields} maps group traits to the profile fields of the group's contacts.
 * See docs/integrations.md.
 */
public record SourceMapping(Mapping.LeadColumns leads, Mapping.LeadColumns accounts, Mapping.EventColumns events) {
    static final String ATTRIBUTES = "attributes.";
    /** Every field a mapping can fill: the profile's own and its company's, as integrations send them. */
    static final Set<String> PROFILE_FIELDS = Stream.concat(
            Stream.of(LeadProfile.class.getRecordComponents()).map(c -> c.getName())
                    .filter(n -> !n.equals("company") && !n.equals("attributes") && !n.equals("model")),
            Stream.of(CompanyProfile.class.getRecordComponents()).map(c -> "company." + c.getName()))
            .collect(Collectors.toCollection(TreeSet::new));

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The built-in mapping of a Segment source. */
    static SourceMapping segmentDefaults() {
        return builtIn("segment-mapping.yaml");
    }

    /** A mapping shipped with the service. */
    static SourceMapping builtIn(String name) {
        try (InputStream in = SourceMapping.class.getResourceAsStream(name)) {
            return parse(in.readAllBytes(), name + " (built in)");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a mapping file; a file that is not a valid mapping fails with every problem named. */
    static SourceMapping read(Path file) {
        try {
            return parse(Files.readAllBytes(file), file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the mapping file " + file + ": " + e.getMessage(), e);
        }
    }

    static SourceMapping parse(byte[] content, String fileName) {
        SourceMapping m;
        try {
            m = YAML.readValue(new String(content, StandardCharsets.UTF_8), SourceMapping.class);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
            throw new IllegalArgumentException(fileName + ": not a valid mapping" + where + ": " + e.getOriginalMessage(), e);
        }
        if (m == null) {
            throw new IllegalArgumentException(fileName + ": the mapping file is empty");
        }
        List<String> errors = new ArrayList<>();
        m.check(errors);
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(fileName + ": " + String.join("; ", errors));
        }
        return m;
    }

    private void check(List<String> errors) {
        for (String section : List.of("leads", "accounts")) {
            Mapping.LeadColumns c = section.equals("leads") ? leads : accounts;
            if (c == null) {
                continue;
            }
            unused(errors, section, Map.of("id", c.id() != null, "asOf", c.asOf() != null, "dateFormat", c.dateFormat() != null,
                    "timeZone", c.timeZone() != null, "outcome", c.outcome() != null, "scale", c.scale() != null,
                    "listSeparator", c.listSeparator() != null));
            for (String target : fieldsOf(c).keySet()) {
                if (!PROFILE_FIELDS.contains(target) && !(target.startsWith(ATTRIBUTES) && target.length() > ATTRIBUTES.length())) {
                    errors.add("'" + section + ".fields." + target + "' is not a profile field; use one of " + PROFILE_FIELDS
                            + " or attributes.<name>");
                }
            }
        }
        if (events != null) {
            unused(errors, "events", Map.of("leadId", events.leadId() != null, "id", events.id() != null,
                    "type", events.type() != null, "occurredAt", events.occurredAt() != null,
                    "dateFormat", events.dateFormat() != null, "timeZone", events.timeZone() != null,
                    "propertiesJson", events.propertiesJson() != null));
            if (events.types() != null) {
                events.types().forEach((name, type) -> {
                    if (type == null || !type.matches("[A-Za-z][A-Za-z0-9_.:-]{0,63}")) {
                        errors.add("'events.types." + name + "' must name an event type: a letter, then letters, digits, _ . : - (at most 64)");
                    }
                });
            }
        }
    }

    private static void unused(List<String> errors, String section, Map<String, Boolean> given) {
        given.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).sorted().forEach(key -> errors.add(
                "'" + section + "." + key + "' belongs to CSV imports and has no meaning for a live source"));
    }

    private static Map<String, String> fieldsOf(Mapping.LeadColumns c) {
        return c == null || c.fields() == null ? Map.of() : c.fields();
    }

    /** The profile fields the traits of an identify call give (target field -> value), values translated. */
    Map<String, Object> profileFields(JsonNode traits) {
        return fields(leads, traits);
    }

    /** The profile fields the traits of a group call give the group's contacts. */
    Map<String, Object> accountFields(JsonNode traits) {
        return fields(accounts, traits);
    }

    private static Map<String, Object> fields(Mapping.LeadColumns section, JsonNode traits) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (traits == null || !traits.isObject()) {
            return out;
        }
        fieldsOf(section).forEach((target, path) -> {
            JsonNode v = find(traits, path);
            if (v != null && !v.isNull()) {
                out.put(target, translate(section.values() == null ? null : section.values().get(target), v));
            }
        });
        return out;
    }

    /** The event type of a track call named {@code name}, or of a page or screen call ({@code "page"}, {@code "screen"}). */
    String eventType(String name) {
        if (events != null && events.types() != null) {
            for (Map.Entry<String, String> e : events.types().entrySet()) {
                if (e.getKey().equalsIgnoreCase(name.trim())) {
                    return e.getValue();
                }
            }
        }
        String type = name.trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.:-]+", "_").replaceAll("^[^a-z]+", "");
        return type.isEmpty() ? "event" : type.length() > 64 ? type.substring(0, 64) : type;
    }

    /** The event's properties: the message's own plain values, then the mapped ones (translated). */
    Map<String, Object> eventProperties(JsonNode properties) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (properties == null || !properties.isObject()) {
            return out;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext() && out.size() < 90;) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getValue().isValueNode() && !f.getValue().isNull()) {
                out.put(f.getKey(), plain(f.getValue()));
            }
        }
        if (events != null && events.properties() != null) {
            events.properties().forEach((target, path) -> {
                JsonNode v = find(properties, path);
                if (v != null && !v.isNull()) {
                    out.put(target, translate(events.propertyValues() == null ? null : events.propertyValues().get(target), v));
                }
            });
        }
        return out;
    }

    /**
     * {@code path} (dotted) in {@code node}. Segment treats trait names as case-insensitive and
     * sends them camel- or snake-cased, so a segment matches ignoring case and underscores.
     */
    static JsonNode find(JsonNode node, String path) {
        JsonNode at = node;
        for (String part : path.split("\\.")) {
            if (at == null || !at.isObject()) {
                return null;
            }
            JsonNode exact = at.get(part);
            if (exact != null) {
                at = exact;
                continue;
            }
            String wanted = loose(part);
            JsonNode found = null;
            for (Iterator<Map.Entry<String, JsonNode>> it = at.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> f = it.next();
                if (loose(f.getKey()).equals(wanted)) {
                    found = f.getValue();
                    break;
                }
            }
            at = found;
        }
        return at;
    }

    private static String loose(String key) {
        return key.replace("_", "").replace(" ", "").toLowerCase(Locale.ROOT);
    }

    private static Object translate(Map<String, String> values, JsonNode v) {
        Object plain = plain(v);
        if (values != null && plain instanceof String s) {
            for (Map.Entry<String, String> e : values.entrySet()) {
                if (e.getKey().equalsIgnoreCase(s.trim())) {
                    return e.getValue() == null || e.getValue().isEmpty() ? null : e.getValue();
                }
            }
        }
        return plain;
    }

    private static Object plain(JsonNode v) {
        if (v.isTextual()) {
            return v.textValue();
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isNumber()) {
            return v.numberValue();
        }
        if (v.isArray()) {
            List<Object> items = new ArrayList<>();
            v.forEach(i -> items.add(plain(i)));
            return items;
        }
        return v.toString();
    }

    /**
     * {@code profile} with {@code fields} (target field -> value) written over it. Throws
     * {@link IllegalArgumentException} naming the field whose value the profile cannot hold.
     */
    static LeadProfile apply(ObjectMapper json, LeadProfile profile, Map<String, Object> fields) {
        ObjectNode node = profile == null ? json.createObjectNode() : json.valueToTree(profile);
        for (Map.Entry<String, Object> f : fields.entrySet()) {
            String[] parts = f.getKey().split("\\.", 2);
            ObjectNode parent = parts.length == 1 ? node : node.with(parts[0]);
            String name = parts.length == 1 ? parts[0] : parts[1];
            if (f.getValue() == null) {
                parent.remove(name);
            } else {
                parent.set(name, json.valueToTree(f.getValue()));
            }
        }
        try {
            return json.treeToValue(node, LeadProfile.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String field = fields.keySet().stream().filter(k -> e.getMessage() != null
                    && e.getMessage().contains("\"" + k.substring(k.lastIndexOf('.') + 1) + "\"")).findFirst()
                    .orElse(String.join(", ", fields.keySet()));
            throw new IllegalArgumentException(field + ": the value cannot be read as this profile field", e);
        }
    }
}
