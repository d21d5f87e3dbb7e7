package dev.leadscore.scoring;

import java.math.BigDecimal;
import java.util.List;

/** The company a lead works for, as the rules see it. Immutable. */
public final class Company {
    private final String name;
    private final String domain;
    private final String industry;
    private final Integer employees;
    private final BigDecimal annualRevenue;
    private final String country;
    private final List<String> techStack;

    public Company(String name, String domain, String industry, Integer employees, BigDecimal annualRevenue,
            String country, List<String> techStack) {
        this.name = name;
        this.domain = domain;
        this.industry = industry;
        this.employees = employees;
        this.annualRevenue = annualRevenue;
        this.country = country;
        this.techStack = techStack == null ? List.of() : List.copyOf(techStack);
    }

    public static Company empty() {
        return new Company(null, null, null, null, null, null, List.of());
    }

    public String getName() { return name; }
    public String getDomain() { return domain; }
    public String getIndustry() { return industry; }
    public Integer getEmployees() { return employees; }
    public BigDecimal getAnnualRevenue() { return annualRevenue; }
    public String getCountry() { return country; }
    public List<String> getTechStack() { return techStack; }
}
