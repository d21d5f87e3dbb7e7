package dev.leadscore.scoring;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/** Something a lead did, as a rules fact. Immutable. */
public final class ActivityEvent {
    private final String id;
    private final String type;
    private final Instant occurredAt;
    private final Map<String, Object> properties;

    /**
     * The event rows of one ruleset's tables whose conditions hold for this event (the tables
     * compute it, {@code ModelTables}): kept for the next score under the same tables, as a lead's
     * kept events are scored again at every new event. Derived from the event and the tables
     * alone, so it changes no score; one pair, replaced when other tables score the event.
     */
    private volatile RowsMatched rowsMatched;

    private record RowsMatched(Object tables, int[] rows) {
    }

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

    /** The rows of {@code tables} kept for this event by {@link #keepRowsMatchedBy}, or null. */
    public int[] rowsMatchedBy(Object tables) {
        RowsMatched m = rowsMatched;
        return m != null && m.tables() == tables ? m.rows() : null;
    }

    /** Keeps the rows of {@code tables} whose conditions hold for this event (never changed afterwards). */
    public void keepRowsMatchedBy(Object tables, int[] rows) {
        rowsMatched = new RowsMatched(tables, rows);
    }

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

    /**
     * The latest event that closes a window of at least {@code needed} of {@code events} spanning
     * at most {@code windowHours}; null when no window holds that many. For velocity signals such as
     * "5 key actions within 48 hours".
     */
    public static ActivityEvent latestFullWindowEnd(Collection<?> events, int needed, double windowHours) {
        if (needed < 1) {
            return null;
        }
        List<ActivityEvent> sorted = new ArrayList<>();
        for (Object o : events) {
            sorted.add((ActivityEvent) o);
        }
        sorted.sort((a, b) -> a.isLaterThan(b) ? 1 : b.isLaterThan(a) ? -1 : 0);
        long windowMillis = (long) (windowHours * 3_600_000L);
        for (int end = sorted.size() - 1; end >= needed - 1; end--) {
            ActivityEvent last = sorted.get(end);
            ActivityEvent first = sorted.get(end - needed + 1);
            if (last.occurredAt.toEpochMilli() - first.occurredAt.toEpochMilli() <= windowMillis) {
                return last;
            }
        }
        return null;
    }

    /** The distinct non-blank values of a property over {@code events}, lower case and sorted. */
    public static List<String> distinctValues(Collection<?> events, String property) {
        TreeSet<String> values = new TreeSet<>();
        for (Object o : events) {
            String v = Matching.normalise(((ActivityEvent) o).property(property));
            if (v != null && !v.isEmpty()) {
                values.add(v);
            }
        }
        return List.copyOf(values);
    }

    /** The first of {@code events} with a non-blank {@code property}; null when none has one. */
    public static ActivityEvent firstWith(Collection<?> events, String property) {
        for (Object o : events) {
            String v = ((ActivityEvent) o).property(property);
            if (v != null && !v.isBlank()) {
                return (ActivityEvent) o;
            }
        }
        return null;
    }

    /** Orders events by time, then id, so "the latest" is well defined even for equal timestamps. */
    public boolean isLaterThan(ActivityEvent other) {
        int byTime = occurredAt.compareTo(other.occurredAt);
        return byTime > 0 || byTime == 0 && id.compareTo(other.id) > 0;
    }
}
