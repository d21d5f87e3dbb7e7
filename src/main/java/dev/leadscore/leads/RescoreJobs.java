package dev.leadscore.leads;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import jakarta.persistence.EntityManager;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import org.jboss.logging.Logger;

import dev.leadscore.scoring.ActiveRulesets;
import dev.leadscore.scoring.RescoreProgress;
import dev.leadscore.scoring.Ruleset;
import dev.leadscore.scoring.RulesetActivated;
import io.quarkus.narayana.jta.QuarkusTransaction;
import dev.leadscore.startup.StartupGate;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.panache.common.Sort;

/**
 * Re-scores a model's stored leads after a version goes live, in the background: a pass of the
 * one re-scoring loop ({@link Rescoring}), pages of leads in id order, each page and the job's
 * progress committed together, so a restart resumes after the last committed page. A job stops
 * (SUPERSEDED) as soon as another version of the model goes live; that version's own job takes
 * over. Every stored score and stage change carries the version and the cause.
 *
 * <p>One instance runs a job at a time: the one holding its lease, renewed with every page (in
 * the page's transaction, which also locks the job's row). A job whose holder stopped renewing
 * (the instance died or lost the database) for {@code leadscore.governance.rescore-lease} is
 * taken over by the next instance that looks ({@link #adoptAbandoned()}, at start-up and every
 * {@code leadscore.rules.sync-interval}) and resumes after the last committed page; a holder that
 * finds its job taken over stops.
 */
@ApplicationScoped
public class RescoreJobs implements RescoreProgress.Source {
    private static final Logger LOG = Logger.getLogger(RescoreJobs.class);

    @Inject
    StoredLeadPages pages;
    @Inject
    Rescoring rescoring;
    @Inject
    ActiveRulesets registry;
    /** Leads re-scored per transaction batch after a version goes live. */
    @ConfigProperty(name = "leadscore.governance.rescore-batch-size", defaultValue = "100")
    int batchSize;
    /**
     * How long the instance running a job may go without committing a batch before another
     * instance takes the job over (it died, or lost the database).
     */
    @ConfigProperty(name = "leadscore.governance.rescore-lease", defaultValue = "30s")
    Duration lease;
    @Inject
    Clock clock;
    @Inject
    EntityManager em;

