package dev.leadscore.lifecycle;

import java.time.Instant;
import java.util.Map;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A change of a lead's stage (or an account's escalation), with the score, ruleset version and
 * reason behind it. Announced changes go to the webhooks and the poll feed; a change held back by
 * the re-qualification cooldown is recorded but not announced. The table's {@code tx} column (the
 * writing transaction, set by the database) orders the poll feed.
 */
@Entity
@Table(name = "stage_change")
public class StageChange extends PanacheEntityBase {
    public static final String LEAD = "LEAD";
    public static final String ACCOUNT = "ACCOUNT";
    /** Other leads were merged into this one (an identified visitor, or duplicates a CRM merged). */
    public static final String MERGE = "MERGE";

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "stage_change_seq")
    @SequenceGenerator(name = "stage_change_seq", sequenceName = "stage_change_seq", allocationSize = 50)
    public Long id;
    public String kind;
    @Column(name = "lead_id")
    public String leadId;
    @Column(name = "account_key")
    public String accountKey;
    public String model;
    @Column(name = "from_stage")
    public String fromStage;
    @Column(name = "to_stage")
    public String toStage;
    public Instant at;
    public Integer fit;
    public Integer engagement;
    public Integer total;
    public String band;
    public String activation;
    @Column(name = "ruleset_version")
    public String rulesetVersion;
    @Column(name = "score_id")
    public Long scoreId;
    public String reason;
    public boolean announced;
    /** What the webhooks and the feed carry (score breakdown, top reasons); null when not announced. */
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> payload;
}
