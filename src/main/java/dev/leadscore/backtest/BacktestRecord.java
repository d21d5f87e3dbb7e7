package dev.leadscore.backtest;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A job over a CRM export sent over HTTP, a backtest or a proposal: running, done (with its report,
 * and a backtest's per-lead scores or the draft a proposal was filed as) or failed (with why).
 */
@Entity
@Table(name = "backtest")
public class BacktestRecord extends PanacheEntityBase {
    public static final String RUNNING = "running";
    public static final String DONE = "done";
    public static final String FAILED = "failed";
    public static final String BACKTEST = "backtest";
    public static final String PROPOSAL = "proposal";

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "backtest_seq")
    @SequenceGenerator(name = "backtest_seq", sequenceName = "backtest_seq", allocationSize = 50)
    public Long id;
    public String status;
    /** backtest or proposal */
    public String kind;
    /** Why a failed run failed: the file, line and column when an input was to blame. */
    public String error;
    public String model;
    @Column(name = "ruleset_version")
    public String rulesetVersion;
    @Column(name = "draft_version")
    public String draftVersion;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "leads_file")
    public String leadsFile;
    @Column(name = "events_file")
    public String eventsFile;
    @Column(name = "mapping_file")
    public String mappingFile;
    @Column(name = "leads_scored")
    public long leadsScored;
    @Column(name = "rows_unreadable")
    public long rowsUnreadable;
    public Double auc;
    /** The report as JSON. */
    public String report;
    public String html;
    @Column(name = "scores_csv_gz")
    public byte[] scoresCsvGz;
    /** The stored draft a proposal was filed as. */
    @Column(name = "draft_id")
    public Long draftId;

    /** A new job of {@code kind} on the export's files. */
    static BacktestRecord of(String kind, String model, String rulesetVersion, Instant createdAt,
            BacktestService.Upload leads, BacktestService.Upload events, BacktestService.Upload mapping) {
        BacktestRecord r = new BacktestRecord();
        r.kind = kind;
        r.model = model;
        r.rulesetVersion = rulesetVersion;
        r.createdAt = createdAt;
        r.leadsFile = leads.fileName();
        r.eventsFile = events == null ? null : events.fileName();
        r.mappingFile = mapping.fileName();
        return r;
    }
}
