package dev.leadscore.lifecycle;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** What sales reported about a lead, with the score the lead had at that moment (for conversion by band). */
@Entity
@Table(name = "crm_outcome")
public class CrmOutcome extends PanacheEntityBase {
    /** The score was the one stored at that moment. */
    public static final String STORED = "STORED";
    /** No score was stored yet at that moment: it was computed as of then. */
    public static final String RECOMPUTED = "RECOMPUTED";

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "crm_outcome_seq")
    @SequenceGenerator(name = "crm_outcome_seq", sequenceName = "crm_outcome_seq", allocationSize = 50)
    public Long id;
    @Column(name = "lead_id")
    public String leadId;
    public String type;
    public Instant at;
    public String note;
    @Column(name = "recorded_at")
    public Instant recordedAt;
    @Column(name = "score_id")
    public Long scoreId;
    @Column(name = "score_source")
    public String scoreSource;
    public int fit;
    public int engagement;
    public int total;
    public String band;
    public String stage;
    @Column(name = "ruleset_version")
    public String rulesetVersion;

    void withScore(String source, int fit, int engagement, int total, String band, String stage, String version) {
        this.scoreSource = source;
        this.fit = fit;
        this.engagement = engagement;
        this.total = total;
        this.band = band;
        this.stage = stage;
        this.rulesetVersion = version;
    }

    public record View(long id, String leadId, String type, Instant at, String note, Instant recordedAt,
            Score scoreAtThatMoment) {
    }

    public record Score(Long scoreId, String source, int fit, int engagement, int total, String band, String stage,
            String rulesetVersion) {
    }

    View view() {
        return new View(id, leadId, type, at, note, recordedAt,
                new Score(scoreId, scoreSource, fit, engagement, total, band, stage, rulesetVersion));
    }
}
