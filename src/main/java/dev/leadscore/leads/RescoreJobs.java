package dev.leadscore.leads;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
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
import dev.leadscore.scoring.WhatIf;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.panache.common.Sort;

/**
 * Re-scores a model's stored leads after a version goes live, in the background: batches of
 * leads in id order, each batch and its progress committed together, so a restart resumes after
 * the last committed batch. A job stops (SUPERSEDED) as soon as another version of the model goes
 * live; that version's own job takes over. A batch is one locked page of leads re-scored through
 * {@link LeadService#rescore(LeadService.LockedPage, LeadRecord, String)}, the same path as the bulk
 * re-score, so every stored score and stage change carries the version and the cause.
 */
@ApplicationScoped
public class RescoreJobs implements RescoreProgress.Source {
    private static final Logger LOG = Logger.getLogger(RescoreJobs.class);

    @Inject
    LeadService leads;
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
            j.model = model;
            j.version = version;
            j.status = RescoreJobRecord.RUNNING;
            j.leadsTotal = (int) leads.countLeads(model);
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
                .<RescoreJobRecord>list("status", Sort.ascending("id"), RescoreJobRecord.RUNNING).stream()
                .map(j -> j.id).toList());
        running.forEach(this::submit);
    }

    @Override
    public Optional<RescoreProgress> latest(String model) {
        return QuarkusTransaction.requiringNew().call(() -> {
            RescoreJobRecord j = RescoreJobRecord.<RescoreJobRecord>find("model", Sort.descending("startedAt", "id"), model)
                    .firstResult();
            return Optional.ofNullable(j == null ? null : j.view());
        });
    }

    private void submit(long jobId) {
        worker.submit(() -> {
            try {
                run(jobId);
            } catch (RuntimeException e) {
                LOG.errorf(e, "Re-scoring job %d failed", jobId);
                QuarkusTransaction.requiringNew().run(() -> {
                    RescoreJobRecord j = RescoreJobRecord.findById(jobId);
                    j.status = RescoreJobRecord.FAILED;
                    j.error = String.valueOf(e.getMessage());
                    j.finishedAt = clock.instant();
                    j.updatedAt = j.finishedAt;
                });
            }
        });
    }

    private void run(long jobId) {
        boolean more = true;
        while (more) {
            more = QuarkusTransaction.requiringNew().call(() -> batch(jobId));
        }
    }

    /** One batch in one transaction, with the job's progress; false when the job is over. */
    private boolean batch(long jobId) {
        RescoreJobRecord job = RescoreJobRecord.findById(jobId);
        if (!RescoreJobRecord.RUNNING.equals(job.status)) {
            return false;
        }
        String active = registry.active(job.model).map(Ruleset::version).orElse(null);
        if (!job.version.equals(active)) {
            finish(job, RescoreJobRecord.SUPERSEDED);
            return false;
        }
        List<String> ids = leads.leadIds(job.model, job.lastLeadId, batchSize);
        if (ids.isEmpty()) {
            finish(job, RescoreJobRecord.DONE);
            return false;
        }
        String cause = "ruleset " + job.model + " version " + job.version + " went live";
        LeadService.LockedPage page = leads.lockPage(ids);
        for (LeadRecord lead : page.leads()) {
            ScoreRecord before = page.latestOf(lead);
            ScoreRecord after = leads.rescore(page, lead, cause);
            if (after != before) {
                if (before == null || !outcome(before).equals(outcome(after))) {
                    job.scoresChanged++;
                }
                if (before == null || !before.stage.equals(after.stage)) {
                    job.stageChanges++;
                }
            }
            job.leadsDone++;
        }
        job.lastLeadId = ids.get(ids.size() - 1);
        job.leadsTotal = Math.max(job.leadsTotal, job.leadsDone);
        job.updatedAt = clock.instant();
        return true;
    }

    private void finish(RescoreJobRecord job, String status) {
        job.status = status;
        job.finishedAt = clock.instant();
        job.updatedAt = job.finishedAt;
        LOG.infof("Re-scoring %s under %s: %s, %d leads, %d scores changed, %d stage changes", job.model, job.version,
                status, job.leadsDone, job.scoresChanged, job.stageChanges);
    }

    static WhatIf.Outcome outcome(ScoreRecord s) {
        Map<String, Integer> points = new TreeMap<>();
        s.adjustments.forEach(a -> points.merge(a.rule, a.points, Integer::sum));
        return new WhatIf.Outcome(s.fit, s.engagement, s.total, s.band, s.stage, points);
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }
}
