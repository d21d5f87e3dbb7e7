package dev.leadscore.leads;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.annotations.Mutability;
import org.hibernate.type.SqlTypes;
import org.hibernate.type.descriptor.java.Immutability;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A lead as stored: its profile, its model, and the dates its lifecycle reached. */
@Entity
@Table(name = "lead")
public class LeadRecord extends PanacheEntityBase {
    @Id
    public String id;
    public String model;
    /**
     * Replaced whole when it changes, never changed in place: Hibernate then keeps no JSON copy
     * of it per loaded lead to compare at flush.
     */
    @JdbcTypeCode(SqlTypes.JSON)
    @Mutability(Immutability.class)
    public LeadProfile profile;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    @Column(name = "mql_at")
    public Instant mqlAt;
    @Column(name = "pql_at")
    public Instant pqlAt;
    @Column(name = "last_activity_at")
    public Instant lastActivityAt;
    @Column(name = "latest_score_id")
    public Long latestScoreId;
    /** The source whose restricted integration keys may see this lead; set on creation only. */
    public String owner;
    /** A visitor known only by its events until a profile arrives or it is merged into a known lead. */
    public boolean anonymous;
    @Version
    public long version;
}