    /** This instance, as the holder of the jobs it runs. */
    private final String instance = "instance-" + UUID.randomUUID();

    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ruleset-rescore");
        t.setDaemon(true);
        return t;
    });

    /** A version went live: re-score the model's stored leads under it. */
    void activated(@Observes RulesetActivated activated) {
        start(activated.model(), activated.version());
    }

    /** Starts re-scoring {@code model}'s leads under {@code version}; returns the job. */
    public RescoreJobRecord start(String model, String version) {
        RescoreJobRecord job = QuarkusTransaction.requiringNew().call(() -> {
            RescoreJobRecord j = new RescoreJobRecord();
            j.kind = RescoreJobRecord.PUBLISH;
            j.model = model;
            j.version = version;
            j.status = RescoreJobRecord.RUNNING;
            j.leadsTotal = (int) pages.count(model);
            j.startedAt = clock.instant();
            j.updatedAt = j.startedAt;
            j.holder = instance;
            j.persist();
            em.flush();
            em.createNativeQuery("update rescore_job set lease_until = clock_timestamp() + make_interval(secs => ?1) "
                    + "where id = ?2").setParameter(1, leaseSeconds()).setParameter(2, j.id).executeUpdate();
            return j;
        });
        submit(job.id);
        return job;
    }

    // after the rulesets are loaded and recorded (RulesetVersions observes at APPLICATION + 1000)
    void started(@Observes @Priority(Interceptor.Priority.APPLICATION + 1100) StartupEvent event) {
        resumeUnfinished();
    }

    /** Resumes the jobs a stop interrupted, or that no running instance holds any more. */
    public void resumeUnfinished() {
        adoptAbandoned();
    }

    /**
     * Takes over the running publish jobs nobody holds a lease on (their instance died or
     * stopped) and resumes them here, after their last committed page. Every instance looks as
     * often as it checks the live versions.
     */
    @Scheduled(every = "${leadscore.rules.sync-interval:5s}", identity = "rescore-job-takeover",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = StartupGate.Closed.class)
    void adoptAbandoned() {
        List<Long> adopted = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                update rescore_job set holder = ?1, lease_until = clock_timestamp() + make_interval(secs => ?2)
                where id in (select id from rescore_job where kind = 'publish' and status = 'RUNNING'
                               and (lease_until is null or lease_until < clock_timestamp())
                               and holder is distinct from ?1
                             order by id for update skip locked)
                returning id""", Long.class).setParameter(1, instance).setParameter(2, leaseSeconds())
                .getResultList());
        for (Long id : adopted) {
            LOG.infof("Re-scoring job %d: no running instance holds it; resuming it here", id);
            submit(id);
        }
    }

    private double leaseSeconds() {
        return lease.toMillis() / 1000.0;
    }

    @Override
    public Optional<RescoreProgress> latest(String model) {
        return QuarkusTransaction.requiringNew().call(() -> {
            RescoreJobRecord j = RescoreJobRecord.<RescoreJobRecord>find("kind = ?1 and model = ?2",
                    Sort.descending("startedAt", "id"), RescoreJobRecord.PUBLISH, model).firstResult();
            return Optional.ofNullable(j == null ? null : j.view());
        });
    }

    private void submit(long jobId) {
        worker.submit(() -> {
            try {
                String resumeAfter = QuarkusTransaction.requiringNew()
                        .call(() -> RescoreJobRecord.<RescoreJobRecord>findById(jobId).lastLeadId);
                rescoring.run(new Publish(jobId), resumeAfter, batchSize, 1);
            } catch (RuntimeException e) {
                if (worker.isShutdown()) {
                    // this instance is stopping: the job stays RUNNING and another instance resumes it once the lease runs out
                    LOG.infof("Re-scoring job %d stopped with the service; another instance resumes it", jobId);
                    return;
                }
                LOG.errorf(e, "Re-scoring job %d failed", jobId);
                QuarkusTransaction.requiringNew().run(() -> RescoreJobRecord.<RescoreJobRecord>findById(jobId)
                        .finish(RescoreJobRecord.FAILED, String.valueOf(e.getMessage()), clock.instant()));
            }
        });
    }

    /** The pass of one job: its model's leads after the last committed page, while its version is live. */
    private final class Publish implements Rescoring.Pass {
        private final long jobId;
        private RescoreJobRecord job;

        Publish(long jobId) {
            this.jobId = jobId;
        }

        @Override
        public String cause() {
            return "ruleset " + job.model + " version " + job.version + " went live";
        }

        /** Renewing the lease first locks the job's row until the page commits; none when the job is over or another instance's now. */
        @Override
        public List<String> nextIds(String afterId, int size) {
            if (worker.isShutdown() || !renew(jobId)) {
                return List.of();
            }
            job = RescoreJobRecord.findById(jobId);
            String active = registry.active(job.model).map(Ruleset::version).orElse(null);
            if (!job.version.equals(active)) {
                if (job.version.equals(liveInDatabase(job.model))) {
                    // this instance has not loaded the version yet: leave the job to be taken up again
                    em.createNativeQuery("update rescore_job set holder = null, lease_until = null where id = ?1")
                            .setParameter(1, jobId).executeUpdate();
                    job.holder = null;
                    return List.of();
                }
                finish(job, RescoreJobRecord.SUPERSEDED);
                return List.of();
            }
            List<String> ids = pages.leadIds(job.model, job.lastLeadId, size);
            if (ids.isEmpty()) {
                finish(job, RescoreJobRecord.DONE);
            }
            return ids;
        }

        @Override
        public void rescored(StoredLeadPages.LockedPage page, LeadRecord lead, ScoreRecord before, ScoreRecord after) {
            if (after != before && (before == null || !before.stage.equals(after.stage))) {
                job.stageChanges++;
            }
        }

        @Override
        public boolean pageDone(List<String> ids, Rescoring.PageResult result) {
            job.leadsDone += result.visited();
            job.scoresChanged += result.changed();
            job.batches++;
            job.lastLeadId = ids.get(ids.size() - 1);
            job.leadsTotal = Math.max(job.leadsTotal, job.leadsDone);
            job.updatedAt = clock.instant();
            // and again at the end, so a page slower than the lease does not look abandoned once committed
            return renew(jobId);
        }
    }

    /** Extends this instance's lease on the job (locking its row); false when the job is not this instance's any more. */
    private boolean renew(long jobId) {
        return em.createNativeQuery("update rescore_job set lease_until = clock_timestamp() + make_interval(secs => ?1) "
                + "where id = ?2 and holder = ?3 and status = 'RUNNING'").setParameter(1, leaseSeconds())
                .setParameter(2, jobId).setParameter(3, instance).executeUpdate() == 1;
    }

    /** The version the database says is live for the model (the latest activation). */
    private String liveInDatabase(String model) {
        List<?> live = em.createNativeQuery("select version from ruleset_activation where model = ?1 "
                + "order by activated_at desc, id desc limit 1").setParameter(1, model).getResultList();
        return live.isEmpty() ? null : (String) live.get(0);
    }

    private void finish(RescoreJobRecord job, String status) {
        job.finish(status, null, clock.instant());
        LOG.infof("Re-scoring %s under %s: %s, %d leads, %d scores changed, %d stage changes", job.model, job.version,
                status, job.leadsDone, job.scoresChanged, job.stageChanges);
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }
}
