package dev.leadscore.leads;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

import dev.leadscore.scoring.Category;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One stored line of a score's explanation. */
@Entity
@Table(name = "score_adjustment")
public class AdjustmentRecord extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "score_adjustment_seq")
    @SequenceGenerator(name = "score_adjustment_seq", sequenceName = "score_adjustment_seq", allocationSize = 50)
    public Long id;
    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "score_id")
    public ScoreRecord score;
    public int position;
    @Enumerated(EnumType.STRING)
    public Category category;
    public String rule;
    public int points;
    public String reason;
    public String source;
    @Column(name = "event_id")
    public String eventId;
    @Column(name = "occurred_at")
    public Instant occurredAt;
}
