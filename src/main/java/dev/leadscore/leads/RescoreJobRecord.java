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

/**
 * One re-scoring pass and its progress, whatever started it: a version going live ({@link #PUBLISH},
 * resumable after its last committed page), the time-driven job ({@link #TIME}, one row per run) or
 * a re-score of all leads asked for by an admin ({@link #BULK}).
 */
@Entity
@Table(name = "rescore_job")
public class RescoreJobRecord extends PanacheEntityBase {
    public static final String RUNNING = RescoreProgress.RUNNING;
    public static final String DONE = RescoreProgress.DONE;
    public static final String SUPERSEDED = RescoreProgress.SUPERSEDED;
    public static final String FAILED = RescoreProgress.FAILED;
    /** A time-driven run that could not renew its lease (another instance took over). */
    public static final String LEASE_LOST = "LEASE_LOST";

    public static final String PUBLISH = "publish";
    public static final String TIME = "time";
    public static final String BULK = "bulk";

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "rescore_job_seq")
    @SequenceGenerator(name = "rescore_job_seq", sequenceName = "rescore_job_seq", allocationSize = 50)
    public Long id;
    /** {@link #PUBLISH} (unless said otherwise), {@link #TIME} or {@link #BULK}. */
    public String kind = PUBLISH;
    /** The instance running a time-driven run. */
    public String holder;
    /** Null when the pass covers every model. */
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
    /** Pages done. */
    public int batches;
    @Column(name = "last_lead_id")
    public String lastLeadId;
    @Column(name = "started_at")
    public Instant startedAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    @Column(name = "finished_at")
    public Instant finishedAt;
    public String error;

    /** Ends the pass with {@code status} (and the error, if it failed). */
    public void finish(String status, String error, Instant at) {
        this.status = status;
        this.error = error;
        this.finishedAt = at;
        this.updatedAt = at;
    }

    public RescoreProgress view() {
        return new RescoreProgress(id, model, version, status, leadsTotal, leadsDone, scoresChanged, stageChanges, startedAt,
                finishedAt, error);
    }
}
