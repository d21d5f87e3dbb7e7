package dev.leadscore.scoring;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/** Something a lead did, as a rules fact. Immutable. */
public final class ActivityEvent {
    private final String id;
    private final String type;
    private final Instant occurredAt;
    private final Map<String, Object> properties;

    public ActivityEvent(String id, String type, Instant occurredAt, Map<String, Object> properties) {
        this.id = Objects.requireNonNull(id, "id");
        this.type = Objects.requireNonNull(type, "type");
        this.occurredAt = Objects.requireNonNull(occurredAt, "occurredAt");
        // a property sent as null is the same as one not sent (found by EventParsingFuzzTest: Map.copyOf rejects nulls)
        this.properties = properties == null ? Map.of() : properties.entrySet().stream()
                .filter(e -> e.getKey() != null && e.getValue() != null)
                .collect(java.util.stream.Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    public String getId() { return id; }
    public String getType() { return type; }
    public Instant getOccurredAt() { return occurredAt; }
    public Map<String, Object> getProperties() { return properties; }

    /** A property as text, or null. */
    public String property(String name) {
        Object v = properties.get(name);
        return v == null ? null : v.toString();
    }

    public boolean propertyIsAnyOf(String name, String cell) {
        return Matching.equalsAny(property(name), cell);
    }

    public boolean propertyContainsAnyOf(String name, String cell) {
        return Matching.containsWord(property(name), cell);
    }

    /** The {@code path} property starts with any of the listed prefixes ("/pricing, /plans"). */
    public boolean pathStartsWithAnyOf(String cell) {
        return Matching.startsWithAny(property("path"), cell);
    }

    /** Orders events by time, then id, so "the latest" is well defined even for equal timestamps. */
    public boolean isLaterThan(ActivityEvent other) {
        int byTime = occurredAt.compareTo(other.occurredAt);
        return byTime > 0 || byTime == 0 && id.compareTo(other.id) > 0;
    }
}
