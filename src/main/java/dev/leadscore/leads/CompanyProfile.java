package dev.leadscore.leads;

import java.math.BigDecimal;
import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import dev.leadscore.scoring.Company;

/** The company part of a lead profile as integrations send it. */
public record CompanyProfile(
        @Size(max = 300) String name,
        @Size(max = 253) String domain,
        @Size(max = 200) String industry,
        @PositiveOrZero Integer employees,
        @PositiveOrZero BigDecimal annualRevenue,
        @Size(max = 100) String country,
        @Size(max = 200) List<@NotBlank @Size(max = 100) String> techStack) {

    Company toFact() {
        return new Company(name, domain, industry, employees, annualRevenue, country, techStack);
    }
}
