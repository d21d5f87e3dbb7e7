package dev.leadscore.security;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/** An API key as shown to an admin; {@code key} is present only in the answer that created it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiKeyView(Long id, String name, String role, String source, String keyPrefix, Long rateLimitPerMinute,
        Instant createdAt, Instant revokedAt, String key) {
}
