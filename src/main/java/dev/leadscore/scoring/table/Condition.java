package dev.leadscore.scoring.table;

import java.util.List;

import dev.leadscore.scoring.ActivityEvent;
import dev.leadscore.scoring.Lead;

/**
 * One filled cell of a condition column: the field, the operator and the cell's value (a list of
 * words, a number, or "yes" for the empty checks). Immutable; the list is parsed once, when the
 * table is read.
 */
public record Condition(Field field, Operator operator, List<String> items, double number, String cell) {

    public boolean test(Lead lead, ValueGroups groups) {
        if (operator.operand() == Operator.Operand.NUMBER) {
            Double n = field.number(lead);
            return n != null && (operator == Operator.FROM ? n >= number : n < number);
        }
        List<String> values = field.texts(lead);
        return test(values, readsNormalised() ? Words.normaliseAll(values) : null, groups);
    }

    public boolean test(ActivityEvent event, ValueGroups groups) {
        List<String> values = field.texts(event);
        return test(values, readsNormalised() ? Words.normaliseAll(values) : null, groups);
    }

    /** Whether {@link #test(List, List, ValueGroups)} reads the values normalised: the list comparisons but "contains". */
    boolean readsNormalised() {
        return switch (operator) {
            case IS_ANY_OF, IS_NONE_OF, IS_KNOWN_AND_NONE_OF, STARTS_WITH_ANY_OF -> true;
            default -> false;
        };
    }

    /**
     * The condition on the field's values as read ({@link Field#texts}) and, when it
     * {@link #readsNormalised() reads them}, the same values normalised ({@link Words#normalise}),
     * so that an event's values are normalised once per score, not once per row testing them.
     */
    boolean test(List<String> values, List<String> normalised, ValueGroups groups) {
        return switch (operator) {
            case IS_EMPTY -> values.isEmpty();
            case IS_NOT_EMPTY -> !values.isEmpty();
            case IS_ANY_OF -> anyEquals(values, normalised, groups);
            case IS_NONE_OF -> !anyEquals(values, normalised, groups);
            case IS_KNOWN_AND_NONE_OF -> !values.isEmpty() && !anyEquals(values, normalised, groups);
            case CONTAINS_ANY_OF -> {
                boolean found = false;
                for (int i = 0; i < values.size() && !found; i++) {
                    found = Words.containsAnyItem(values.get(i), items);
                }
                yield found;
            }
            case STARTS_WITH_ANY_OF -> {
                boolean found = false;
                for (int i = 0; i < normalised.size() && !found; i++) {
                    found = Words.normalisedStartsWithAnyItem(normalised.get(i), items);
                }
                yield found;
            }
            case FROM -> {
                Double n = Field.number(values);
                yield n != null && n >= number;
            }
            case BELOW -> {
                Double n = Field.number(values);
                yield n != null && n < number;
            }
        };
    }

    private boolean anyEquals(List<String> values, List<String> normalised, ValueGroups groups) {
        for (int i = 0; i < values.size(); i++) {
            String n = normalised.get(i);
            if (field.isDomain() ? Words.domainMatchesAny(values.get(i), items) : items.contains(n)) {
                return true;
            }
            String group = groups.groupOfNormalised(field, n);
            if (group != null && items.contains(group)) {
                return true;
            }
        }
        return false;
    }

    /** "Industry is any of SaaS, Software" */
    public String describe() {
        String value = switch (operator.operand()) {
            case LIST -> String.join(", ", items);
            case NUMBER -> Words.number(number);
            case YES_NO -> "";
        };
        return (field.label() + " " + operator.words() + " " + value).strip();
    }
}
