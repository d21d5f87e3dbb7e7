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

/** One run of a scheduled job and what it did; counts are updated with every committed batch. */
@Entity
@Table(name = "job_run")
public class JobRun extends PanacheEntityBase {
    public static final String RUNNING = "RUNNING";
    public static final String DONE = "DONE";
    public static final String FAILED = "FAILED";
    public static final String LEASE_LOST = "LEASE_LOST";

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "job_run_seq")
    @SequenceGenerator(name = "job_run_seq", sequenceName = "job_run_seq", allocationSize = 50)
    public Long id;
    public String job;
    public String holder;
    @Column(name = "started_at")
    public Instant startedAt;
    @Column(name = "finished_at")
    public Instant finishedAt;
    public String status;
    public int batches;
    public int visited;
    public int rescored;
    @Column(name = "stage_changes")
    public int stageChanges;
    public String error;

    public record View(long id, String holder, Instant startedAt, Instant finishedAt, String status, int batches,
            int visited, int rescored, int stageChanges, String error) {
    }

    View view() {
        return new View(id, holder, startedAt, finishedAt, status, batches, visited, rescored, stageChanges, error);
    }
}
