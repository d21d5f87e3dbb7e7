package dev.leadscore.scoring.table;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.leadscore.scoring.ActivityEvent;
import dev.leadscore.scoring.Lead;

/**
 * A value a table condition reads: a profile field, a CRM attribute, or an event's type or
 * property. {@code key} names the field for value groups ("industry", "crm:occupation",
 * "property:form"); {@code label} is the business word a column header uses.
 */
public record Field(Kind kind, String name, String label) {

    public enum Kind {
        INDUSTRY, EMPLOYEES, ANNUAL_REVENUE, TITLE, COUNTRY, TECH_STACK, EMAIL_DOMAIN, DOMAIN, COMPANY, SOURCE,
        CRM, EVENT_TYPE, PROPERTY;

        boolean onEvent() {
            return this == EVENT_TYPE || this == PROPERTY;
        }
    }

    public static Field of(Kind kind, String label) {
        return new Field(kind, null, label);
    }

    public static Field crm(String name) {
        return new Field(Kind.CRM, name, "CRM field " + name);
    }

    public static Field property(String name, String label) {
        return new Field(Kind.PROPERTY, name, label);
    }

    /** The key value groups are defined under. */
    public String key() {
        return switch (kind) {
            case CRM -> "crm:" + name.toLowerCase(Locale.ROOT);
            case PROPERTY -> "property:" + name.toLowerCase(Locale.ROOT);
            default -> kind.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        };
    }

    public boolean onEvent() {
        return kind.onEvent();
    }

    /** Domain fields compare as domains: "acme.com" also matches "eu.acme.com", ".edu" is a suffix. */
    public boolean isDomain() {
        return kind == Kind.EMAIL_DOMAIN || kind == Kind.DOMAIN;
    }

    /** The field's values on a lead as text (several for the tech stack and the domain pair); never null. */
    public List<String> texts(Lead lead) {
        List<String> out = new ArrayList<>(2);
        switch (kind) {
            case INDUSTRY -> add(out, lead.getCompany().getIndustry());
            case EMPLOYEES -> add(out, lead.getCompany().getEmployees());
            case ANNUAL_REVENUE -> add(out, lead.getCompany().getAnnualRevenue());
            case TITLE -> add(out, lead.getTitle());
            case COUNTRY -> add(out, lead.getEffectiveCountry());
            case TECH_STACK -> lead.getCompany().getTechStack().forEach(t -> add(out, t));
            case EMAIL_DOMAIN -> add(out, lead.getEmailDomain());
            case DOMAIN -> {
                add(out, lead.getEmailDomain());
                add(out, lead.getCompany().getDomain());
            }
            case COMPANY -> add(out, lead.getCompany().getName());
            case SOURCE -> add(out, lead.getSource());
            case CRM -> add(out, lead.getAttributes().get(name));
            default -> { }
        }
        return out;
    }

    /** The field's value on an event as text: none or one (an immutable list: one per condition and event). */
    public List<String> texts(ActivityEvent event) {
        Object value = kind == Kind.EVENT_TYPE ? event.getType()
                : kind == Kind.PROPERTY ? event.getProperties().get(name) : null;
        if (value instanceof String text) {
            return text.isBlank() ? List.of() : List.of(text);
        }
        if (value == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>(1);
        add(out, value);
        return out;
    }

    /** The field of a lead as a number (as {@link #number(List)} reads its text), or null. */
    public Double number(Lead lead) {
        return switch (kind) {
            case EMPLOYEES -> lead.getCompany().getEmployees() == null ? null
                    : Double.valueOf(lead.getCompany().getEmployees().doubleValue());
            case ANNUAL_REVENUE -> {
                BigDecimal revenue = lead.getCompany().getAnnualRevenue();
                double d = revenue == null ? Double.NaN : revenue.doubleValue();
                yield Double.isFinite(d) ? d : null;
            }
            default -> number(texts(lead));
        };
    }

    /** The field as a number, or null when it is empty or not a number. */
    public static Double number(List<String> texts) {
        if (texts.size() != 1) {
            return null;
        }
        try {
            double d = Double.parseDouble(texts.get(0).trim());
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static void add(List<String> out, Object value) {
        if (value == null) {
            return;
        }
        String text;
        if (value instanceof BigDecimal b) {
            text = b.stripTrailingZeros().toPlainString();
        } else if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && !Double.isInfinite(n.doubleValue())) {
            text = Long.toString(n.longValue());
        } else {
            text = value.toString();
        }
        if (!text.isBlank()) {
            out.add(text);
        }
    }
}
