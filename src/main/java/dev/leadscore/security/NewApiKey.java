package dev.leadscore.security;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** What an admin sends to create a key. */
public record NewApiKey(
        @NotBlank @Size(max = 100) String name,
        @NotBlank @Pattern(regexp = "integration|marketing-ops|rules-developer|revops|admin",
                message = "must be one of integration, marketing-ops, rules-developer, revops, admin") String role,
        @Size(max = 200) @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9_.:-]*",
                message = "must use letters, digits and _ . : - only") String source,
        @Min(1) @Max(1_000_000) Long rateLimitPerMinute) {
}
