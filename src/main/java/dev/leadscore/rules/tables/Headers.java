package dev.leadscore.rules.tables;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.leadscore.scoring.table.Field;
import dev.leadscore.scoring.table.Operator;

/**
 * The catalogue of column headers: business words mapped to a condition (a field and an operator)
 * or to what a row gives. Matching ignores case, repeated spaces, a trailing colon and a trailing
 * explanation in brackets ("Counts at most (latest first)").
 */
public final class Headers {

    /** What a column means. Exactly one of condition (field + operator) or action is set. */
    public record Column(Field field, Operator operator, Action action) {
        public boolean isCondition() {
            return field != null;
        }
    }

    public enum Action {
        POINTS("points"), REASON("reason shown to sales", "reason"), COUNTS_AT_MOST("counts at most"),
        INTENT("intent"), DISQUALIFIES("disqualifies"), WITHIN_LAST_DAYS("within the last days"),
        BURST_EVENTS("burst: at least events"), BURST_HOURS("burst: within hours"),
        VALUE("value"), MEANING("meaning", "what sales does"), TOTAL_FROM("total from"), TOTAL_UP_TO("total up to"),
        GROUP("group"), VALUES("values");

        final List<String> words;

        Action(String... words) {
            this.words = List.of(words);
        }
    }

    static final Map<String, Field.Kind> PROFILE_FIELDS = Map.ofEntries(
            Map.entry("industry", Field.Kind.INDUSTRY), Map.entry("employees", Field.Kind.EMPLOYEES),
            Map.entry("annual revenue", Field.Kind.ANNUAL_REVENUE), Map.entry("title", Field.Kind.TITLE),
            Map.entry("country", Field.Kind.COUNTRY), Map.entry("tech stack", Field.Kind.TECH_STACK),
            Map.entry("e-mail domain", Field.Kind.EMAIL_DOMAIN), Map.entry("email domain", Field.Kind.EMAIL_DOMAIN),
            Map.entry("e-mail or company domain", Field.Kind.DOMAIN), Map.entry("email or company domain", Field.Kind.DOMAIN),
            Map.entry("domain", Field.Kind.DOMAIN), Map.entry("company", Field.Kind.COMPANY),
            Map.entry("company name", Field.Kind.COMPANY), Map.entry("source", Field.Kind.SOURCE));

    static final String CRM_PREFIX = "crm field ";
    static final String PROPERTY_PREFIX = "property ";
    private static final Map<String, String> EVENT_PROPERTIES = Map.of("form", "form", "asset", "asset", "page path", "path");
    private static final List<Operator> BY_LENGTH = Arrays.stream(Operator.values())
            .sorted(Comparator.comparingInt((Operator o) -> o.words().length()).reversed()).toList();

    private Headers() {
    }

    static String normalise(String header) {
        String h = header.strip().replaceAll("\\s+", " ");
        h = h.replaceAll("\\s*\\([^)]*\\)$", "").replaceAll(":$", "").strip();
        return h;
    }

    /** The column a header names in a table of profile ({@code onEvents} false) or event rows, or null. */
    static Column parse(String header, boolean onEvents) {
        String original = normalise(header);
        String h = original.toLowerCase(Locale.ROOT);
        for (Action a : Action.values()) {
            if (a.words.contains(h)) {
                return new Column(null, null, a);
            }
        }
        if (onEvents && h.equals("event type")) {
            return new Column(Field.of(Field.Kind.EVENT_TYPE, "Event type"), Operator.IS_ANY_OF, null);
        }
        for (Operator op : BY_LENGTH) {
            if (h.endsWith(" " + op.words())) {
                String fieldWords = original.substring(0, original.length() - op.words().length()).strip();
                Field field = field(fieldWords, onEvents);
                return field == null ? null : new Column(field, op, null);
            }
        }
        return null;
    }

    /** A field named in business words ("Industry", "CRM field occupation", "Property plan"), or null. */
    static Field field(String words, boolean onEvents) {
        String lower = words.toLowerCase(Locale.ROOT);
        if (onEvents) {
            if (lower.equals("event type")) {
                return Field.of(Field.Kind.EVENT_TYPE, "Event type");
            }
            String property = EVENT_PROPERTIES.get(lower);
            if (property != null) {
                return Field.property(property, words);
            }
            if (lower.startsWith(PROPERTY_PREFIX) && words.length() > PROPERTY_PREFIX.length()) {
                String name = words.substring(PROPERTY_PREFIX.length()).strip();
                return validName(name) ? Field.property(name, "Property " + name) : null;
            }
            return null;
        }
        Field.Kind kind = PROFILE_FIELDS.get(lower);
        if (kind != null) {
            return Field.of(kind, words);
        }
        if (lower.startsWith(CRM_PREFIX) && words.length() > CRM_PREFIX.length()) {
            String name = words.substring(CRM_PREFIX.length()).strip();
            return validName(name) ? Field.crm(name) : null;
        }
        return null;
    }

    /** A CRM attribute or event property name: letters, digits, '_', '-', '.', spaces. */
    private static boolean validName(String name) {
        return name.length() <= 100 && name.matches("[\\p{L}\\p{N}_.\\- ]+");
    }

    /** Whether an operator makes sense for a field: numbers compare, words match. */
    static boolean fits(Field field, Operator op) {
        boolean numeric = field.kind() == Field.Kind.EMPLOYEES || field.kind() == Field.Kind.ANNUAL_REVENUE;
        boolean free = field.kind() == Field.Kind.CRM || field.kind() == Field.Kind.PROPERTY;
        if (op.operand() == Operator.Operand.NUMBER) {
            return numeric || free;
        }
        if (op.operand() == Operator.Operand.YES_NO) {
            return true;
        }
        return !numeric;
    }
}
