package dev.leadscore.scoring;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;

/**
 * A lead's profile as a rules fact. The boolean helpers are what decision-table condition cells
 * call: each takes the cell text (a comma-separated list or a number) and never throws on
 * missing data; an unknown value simply does not match.
 */
public final class Lead {
    private final String id;
    private final String email;
    private final String firstName;
    private final String lastName;
    private final String title;
    private final String country;
    private final Company company;
    private final String source;
    private final String accountId;
    private final Map<String, Object> attributes;

    public Lead(String id, String email, String firstName, String lastName, String title, String country,
            Company company, String source, String accountId, Map<String, Object> attributes) {
        this.id = id;
        this.email = email;
        this.firstName = firstName;
        this.lastName = lastName;
        this.title = title;
        this.country = country;
        this.company = company == null ? Company.empty() : company;
        this.source = source;
        this.accountId = accountId;
        this.attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    public String getId() { return id; }
    public String getEmail() { return email; }
    public String getFirstName() { return firstName; }
    public String getLastName() { return lastName; }
    public String getTitle() { return title; }
    public String getCountry() { return country; }
    public Company getCompany() { return company; }
    public String getSource() { return source; }
    public String getAccountId() { return accountId; }
    public Map<String, Object> getAttributes() { return attributes; }

    /** The part of the e-mail address after the "@", lower case; null without an address. */
    public String getEmailDomain() {
        if (email == null) {
            return null;
        }
        int at = email.lastIndexOf('@');
        return at < 0 ? null : Matching.normalise(email.substring(at + 1));
    }

    /** The lead's own country, else the company's. */
    public String getEffectiveCountry() {
        return country != null && !country.isBlank() ? country : company.getCountry();
    }

    public boolean industryIsAnyOf(String cell) {
        return Matching.equalsAny(company.getIndustry(), cell);
    }

    public boolean employeesAtLeast(Number min) {
        return company.getEmployees() != null && company.getEmployees() >= min.doubleValue();
    }

    public boolean employeesBelow(Number max) {
        return company.getEmployees() != null && company.getEmployees() < max.doubleValue();
    }

    public boolean annualRevenueAtLeast(Number min) {
        BigDecimal revenue = company.getAnnualRevenue();
        return revenue != null && revenue.doubleValue() >= min.doubleValue();
    }

    public boolean titleContainsAnyOf(String cell) {
        return Matching.containsWord(title, cell);
    }

    public boolean countryIsAnyOf(String cell) {
        return Matching.equalsAny(getEffectiveCountry(), cell);
    }

    /** True only when the country is known and not in the list: an unknown country is not penalised. */
    public boolean countryIsKnownAndNoneOf(String cell) {
        String c = getEffectiveCountry();
        return c != null && !c.isBlank() && !Matching.equalsAny(c, cell);
    }

    public boolean usesAnyOf(String cell) {
        return company.getTechStack().stream().anyMatch(t -> Matching.equalsAny(t, cell));
    }

    /** The e-mail domain or the company domain matches an item (see {@link Matching#domainMatches}). */
    public boolean domainIsAnyOf(String cell) {
        return Matching.domainMatches(getEmailDomain(), cell) || Matching.domainMatches(company.getDomain(), cell);
    }

    public boolean emailDomainIsAnyOf(String cell) {
        return Matching.domainMatches(getEmailDomain(), cell);
    }

    /** A free-form CRM attribute equals the given value (case-insensitive; numbers and booleans as text). */
    public boolean attributeEquals(String name, String value) {
        Object v = attributes.get(name);
        return v != null && Matching.normalise(stringOf(v)).equals(Matching.normalise(value));
    }

    public boolean attributeAtLeast(String name, Number min) {
        Object v = attributes.get(name);
        return v instanceof Number n && n.doubleValue() >= min.doubleValue();
    }

    public boolean hasAttribute(String name) {
        return attributes.get(name) != null;
    }

    private static String stringOf(Object v) {
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return Long.toString(n.longValue());
        }
        return Objects.toString(v);
    }
}
