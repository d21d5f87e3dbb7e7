package dev.leadscore.rules;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.panache.common.Sort;

/** A version of a model went live: when, by whom, why. The change log RevOps reads. */
@Entity
@Table(name = "ruleset_activation")
public class ActivationRecord extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "ruleset_activation_seq")
    @SequenceGenerator(name = "ruleset_activation_seq", sequenceName = "ruleset_activation_seq", allocationSize = 50)
    public Long id;
    public String model;
    public String version;
    @Column(name = "activated_at")
    public Instant activatedAt;
    @Column(name = "activated_by")
    public String activatedBy;
    public String reason;

    static ActivationRecord latest(String model) {
        return find("model", Sort.descending("activatedAt", "id"), model).firstResult();
    }
}
