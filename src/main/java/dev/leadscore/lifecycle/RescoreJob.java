package dev.leadscore.lifecycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;

import dev.leadscore.leads.LeadRecord;
import dev.leadscore.leads.LeadScorer;
import dev.leadscore.leads.RescoreJobRecord;
import dev.leadscore.leads.Rescoring;
import dev.leadscore.leads.ScoreChange;
import dev.leadscore.leads.ScoreRecord;
import dev.leadscore.leads.StoredLeadPages;
import dev.leadscore.scoring.Ruleset;
import dev.leadscore.rules.RulesetRegistry;
import dev.leadscore.startup.StartupGate;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * The time-driven re-scoring job: re-scores the leads whose score changes because time passed
 * (decay steps, inactivity negatives, the end of a re-qualification cooldown), stores the new
 * scores and stage changes, and works out when each lead is next due.
 *
 * <ul>
 * <li>Only due leads are visited ({@code next_rescore_at <= now}), in bounded batches, one
 * transaction per batch: a crash loses at most the batch in flight, which stays due and is done
 * by the next run.</li>
 * <li>Idempotent: a visited lead is not due again until its next change, and re-scoring an
 * unchanged lead stores nothing.</li>
 * <li>One runner at a time across instances: a lease row in the database, renewed with every
 * batch; a runner that cannot renew stops. Each lead is re-checked under its row lock, so even
 * an expired lease cannot make two runners process the same lead twice.</li>
 * </ul>
 */
@ApplicationScoped
public class RescoreJob {
    static final String JOB = "rescore";
    private static final String CAUSE = "time passed";
    private static final Logger LOG = Logger.getLogger(RescoreJob.class);

    static final String VISITED = "leadscore.rescore.visited";
    static final String RESCORED = "leadscore.rescore.rescored";
    static final String STAGE_CHANGES = "leadscore.rescore.stage.changes";
    static final String RUN = "leadscore.rescore.run";

    @Inject
    LifecycleConfig config;
    @Inject
    Clock clock;
    @Inject
    EntityManager em;
    @Inject
    Rescoring rescoring;
    @Inject
    LeadScorer scorer;
    @Inject
    Lifecycle lifecycle;
    @Inject
    RescorePlanner planner;
    @Inject
    RulesetRegistry rulesets;
    @Inject
    MeterRegistry metrics;

    private final String instance = "instance-" + UUID.randomUUID();
    private final AtomicLong due = new AtomicLong();
    private final AtomicLong lagSeconds = new AtomicLong();

    private volatile Consumer<String> beforeLead = id -> { };
    /** The passes the job last stood aside for: said in the log when they change, not at every run. */
    private volatile Rescoring.WholeModelPasses standingAsideFor = Rescoring.WholeModelPasses.NONE;

    /** What one run did. */
    public record RunResult(Long runId, String status, int batches, int visited, int rescored, int stageChanges) {
    }

    /** Every meter of the job exists from start-up (counters at 0), so alerts and dashboards see it before the first run. */
    void registerMeters(@Observes StartupEvent event) {
        metrics.gauge("leadscore.rescore.due", due);
        metrics.gauge("leadscore.rescore.lag.seconds", lagSeconds);
        metrics.counter(VISITED);
        metrics.counter(RESCORED);
        metrics.counter(STAGE_CHANGES);
        metrics.timer(RUN);
    }

    @Scheduled(every = "${leadscore.lifecycle.rescore.every:60s}", identity = "lead-rescore",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = StartupGate.Closed.class)
    void scheduled() {
        try {
            run(instance);
        } catch (RuntimeException e) {
            LOG.error("Re-scoring run failed; the leads of the failed batch stay due", e);
        }
    }

    /** Runs the job once as {@code holder}; returns SKIPPED without doing anything when another runner holds the lease. */
    public RunResult run(String holder) {
        if (!QuarkusTransaction.requiringNew().call(() -> acquire(holder))) {
            return new RunResult(null, "SKIPPED", 0, 0, 0, 0);
        }
        long started = System.nanoTime();
        long runId = QuarkusTransaction.requiringNew().call(() -> start(holder));
        TimePass pass = new TimePass(runId, holder);
        try {
            Rescoring.PageResult done = rescoring.run(pass, null, config.rescore().batchSize(), 1);
            String status = pass.leaseLost ? RescoreJobRecord.LEASE_LOST : RescoreJobRecord.DONE;
            // the counts as committed: a page run again after losing a conflict counts once
            RescoreJobRecord run = QuarkusTransaction.requiringNew().call(() -> finish(runId, status, null));
            count(run);
            return new RunResult(runId, status, run.batches, done.visited(), done.changed(), run.stageChanges);
        } catch (RuntimeException e) {
            count(QuarkusTransaction.requiringNew().call(() -> finish(runId, RescoreJobRecord.FAILED, e.toString())));
            throw e;
        } finally {
            QuarkusTransaction.requiringNew().run(() -> release(holder));
            metrics.timer(RUN).record(Duration.ofNanos(System.nanoTime() - started));
            QuarkusTransaction.requiringNew().run(this::refreshBacklog);
        }
    }

