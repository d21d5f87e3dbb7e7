package dev.leadscore.leads;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.annotations.Mutability;
import org.hibernate.type.SqlTypes;
import org.hibernate.type.descriptor.java.Immutability;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A stored score: one per change of a lead's score, with the ruleset version that produced it
 * and the adjustments that explain it. Never changed once stored.
 */
@Entity
@Immutable
@Table(name = "score_record")
public class ScoreRecord extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "score_record_seq")
    @SequenceGenerator(name = "score_record_seq", sequenceName = "score_record_seq", allocationSize = 50)
    public Long id;
    @Column(name = "lead_id")
    public String leadId;
    public String model;
    @Column(name = "ruleset_version")
    public String rulesetVersion;
    @Column(name = "as_of")
    public Instant asOf;
    @Column(name = "scored_at")
    public Instant scoredAt;
    public int fit;
    public int engagement;
    public int total;
    public String band;
    public String stage;
    @Column(name = "last_activity_at")
    public Instant lastActivityAt;
    /** Product-led activation status (Not Started, Activated, Power User); null for models without one. */
    public String activation;
    @Column(name = "existing_customer")
    public boolean existingCustomer;
    /** What made the service score the lead (profile update, new events, re-score). */
    public String cause;
    /** A hash of everything the score says, to store a new record only when something changed. */
    public String fingerprint;
    /** Immutable as the record (the JSON values too: Hibernate copies nothing at persist). */
    @JdbcTypeCode(SqlTypes.JSON)
    @Mutability(Immutability.class)
    public List<String> workings;
    /** Every line of the explanation, in order. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Mutability(Immutability.class)
    public List<AdjustmentRecord> adjustments = new ArrayList<>();
}
