package dev.leadscore.scoring.table;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups of values defined once in a model ("Working Professional, Businessman" -> "professional"
 * for the field "CRM field occupation"): a value in a group also matches the group's name, in live
 * scoring and backtests alike, because both score through the model.
 */
public final class ValueGroups {
    public static final ValueGroups NONE = new ValueGroups(Map.of());

    /** field key -> normalised value -> normalised group name */
    private final Map<String, Map<String, String>> groups;

    private ValueGroups(Map<String, Map<String, String>> groups) {
        this.groups = groups;
    }

    public record Group(Field field, String name, List<String> values) {
    }

    public static ValueGroups of(List<Group> list) {
        Map<String, Map<String, String>> byField = new HashMap<>();
        for (Group g : list) {
            Map<String, String> values = byField.computeIfAbsent(g.field().key(), k -> new HashMap<>());
            for (String v : g.values()) {
                values.put(Words.normalise(v), Words.normalise(g.name()));
            }
        }
        byField.replaceAll((k, v) -> Map.copyOf(v));
        return new ValueGroups(Map.copyOf(byField));
    }

    /** True when some value of {@code field} belongs to a group. */
    public boolean hasGroupsFor(Field field) {
        return groups.containsKey(field.key());
    }

    /** The group {@code value} of {@code field} belongs to, or null. */
    public String groupOf(Field field, String value) {
        if (groups.isEmpty()) {
            return null;
        }
        return groupOfNormalised(field, Words.normalise(value));
    }

    /** As {@link #groupOf}, for a value already normalised ({@link Words#normalise}). */
    public String groupOfNormalised(Field field, String normalised) {
        if (groups.isEmpty()) {
            return null;
        }
        Map<String, String> values = groups.get(field.key());
        return values == null ? null : values.get(normalised);
    }
}