    /**
     * One run as a pass of the re-scoring loop: pages of due leads (most overdue first), the lease
     * renewed with each page; a lead is re-scored only if still due under its row lock (another
     * runner may have done it), and its next change is worked out.
     */
    private final class TimePass implements Rescoring.Pass {
        private final long runId;
        private final String holder;
        private Instant now;
        private boolean leaseLost;

        TimePass(long runId, String holder) {
            this.runId = runId;
            this.holder = holder;
        }

        @Override
        public String cause() {
            return CAUSE;
        }

        @Override
        public List<String> nextIds(String afterId, int size) {
            if (em.find(RescoreJobRecord.class, runId).batches >= config.rescore().maxBatches()) {
                return List.of();
            }
            if (!renew(holder)) {
                leaseLost = true;
                return List.of();
            }
            now = clock.instant();
            Rescoring.WholeModelPasses passes = rescoring.wholeModelPasses();
            if (!passes.equals(standingAsideFor)) {
                standingAsideFor = passes;
                if (passes.equals(Rescoring.WholeModelPasses.NONE)) {
                    LOG.info("Time-driven re-scoring no longer stands aside: no re-score of all leads runs");
                } else {
                    LOG.infof("Time-driven re-scoring stands aside for %s while a re-score of all their leads runs",
                            passes.all() ? "every model" : "model(s) " + String.join(", ", passes.models()));
                }
            }
            if (passes.all()) {
                return List.of();
            }
            // a pass over every lead of a model re-scores them as of now anyway; they stay due and are planned after it
            var due = em.createQuery("select l.leadId from LeadLifecycle l where l.nextRescoreAt <= :now"
                    + (passes.models().isEmpty() ? "" : " and (l.model is null or l.model not in :busy)")
                    + " order by l.nextRescoreAt, l.leadId", String.class)
                    .setParameter("now", now).setMaxResults(size);
            if (!passes.models().isEmpty()) {
                due.setParameter("busy", passes.models());
            }
            return due.getResultList();
        }

        @Override
        public boolean visits(StoredLeadPages.LockedPage page, LeadRecord lead) {
            // the page's leads are locked before their lifecycle rows are read, so another runner's
            // work on them is seen and a lead already done is skipped
            LeadLifecycle lc = em.find(LeadLifecycle.class, lead.id);
            if (lc == null || lc.nextRescoreAt == null || lc.nextRescoreAt.isAfter(now)) {
                return false;
            }
            beforeLead.accept(lead.id);
            return true;
        }

        @Override
        public void rescored(StoredLeadPages.LockedPage page, LeadRecord lead, ScoreRecord before, ScoreRecord current) {
            LeadLifecycle lc = em.find(LeadLifecycle.class, lead.id);
            lc.plannedAt = now;
            if (current == null || lead.profile == null) {
                lc.nextRescoreAt = null;
                return;
            }
            if (current == before) {
                lifecycle.apply(lead, current, CAUSE);
            }
            Ruleset ruleset = rulesets.require(lead.model);
            // the score just computed is the score now: the plan starts from it
            Instant next = planner.nextChange(ruleset, scorer.factOf(lead), page.eventsOf(lead.id), now,
                    ScoreChange.of(current));
            if (lc.heldUntil != null && (next == null || lc.heldUntil.isBefore(next))) {
                next = lc.heldUntil;
            }
            lc.nextRescoreAt = next;
        }

        @Override
        public boolean pageDone(List<String> ids, Rescoring.PageResult result) {
            em.flush();
            int changes = ((Number) em.createNativeQuery(
                    "select count(*) from stage_change where tx = pg_current_xact_id()::text::bigint").getSingleResult())
                    .intValue();
            RescoreJobRecord run = em.find(RescoreJobRecord.class, runId);
            run.batches++;
            run.leadsDone += result.visited();
            run.leadsTotal = run.leadsDone;
            run.scoresChanged += result.changed();
            run.stageChanges += changes;
            run.updatedAt = clock.instant();
            return result.visited() >= config.rescore().batchSize();
        }
    }

