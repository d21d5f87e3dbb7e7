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
        return test(field.texts(lead), groups);
    }

    public boolean test(ActivityEvent event, ValueGroups groups) {
        return test(field.texts(event), groups);
    }

    boolean test(List<String> values, ValueGroups groups) {
        return switch (operator) {
            case IS_EMPTY -> values.isEmpty();
            case IS_NOT_EMPTY -> !values.isEmpty();
            case IS_ANY_OF -> anyEquals(values, groups);
            case IS_NONE_OF -> !anyEquals(values, groups);
            case IS_KNOWN_AND_NONE_OF -> !values.isEmpty() && !anyEquals(values, groups);
            case CONTAINS_ANY_OF -> {
                boolean found = false;
                for (int i = 0; i < values.size() && !found; i++) {
                    found = Words.containsAnyItem(values.get(i), items);
                }
                yield found;
            }
            case STARTS_WITH_ANY_OF -> {
                boolean found = false;
                for (int i = 0; i < values.size() && !found; i++) {
                    found = Words.startsWithAnyItem(values.get(i), items);
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

    private boolean anyEquals(List<String> values, ValueGroups groups) {
        for (String v : values) {
            // normalised once for the items and the value groups alike (values are never null)
            String normalised = Words.normalise(v);
            if (field.isDomain() ? Words.domainMatchesAny(v, items) : items.contains(normalised)) {
                return true;
            }
            String group = groups.groupOfNormalised(field, normalised);
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
