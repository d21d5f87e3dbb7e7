package dev.leadscore.console;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A console session as stored: the SHA-256 of the cookie, never the cookie itself. */
@Entity
@Table(name = "console_session")
public class ConsoleSession extends PanacheEntityBase {
    @Id
    @Column(name = "token_hash")
    public String tokenHash;
    /** The id of the API key the person signed in with ("config" for the configured admin key). */
    @Column(name = "key_id")
    public String keyId;
    public String name;
    public String role;
    @Column(name = "csrf_token")
    public String csrfToken;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "last_seen_at")
    public Instant lastSeenAt;
    @Column(name = "expires_at")
    public Instant expiresAt;
}
