package dev.leadscore.lifecycle;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * Where a lead stands in the lifecycle beyond what its score says: accepted by sales (SQL),
 * whether its qualification was announced, the re-qualification cooldown, its account, and
 * when passing time next changes its score.
 */
@Entity
@Table(name = "lead_lifecycle")
public class LeadLifecycle extends PanacheEntityBase {
    @Id
    @Column(name = "lead_id")
    public String leadId;
    public String model;
    /** NONE, MQL, SALES_READY, PQL (as scored) or SQL (accepted by sales). */
    public String stage;
    /** The CRM was told about the current qualification (false while held by the cooldown). */
    @Column(name = "qualification_announced")
    public boolean qualificationAnnounced;
    @Column(name = "last_left_qualified_at")
    public Instant lastLeftQualifiedAt;
    /** A re-qualification inside the cooldown waits until then to be announced. */
    @Column(name = "held_until")
    public Instant heldUntil;
    @Column(name = "account_key")
    public String accountKey;
    public boolean engaged;
    @Column(name = "existing_customer")
    public boolean existingCustomer;
    /** When passing time next changes this lead's score or stage; null when nothing will. */
    @Column(name = "next_rescore_at")
    public Instant nextRescoreAt;
    /** When next_rescore_at was last computed. */
    @Column(name = "planned_at")
    public Instant plannedAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
