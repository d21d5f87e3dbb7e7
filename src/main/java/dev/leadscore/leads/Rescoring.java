package dev.leadscore.leads;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.leadscore.api.DatabaseProblems;
import dev.leadscore.scoring.ActiveRulesets;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * The one re-scoring loop, behind every path that re-scores stored leads: a re-score of all leads
 * ({@code POST /api/rescore}), the re-score after a version goes live ({@link RescoreJobs}) and the
 * time-driven job of the lifecycle. A pass picks a page of lead ids; the page's leads are locked
 * in key order, loaded with their events and latest scores, scored as of now, and a new score is
 * stored where {@link LeadScorer} finds one; the page and the pass's progress commit together.
 * Memory does not depend on the number of leads.
 */
@ApplicationScoped
public class Rescoring {
    private static final Logger LOG = Logger.getLogger(Rescoring.class);
    static final int PAGE_ATTEMPTS = 5;

    @Inject
    StoredLeadPages pages;
    @Inject
    LeadScorer scorer;
    @Inject
    BulkConfig config;
    @Inject
    ActiveRulesets rulesets;
    @Inject
    Clock clock;
    @Inject
    EntityManager em;
    @ConfigProperty(name = "leadscore.governance.rescore-lease", defaultValue = "30s")
    Duration lease;

    /**
     * What a pass decides; every method runs inside the transaction of the page it concerns. A
     * page PostgreSQL rolled back for losing a conflict runs again in a new transaction, so a pass
     * keeps what it counts in that transaction's rows, not in memory.
     */
    public interface Pass {
        /** Why the leads are re-scored, stored with each new score. */
        String cause();

        /** The next page's lead ids, the page after {@code afterId} (null: the first); empty when the pass is over. */
        List<String> nextIds(String afterId, int size);

        /** Whether this lead of the locked page is re-scored now; default all. */
        default boolean visits(StoredLeadPages.LockedPage page, LeadRecord lead) {
            return true;
        }

        /** After a lead was re-scored: its latest score before and after ({@code after == before}: nothing stored). */
        default void rescored(StoredLeadPages.LockedPage page, LeadRecord lead, ScoreRecord before, ScoreRecord after) {
        }

        /** After each page, with what it did; false ends the pass. */
        default boolean pageDone(List<String> ids, PageResult result) {
            return true;
        }
    }

    /** What one page did: leads visited, scores that changed ({@link ScoreChange}), new score records stored. */
    public record PageResult(int visited, int changed, int stored) {
        PageResult plus(PageResult o) {
            return new PageResult(visited + o.visited, changed + o.changed, stored + o.stored);
        }
    }

    /** The outcome of re-scoring all leads (of a model, or all models). */
    public record Rescored(String model, long leads, long stored, long unchanged, long millis, long leadsPerSecond) {
    }

    /**
     * Runs {@code pass} page after page, from after {@code startAfter}: with one worker, each page
     * (its ids, its leads, its progress) in one transaction on the calling thread; with more, the
     * ids are read ahead in key order and each page is scored and written by a worker in its own
     * transaction, at most two pages waiting per worker.
     */
    public PageResult run(Pass pass, String startAfter, int pageSize, int workers) {
        return workers <= 1 ? runInline(pass, startAfter, pageSize) : runParallel(pass, startAfter, pageSize, workers);
    }

    /** One page in the current transaction: locks, scores and stores changes. */
    @Transactional(Transactional.TxType.MANDATORY)
    public PageResult page(Pass pass, List<String> ids) {
        StoredLeadPages.LockedPage page = pages.lock(ids);
        int visited = 0;
        int changed = 0;
        int stored = 0;
        for (LeadRecord lead : page.leads()) {
            if (!pass.visits(page, lead)) {
                continue;
            }
            ScoreRecord before = page.latestOf(lead);
            ScoreRecord after = lead.profile == null ? before
                    : scorer.rescore(lead, page.eventsOf(lead.id), before, pass.cause());
            visited++;
            stored += after != before ? 1 : 0;
            changed += ScoreChange.changed(before, after) ? 1 : 0;
            pass.rescored(page, lead, before, after);
        }
        return new PageResult(visited, changed, stored);
    }

    private record Step(String lastId, PageResult result, boolean more) {
    }

    private PageResult runInline(Pass pass, String startAfter, int pageSize) {
        PageResult total = new PageResult(0, 0, 0);
        String after = startAfter;
        while (true) {
            String from = after;
            Step step = retryingLostConflicts(() -> QuarkusTransaction.requiringNew().call(() -> {
                List<String> ids = pass.nextIds(from, pageSize);
                if (ids.isEmpty()) {
                    return null;
                }
                PageResult r = page(pass, ids);
                return new Step(ids.get(ids.size() - 1), r, pass.pageDone(ids, r));
            }));
            if (step == null) {
                return total;
            }
            total = total.plus(step.result());
            if (!step.more()) {
                return total;
            }
            after = step.lastId();
        }
    }