    private boolean acquire(String holder) {
        return em.createNativeQuery("""
                update job_lease set holder = ?1, lease_until = clock_timestamp() + make_interval(secs => ?2)
                where job = (select job from job_lease where job = ?3 for update skip locked)
                  and (holder is null or holder = ?1 or lease_until < clock_timestamp())""")
                .setParameter(1, holder).setParameter(2, (double) config.rescore().lease().toSeconds())
                .setParameter(3, JOB).executeUpdate() == 1;
    }

    private boolean renew(String holder) {
        return em.createNativeQuery("""
                update job_lease set lease_until = clock_timestamp() + make_interval(secs => ?2)
                where job = ?3 and holder = ?1""")
                .setParameter(1, holder).setParameter(2, (double) config.rescore().lease().toSeconds())
                .setParameter(3, JOB).executeUpdate() == 1;
    }

    private void release(String holder) {
        em.createNativeQuery("update job_lease set holder = null, lease_until = null where job = ?2 and holder = ?1")
                .setParameter(1, holder).setParameter(2, JOB).executeUpdate();
    }

    private long start(String holder) {
        RescoreJobRecord run = new RescoreJobRecord();
        run.kind = RescoreJobRecord.TIME;
        run.holder = holder;
        run.startedAt = clock.instant();
        run.updatedAt = run.startedAt;
        run.status = RescoreJobRecord.RUNNING;
        run.persist();
        return run.id;
    }

    /** The run's committed pages into the counters, once the run is over. */
    private void count(RescoreJobRecord run) {
        metrics.counter(VISITED).increment(run.leadsDone);
        metrics.counter(RESCORED).increment(run.scoresChanged);
        metrics.counter(STAGE_CHANGES).increment(run.stageChanges);
    }

    private RescoreJobRecord finish(long runId, String status, String error) {
        RescoreJobRecord run = em.find(RescoreJobRecord.class, runId);
        run.finish(status, error, clock.instant());
        return run;
    }

    /** What the status endpoint shows: the last run, the last completed one, the backlog. */
    public record Status(String job, String every, RunView lastRun, RunView lastCompletedRun, Backlog backlog) {
    }

    /** One run as the status endpoint shows it: {@code rescored} counts the leads whose score changed. */
    public record RunView(long id, String holder, Instant startedAt, Instant finishedAt, String status, int batches,
            int visited, int rescored, int stageChanges, String error) {
        static RunView of(RescoreJobRecord r) {
            return r == null ? null : new RunView(r.id, r.holder, r.startedAt, r.finishedAt, r.status, r.batches,
                    r.leadsDone, r.scoresChanged, r.stageChanges, r.error);
        }
    }

    public Status status() {
        Backlog backlog = backlog();
        return QuarkusTransaction.requiringNew().call(() -> {
            RescoreJobRecord last = RescoreJobRecord.<RescoreJobRecord>find(
                    "kind = ?1 order by startedAt desc, id desc", RescoreJobRecord.TIME).firstResult();
            RescoreJobRecord done = RescoreJobRecord.<RescoreJobRecord>find(
                    "kind = ?1 and status = ?2 order by startedAt desc, id desc", RescoreJobRecord.TIME,
                    RescoreJobRecord.DONE).firstResult();
            return new Status(JOB, config.rescore().every(), RunView.of(last), RunView.of(done), backlog);
        });
    }

    /** The backlog as the status endpoint and the gauges show it. */
    public Backlog backlog() {
        return QuarkusTransaction.requiringNew().call(this::refreshBacklog);
    }

    public record Backlog(long due, Instant oldestDueAt, long lagSeconds, Instant nextDueAt) {
    }

    private Backlog refreshBacklog() {
        Instant now = clock.instant();
        Object[] row = (Object[]) em.createQuery("select count(l), min(l.nextRescoreAt) from LeadLifecycle l "
                + "where l.nextRescoreAt <= :now").setParameter("now", now).getSingleResult();
        long dueNow = ((Number) row[0]).longValue();
        Instant oldest = (Instant) row[1];
        Instant next = em.createQuery("select min(l.nextRescoreAt) from LeadLifecycle l where l.nextRescoreAt > :now",
                Instant.class).setParameter("now", now).getSingleResult();
        long lag = oldest == null ? 0 : Math.max(0, Duration.between(oldest, now).toSeconds());
        due.set(dueNow);
        lagSeconds.set(lag);
        return new Backlog(dueNow, oldest, lag, next);
    }

    /** Called before each lead is processed; tests use it to make a run die or wait in the middle of a batch. */
    void beforeEachLead(Consumer<String> hook) {
        beforeLead = hook;
    }
}
