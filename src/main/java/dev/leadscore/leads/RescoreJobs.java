package dev.leadscore.leads;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import org.jboss.logging.Logger;

import dev.leadscore.scoring.ActiveRulesets;
import dev.leadscore.scoring.RescoreProgress;
import dev.leadscore.scoring.Ruleset;
import dev.leadscore.scoring.RulesetActivated;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.panache.common.Sort;

/**
 * Re-scores a model's stored leads after a version goes live, in the background: a pass of the
 * one re-scoring loop ({@link Rescoring}), pages of leads in id order, each page and the job's
 * progress committed together, so a restart resumes after the last committed page. A job stops
 * (SUPERSEDED) as soon as another version of the model goes live; that version's own job takes
 * over. Every stored score and stage change carries the version and the cause.
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
    @Inject
    Clock clock;

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
            j.persist();
            return j;
        });
        submit(job.id);
        return job;
    }

    // after the rulesets are loaded and recorded (RulesetVersions observes at APPLICATION + 1000)
    void started(@Observes @Priority(Interceptor.Priority.APPLICATION + 1100) StartupEvent event) {
        resumeUnfinished();
    }

    /** Resumes the jobs a stop interrupted. */
    public void resumeUnfinished() {
        List<Long> running = QuarkusTransaction.requiringNew().call(() -> RescoreJobRecord
                .<RescoreJobRecord>list("kind = ?1 and status = ?2", Sort.ascending("id"), RescoreJobRecord.PUBLISH,
                        RescoreJobRecord.RUNNING)
                .stream().map(j -> j.id).toList());
        running.forEach(this::submit);
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

        @Override
        public List<String> nextIds(String afterId, int size) {
            job = RescoreJobRecord.findById(jobId);
            if (!RescoreJobRecord.RUNNING.equals(job.status)) {
                return List.of();
            }
            String active = registry.active(job.model).map(Ruleset::version).orElse(null);
            if (!job.version.equals(active)) {
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
            return true;
        }
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
