package dev.leadscore.security;

/** The holder of a recognised key: what it may do and, for a restricted integration, its source. */
public record ApiKeyHolder(String keyId, String name, String role, String source, Long rateLimitPerMinute) {

    static ApiKeyHolder of(ApiKeyRecord r) {
        return new ApiKeyHolder(String.valueOf(r.id), r.name, r.role, r.source, r.rateLimitPerMinute);
    }
}
