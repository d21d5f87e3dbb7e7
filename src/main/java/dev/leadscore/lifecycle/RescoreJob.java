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
import dev.leadscore.leads.LeadService;
import dev.leadscore.leads.ScoreRecord;
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
    LeadService leads;
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

    /** What one run did. */
    public record RunResult(Long runId, String status, int batches, int visited, int rescored, int stageChanges) {
    }

    private record Batch(int visited, int rescored, int stageChanges) {
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
        String status = JobRun.DONE;
        int batches = 0;
        int visited = 0;
        int rescored = 0;
        int stageChanges = 0;
        try {
            while (batches < config.rescore().maxBatches()) {
                Instant now = clock.instant();
                Batch b = QuarkusTransaction.requiringNew().call(() -> renew(holder))
                        ? QuarkusTransaction.requiringNew().call(() -> batch(runId, now))
                        : null;
                if (b == null) {
                    status = JobRun.LEASE_LOST;
                    break;
                }
                batches++;
                visited += b.visited();
                rescored += b.rescored();
                stageChanges += b.stageChanges();
                if (b.visited() < config.rescore().batchSize()) {
                    break;
                }
            }
            String finalStatus = status;
            QuarkusTransaction.requiringNew().run(() -> finish(runId, finalStatus, null));
            return new RunResult(runId, status, batches, visited, rescored, stageChanges);
        } catch (RuntimeException e) {
            QuarkusTransaction.requiringNew().run(() -> finish(runId, JobRun.FAILED, e.toString()));
            throw e;
        } finally {
            QuarkusTransaction.requiringNew().run(() -> release(holder));
            metrics.timer(RUN).record(Duration.ofNanos(System.nanoTime() - started));
            QuarkusTransaction.requiringNew().run(this::refreshBacklog);
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
        JobRun run = new JobRun();
        run.job = JOB;
        run.holder = holder;
        run.startedAt = clock.instant();
        run.status = JobRun.RUNNING;
        run.persist();
        return run.id;
    }

    private void finish(long runId, String status, String error) {
        JobRun run = em.find(JobRun.class, runId);
        run.status = status;
        run.error = error;
        run.finishedAt = clock.instant();
    }

    private Batch batch(long runId, Instant now) {
        List<String> ids = em.createQuery("select l.leadId from LeadLifecycle l where l.nextRescoreAt <= :now "
                + "order by l.nextRescoreAt, l.leadId", String.class)
                .setParameter("now", now).setMaxResults(config.rescore().batchSize()).getResultList();
        int visited = 0;
        int rescored = 0;
        // the page's leads are locked before their lifecycle rows are read, so another runner's
        // work on them is seen and a lead already done is skipped
        LeadService.LockedPage page = leads.lockPage(ids);
        for (LeadRecord lead : page.leads()) {
            Boolean changed = visit(page, lead, now);
            if (changed != null) {
                visited++;
                rescored += changed ? 1 : 0;
            }
        }
        em.flush();
        int stageChanges = ((Number) em.createNativeQuery(
                "select count(*) from stage_change where tx = pg_current_xact_id()::text::bigint").getSingleResult())
                .intValue();
        JobRun run = em.find(JobRun.class, runId);
        run.batches++;
        run.visited += visited;
        run.rescored += rescored;
        run.stageChanges += stageChanges;
        metrics.counter(VISITED).increment(visited);
        metrics.counter(RESCORED).increment(rescored);
        metrics.counter(STAGE_CHANGES).increment(stageChanges);
        return new Batch(visited, rescored, stageChanges);
    }

    /** Re-scores one due lead of a locked page; null when it was not due any more (another runner did it). */
    private Boolean visit(LeadService.LockedPage page, LeadRecord lead, Instant now) {
        LeadLifecycle lc = em.find(LeadLifecycle.class, lead.id);
        if (lc == null || lc.nextRescoreAt == null || lc.nextRescoreAt.isAfter(now)) {
            return null;
        }
        beforeLead.accept(lead.id);
        ScoreRecord before = page.latestOf(lead);
        ScoreRecord current = leads.rescore(page, lead, "time passed");
        boolean changed = current != before;
        if (current == null || lead.profile == null) {
            lc.nextRescoreAt = null;
            lc.plannedAt = now;
            return changed;
        }
        if (!changed) {
            lifecycle.apply(lead, current, "time passed");
        }
        Ruleset ruleset = rulesets.require(lead.model);
        Instant next = planner.nextChange(ruleset, leads.factOf(lead), page.eventsOf(lead.id), now);
        if (lc.heldUntil != null && (next == null || lc.heldUntil.isBefore(next))) {
            next = lc.heldUntil;
        }
        lc.nextRescoreAt = next;
        lc.plannedAt = now;
        return changed;
    }

    /** What the status endpoint shows: the last run, the last completed one, the backlog. */
    public record Status(String job, String every, JobRun.View lastRun, JobRun.View lastCompletedRun, Backlog backlog) {
    }

    public Status status() {
        Backlog backlog = backlog();
        return QuarkusTransaction.requiringNew().call(() -> {
            JobRun last = JobRun.<JobRun>find("job = ?1 order by startedAt desc, id desc", JOB).firstResult();
            JobRun done = JobRun.<JobRun>find("job = ?1 and status = ?2 order by startedAt desc, id desc", JOB, JobRun.DONE)
                    .firstResult();
            return new Status(JOB, config.rescore().every(), last == null ? null : last.view(),
                    done == null ? null : done.view(), backlog);
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
