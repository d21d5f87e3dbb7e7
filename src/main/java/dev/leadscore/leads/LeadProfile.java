package dev.leadscore.leads;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.leadscore.scoring.Lead;

/**
 * A lead profile as integrations send it. {@code attributes} carries the team's own CRM fields
 * (string, number or boolean values) for rules to read. {@code model} picks the scoring model
 * on upsert; it is not part of the stored profile. Score fields cannot be sent: there are none.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LeadProfile(
        @Email @Size(max = 320) String email,
        @Size(max = 200) String firstName,
        @Size(max = 200) String lastName,
        @Size(max = 300) String title,
        @Size(max = 100) String country,
        @Valid CompanyProfile company,
        @Size(max = 200) String source,
        @Size(max = 200) String accountId,
        @Size(max = 200) Map<String, Object> attributes,
        @Size(max = 64) String model) {

    LeadProfile withoutModel() {
        return new LeadProfile(email, firstName, lastName, title, country, company, source, accountId, attributes, null);
    }

    Lead toFact(String leadId) {
        return new Lead(leadId, email, firstName, lastName, title, country, company == null ? null : company.toFact(),
                source, accountId, presentAttributes());
    }

    /** The attributes that have a value: a null sent for an attribute means the lead has none. */
    private Map<String, Object> presentAttributes() {
        if (attributes == null || !attributes.containsValue(null)) {
            return attributes;
        }
        Map<String, Object> present = new LinkedHashMap<>(attributes);
        present.values().removeIf(Objects::isNull);
        return present;
    }
}
