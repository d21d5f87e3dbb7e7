package dev.leadscore.leads;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

import dev.leadscore.scoring.RescoreProgress;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** Progress of re-scoring a model's stored leads under a version that went live. */
@Entity
@Table(name = "rescore_job")
public class RescoreJobRecord extends PanacheEntityBase {
    public static final String RUNNING = RescoreProgress.RUNNING;
    public static final String DONE = RescoreProgress.DONE;
    public static final String SUPERSEDED = RescoreProgress.SUPERSEDED;
    public static final String FAILED = RescoreProgress.FAILED;

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "rescore_job_seq")
    @SequenceGenerator(name = "rescore_job_seq", sequenceName = "rescore_job_seq", allocationSize = 50)
    public Long id;
    public String model;
    public String version;
    public String status;
    @Column(name = "leads_total")
    public int leadsTotal;
    @Column(name = "leads_done")
    public int leadsDone;
    @Column(name = "scores_changed")
    public int scoresChanged;
    @Column(name = "stage_changes")
    public int stageChanges;
    @Column(name = "last_lead_id")
    public String lastLeadId;
    @Column(name = "started_at")
    public Instant startedAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    @Column(name = "finished_at")
    public Instant finishedAt;
    public String error;

    public RescoreProgress view() {
        return new RescoreProgress(id, model, version, status, leadsTotal, leadsDone, scoresChanged, stageChanges, startedAt,
                finishedAt, error);
    }
}
