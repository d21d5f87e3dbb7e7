package dev.leadscore.backtest;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import dev.leadscore.scoring.table.Condition;
import dev.leadscore.scoring.table.Field;
import dev.leadscore.scoring.table.ModelTables;
import dev.leadscore.scoring.table.Operator;
import dev.leadscore.scoring.table.TableRow;
import dev.leadscore.scoring.table.ValueGroups;
import dev.leadscore.scoring.table.Words;

/**
 * The mapping's value maps checked against a model. A value map translates the export's words into
 * the words the CRM sends live ("COMPUTER_SOFTWARE" to "Software"); what a value group holds and
 * where a number falls are the model's own, decided by its Value groups table and its from/below
 * cells in live scoring and backtests alike. An entry that would decide either in the mapping
 * instead (a value sent to a group's name, a member of a group sent elsewhere, a number sent to
 * another number on a field the model cuts into ranges) would score the same lead differently in a
 * backtest than live, and is refused with its mapping key.
 */
final class ModelVocabulary {

    /** One refused entry: the mapping key ({@code leads.values.attributes.occupation}) and why. */
    record Conflict(String key, String message) {
        @Override
        public String toString() {
            return key + ": " + message;
        }
    }

    private ModelVocabulary() {
    }

    /** The conflicts of {@code mapping}'s value maps with {@code tables}, in mapping order; empty when there are none. */
    static List<Conflict> conflicts(Mapping mapping, ModelTables tables) {
        List<Conflict> out = new ArrayList<>();
        Set<String> numeric = numericFields(tables);
        Mapping.LeadColumns leads = mapping.leads();
        if (leads != null && leads.values() != null) {
            leads.values().forEach((target, map) -> check("leads.values." + target, field(target), map, tables, numeric, out));
        }
        Mapping.EventColumns events = mapping.events();
        if (events != null) {
            check("events.types", Field.of(Field.Kind.EVENT_TYPE, "Event type"), events.types(), tables, numeric, out);
            if (events.propertyValues() != null) {
                events.propertyValues().forEach((property, map) -> check("events.propertyValues." + property,
                        Field.property(property, "Property " + property), map, tables, numeric, out));
            }
        }
        return out;
    }

    /** The conflicts with every given model (the active one, and a draft when there is one), each once. */
    static List<Conflict> conflicts(Mapping mapping, List<ModelTables> models) {
        Set<Conflict> all = new java.util.LinkedHashSet<>();
        for (ModelTables t : models) {
            if (t != null) {
                all.addAll(conflicts(mapping, t));
            }
        }
        return List.copyOf(all);
    }

    /** Refuses a mapping in conflict with any of {@code models}, every conflict named by its key (the command line's form). */
    static void require(Mapping mapping, String mappingName, List<ModelTables> models) {
        List<Conflict> conflicts = conflicts(mapping, models);
        if (!conflicts.isEmpty()) {
            throw new ImportException(mappingName, null, null, HEADLINE + ":\n  " + conflicts.stream()
                    .map(Conflict::toString).collect(java.util.stream.Collectors.joining("\n  ")));
        }
    }

    static final String HEADLINE = "the mapping decides what the model's value groups or number ranges decide";

    /** The field of the model a mapping target fills, or null when no table condition reads it as such. */
    static Field field(String target) {
        if (target.startsWith(Mapping.ATTRIBUTES)) {
            return Field.crm(target.substring(Mapping.ATTRIBUTES.length()));
        }
        Field.Kind kind = switch (target) {
            case "company.industry" -> Field.Kind.INDUSTRY;
            case "company.employees" -> Field.Kind.EMPLOYEES;
            case "company.annualRevenue" -> Field.Kind.ANNUAL_REVENUE;
            case "title" -> Field.Kind.TITLE;
            case "country", "company.country" -> Field.Kind.COUNTRY;
            case "company.techStack" -> Field.Kind.TECH_STACK;
            case "company.domain" -> Field.Kind.DOMAIN;
            case "company.name" -> Field.Kind.COMPANY;
            case "source" -> Field.Kind.SOURCE;
            default -> null;
        };
        return kind == null ? null : Field.of(kind, target);
    }

    /** Keys of the fields some row of the model compares with a number (from / below). */
    private static Set<String> numericFields(ModelTables tables) {
        Set<String> keys = new HashSet<>();
        for (TableRow row : tables.rows()) {
            for (Condition c : row.getConditions()) {
                if (c.operator() == Operator.FROM || c.operator() == Operator.BELOW) {
                    keys.add(c.field().key());
                }
            }
        }
        return keys;
    }

    private static void check(String key, Field field, Map<String, String> map, ModelTables tables, Set<String> numeric,
            List<Conflict> out) {
        if (field == null || map == null) {
            return;
        }
        List<ValueGroups.Group> groups = tables.getGroups().stream().filter(g -> g.field().key().equals(field.key())).toList();
        for (Map.Entry<String, String> e : map.entrySet()) {
            String from = Words.normalise(e.getKey());
            String to = Words.normalise(e.getValue() == null ? "" : e.getValue());
            if (Objects.equals(from, to)) {
                continue;
            }
            for (ValueGroups.Group g : groups) {
                String group = Words.normalise(g.name());
                List<String> members = g.values().stream().map(Words::normalise).toList();
                if (to.equals(group)) {
                    out.add(new Conflict(key, String.format(Locale.ROOT, "'%s' is mapped to '%s', a value group of the "
                            + "model (%s: %s); the model's Value groups table decides which values belong to it. Remove "
                            + "this entry%s", e.getKey(), e.getValue(), g.name(), String.join(", ", g.values()),
                            members.contains(from) ? " (it is in the group already)"
                                    : "; if '" + e.getKey() + "' belongs in the group, add it to the group's Values in the model")));
                } else if (members.contains(from)) {
                    out.add(new Conflict(key, String.format(Locale.ROOT, "'%s' is in the model's value group '%s', which "
                            + "live scoring applies to it as it is; mapping it to '%s' would score it differently in a "
                            + "backtest. Remove this entry, or change the group in the model", e.getKey(), g.name(),
                            e.getValue())));
                }
            }
            BigDecimal number = CellValues.number(e.getKey());
            BigDecimal mapped = CellValues.number(e.getValue());
            if (numeric.contains(field.key()) && number != null && (mapped == null || number.compareTo(mapped) != 0)) {
                out.add(new Conflict(key, String.format(Locale.ROOT, "'%s' is already a number; the model's '%s from' and "
                        + "'%s below' cells decide which range it falls in, so the mapping cannot move it to '%s'. Remove "
                        + "this entry", e.getKey(), label(field), label(field), e.getValue())));
            }
        }
    }

    private static String label(Field field) {
        return field.kind() == Field.Kind.CRM ? "CRM field " + field.name()
                : field.kind() == Field.Kind.EMPLOYEES ? "Employees"
                : field.kind() == Field.Kind.ANNUAL_REVENUE ? "Annual revenue" : field.label();
    }
}