    private PageResult runParallel(Pass pass, String startAfter, int pageSize, int threads) {
        ExecutorService workers = Executors.newFixedThreadPool(threads, r -> new Thread(r, "rescore-worker"));
        Semaphore inFlight = new Semaphore(threads * 2);
        List<Future<PageResult>> pending = new ArrayList<>();
        PageResult total = new PageResult(0, 0, 0);
        try {
            String after = startAfter;
            while (true) {
                String from = after;
                List<String> ids = QuarkusTransaction.requiringNew().call(() -> pass.nextIds(from, pageSize));
                if (ids.isEmpty()) {
                    break;
                }
                after = ids.get(ids.size() - 1);
                inFlight.acquireUninterruptibly();
                pending.add(workers.submit(() -> {
                    // observers of LeadScored may use request-scoped beans, as they can on a request thread
                    ManagedContext requestContext = Arc.container().requestContext();
                    requestContext.activate();
                    try {
                        return retryingLostConflicts(() -> QuarkusTransaction.requiringNew().call(() -> {
                            PageResult r = page(pass, ids);
                            pass.pageDone(ids, r);
                            return r;
                        }));
                    } finally {
                        requestContext.terminate();
                        inFlight.release();
                    }
                }));
                // collect finished pages as we go, so the list of futures stays short
                for (var it = pending.iterator(); it.hasNext();) {
                    Future<PageResult> f = it.next();
                    if (f.isDone()) {
                        total = total.plus(f.get());
                        it.remove();
                    }
                }
            }
            for (Future<PageResult> f : pending) {
                total = total.plus(f.get());
            }
            return total;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Re-scoring was interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            workers.shutdownNow();
        }
    }

    /**
     * Runs a page's transaction again when PostgreSQL rolled it back for losing a conflict (a
     * deadlock with another worker of the pass, whose pages lock the same accounts in another
     * order, or with a request): nothing of it was stored, and the other transaction is done by
     * the time it runs again. Gives up after {@value #PAGE_ATTEMPTS} attempts.
     */
    static <T> T retryingLostConflicts(Supplier<T> page) {
        for (int attempt = 1;; attempt++) {
            try {
                return page.get();
            } catch (RuntimeException e) {
                if (attempt >= PAGE_ATTEMPTS || !DatabaseProblems.lostConflict(e)) {
                    throw e;
                }
                LOG.debugf("A re-scoring page lost a conflict with a concurrent transaction (attempt %d); running it again", attempt);
                try {
                    Thread.sleep(ThreadLocalRandom.current().nextLong(10, 50L * attempt));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /**
     * The passes over every lead of a model running now, on any instance (a re-score of all leads,
     * or the re-score after a version went live), as long as they hold their lease: such a pass
     * re-scores each of those leads as of now anyway, so the time-driven job need not visit them
     * meanwhile. {@code all}: a pass covers every model.
     */
    public record WholeModelPasses(boolean all, Set<String> models) {
        public static final WholeModelPasses NONE = new WholeModelPasses(false, Set.of());
    }

    /** See {@link WholeModelPasses}; read in the current transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public WholeModelPasses wholeModelPasses() {
        @SuppressWarnings("unchecked")
        List<String> running = em.createNativeQuery("select model from rescore_job where status = 'RUNNING' "
                + "and kind in ('bulk', 'publish') and lease_until >= clock_timestamp()").getResultList();
        Set<String> models = new TreeSet<>();
        running.stream().filter(m -> m != null).forEach(models::add);
        return new WholeModelPasses(running.contains(null), models);
    }

    /**
     * Re-scores every stored lead of {@code model} (all models when null) as of now under the
     * active rulesets, storing a new score only where something changed, with
     * {@code leadscore.bulk.rescore-threads} workers; the pass is recorded as a job of kind bulk.
     */
    public Rescored rescoreAll(String model, String cause) {
        if (model != null) {
            rulesets.require(model);
        }
        long jobId = QuarkusTransaction.requiringNew().call(() -> {
            RescoreJobRecord j = new RescoreJobRecord();
            j.kind = RescoreJobRecord.BULK;
            j.model = model;
            j.status = RescoreJobRecord.RUNNING;
            j.startedAt = clock.instant();
            j.updatedAt = j.startedAt;
            j.persist();
            return j.id;
        });
        // elapsed time for the throughput figure: a monotonic timer, not the wall clock
        long started = System.nanoTime();
        PageResult done;
        try {
            done = run(new Pass() {
                @Override
                public String cause() {
                    return cause;
                }

                @Override
                public List<String> nextIds(String afterId, int size) {
                    // the pass's lease, renewed with every page: the time-driven job stands aside while it holds
                    em.createNativeQuery("update rescore_job set updated_at = ?1, last_lead_id = ?2, "
                            + "lease_until = clock_timestamp() + make_interval(secs => ?3) where id = ?4")
                            .setParameter(1, clock.instant()).setParameter(2, afterId)
                            .setParameter(3, lease.toMillis() / 1000.0).setParameter(4, jobId).executeUpdate();
                    return pages.leadIds(model, afterId, size);
                }
            }, null, config.rescoreChunk(), Math.max(1, config.rescoreThreads()));
        } catch (RuntimeException e) {
            QuarkusTransaction.requiringNew().run(() -> RescoreJobRecord.<RescoreJobRecord>findById(jobId)
                    .finish(RescoreJobRecord.FAILED, String.valueOf(e.getMessage()), clock.instant()));
            throw e;
        }
        long millis = Math.max(1, Duration.ofNanos(System.nanoTime() - started).toMillis());
        PageResult total = done;
        QuarkusTransaction.requiringNew().run(() -> {
            RescoreJobRecord j = RescoreJobRecord.findById(jobId);
            j.leadsTotal = total.visited();
            j.leadsDone = total.visited();
            j.scoresChanged = total.changed();
            j.finish(RescoreJobRecord.DONE, null, clock.instant());
        });
        Rescored result = new Rescored(model, total.visited(), total.stored(), total.visited() - total.stored(), millis,
                total.visited() * 1000L / millis);
        LOG.infof("Re-scored %d leads (%d new scores) in %d ms: %d leads/s", total.visited(), total.stored(), millis,
                result.leadsPerSecond());
        return result;
    }
}
