package dev.leadscore.security;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** An API key as stored: only the SHA-256 of the key, never the key itself. */
@Entity
@Table(name = "api_key")
public class ApiKeyRecord extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String name;
    public String role;
    /** When set, the key only reaches leads created for this source. */
    public String source;
    @Column(name = "key_hash")
    public String keyHash;
    /** The first characters of the key, so an operator can tell keys apart. */
    @Column(name = "key_prefix")
    public String keyPrefix;
    @Column(name = "rate_limit_per_minute")
    public Long rateLimitPerMinute;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "revoked_at")
    public Instant revokedAt;

    public ApiKeyView view() {
        return new ApiKeyView(id, name, role, source, keyPrefix, rateLimitPerMinute, createdAt, revokedAt, null);
    }
}
