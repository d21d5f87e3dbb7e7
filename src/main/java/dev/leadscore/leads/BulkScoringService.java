package dev.leadscore.leads;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;

import dev.leadscore.api.LeadIds;
import dev.leadscore.api.ProblemException;
import dev.leadscore.scoring.ActiveRulesets;
import dev.leadscore.security.LeadAccess;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * The bulk paths CRMs need: many stateless scores in one call, events of many leads in one call,
 * and re-scoring every stored lead (after a ruleset is published, or by a time-driven job). Writes
 * happen in one transaction per chunk of leads, so memory stays bounded whatever the volume and
 * Hibernate can send the inserts of a chunk in JDBC batches.
 */
@ApplicationScoped
public class BulkScoringService {
    private static final Logger LOG = Logger.getLogger(BulkScoringService.class);

    @Inject
    LeadService leads;
    @Inject
    InputCheck inputCheck;
    @Inject
    BulkConfig config;
    @Inject
    EntityManager em;
    @Inject
    ActiveRulesets rulesets;
    @Inject
    LeadAccess access;

    /** What one lead of a batch ingestion got. */
    public record Ingested(String leadId, int accepted, int duplicates, ScoreView score) {
    }

    /** The outcome of re-scoring all leads (of a model, or all models). */
    public record Rescored(String model, long leads, long stored, long unchanged, long millis, long leadsPerSecond) {
    }

    /** Scores each request like {@code POST /api/score}; stores nothing. Every request is checked first. */
    public List<ScoreView> scoreBatch(List<ScoreRequest> requests) {
        if (requests == null || requests.isEmpty()) {
            throw ProblemException.badRequest("Send a non-empty array of scoring requests", null);
        }
        if (requests.size() > config.maxScoreBatch()) {
            throw ProblemException.invalidField("[" + config.maxScoreBatch() + "]",
                    "a batch holds at most " + config.maxScoreBatch() + " requests; this one has " + requests.size());
        }
        InputCheck.Collector check = inputCheck.collector();
        for (int i = 0; i < requests.size(); i++) {
            ScoreRequest r = requests.get(i);
            if (r == null) {
                check.add("[" + i + "]", "must not be null");
            } else {
                check.check(r, "[" + i + "]");
                if (r.lead() != null) {
                    check.attributes(r.lead().attributes(), "[" + i + "].lead");
                }
            }
        }
        check.throwIfAny();
        return requests.stream().map(leads::scoreStateless).toList();
    }

    /**
     * Adds the events of many leads; a lead id not known yet becomes an anonymous visitor, as with
     * single events. The whole batch is checked before anything is written (every event, no lead
     * of another source for a source-restricted key); then it is written one chunk of leads per transaction. Should a
     * later chunk fail, the earlier ones stay written, and sending the same batch again is safe:
     * events already stored for a lead are recognised by their id and counted once.
     */
    public List<Ingested> ingestBatch(List<LeadEvents> batch) {
        if (batch == null || batch.isEmpty()) {
            throw ProblemException.badRequest("Send a non-empty array of {leadId, events}", null);
        }
        InputCheck.Collector check = inputCheck.collector();
        Map<String, List<EventInput>> byLead = new LinkedHashMap<>();
        int events = 0;
        for (int i = 0; i < batch.size(); i++) {
            LeadEvents item = batch.get(i);
            String at = "[" + i + "]";
            if (item == null) {
                check.add(at, "must not be null");
                continue;
            }
            check.check(item, at);
            if (!LeadIds.valid(item.leadId())) {
                check.add(at + ".leadId", LeadIds.RULE);
            } else if (item.events() != null) {
                byLead.computeIfAbsent(item.leadId(), id -> new ArrayList<>()).addAll(item.events());
                events += item.events().size();
            }
        }
        if (events > config.maxEventBatch()) {
            check.add("events", "a batch holds at most " + config.maxEventBatch() + " events; this one has " + events);
        }
        check.throwIfAny();
        // a lead another source owns is as unknown to a source-restricted key as on the single-lead
        // endpoints (404); an id nobody has used yet is a new anonymous visitor of the key's source
        Optional<String> source = access.restrictedSource();
        List<String> unknown = new ArrayList<>();
        if (source.isPresent()) {
            for (Object[] row : em.createQuery("select l.id, l.owner from LeadRecord l where l.id in :ids", Object[].class)
                    .setParameter("ids", byLead.keySet()).getResultList()) {
                if (!source.get().equals(row[1])) {
                    unknown.add((String) row[0]);
                }
            }
        }
        if (!unknown.isEmpty()) {
            throw ProblemException.notFound("Unknown lead(s) " + String.join(", ", unknown.subList(0, Math.min(10, unknown.size())))
                    + (unknown.size() > 10 ? " and " + (unknown.size() - 10) + " more" : "")
                    + ". Nothing of this batch was stored.");
        }
        // leads are locked in key order, as every path that locks several leads does, so two
        // such transactions wait for each other instead of deadlocking; answers keep the batch's order
        Map<String, Ingested> results = new HashMap<>();
        List<Map.Entry<String, List<EventInput>>> entries = new ArrayList<>(byLead.entrySet());
        entries.sort(Map.Entry.comparingByKey());
        for (int from = 0; from < entries.size(); from += config.ingestChunk()) {
            List<Map.Entry<String, List<EventInput>>> chunk = entries.subList(from, Math.min(entries.size(), from + config.ingestChunk()));
            QuarkusTransaction.requiringNew().run(() -> chunk.forEach(e -> {
                LeadService.Ingested done = leads.ingest(e.getKey(), e.getValue());
                results.put(e.getKey(), new Ingested(e.getKey(), done.accepted(), done.duplicates(), done.score()));
            }));
        }
        return byLead.keySet().stream().map(results::get).toList();
    }

    /**
     * Re-scores every stored lead of {@code model} (all models when null) as of now under the
     * active rulesets, storing a new score only where something changed. The lead ids are walked
     * in primary-key order (keyset pagination), and each page of ids is scored and written in its
     * own transaction by one of {@code rescore-threads} workers, with at most one page per worker
     * waiting: memory does not grow with the number of leads. Each page's rows are locked, so a
     * concurrent writer to one of its leads waits for it.
     */
    public Rescored rescoreAll(String model, String cause) {
        if (model != null) {
            rulesets.require(model);
        }
        // elapsed time for the throughput figure: a monotonic timer, not the wall clock
        long started = System.nanoTime();
        int threads = Math.max(1, config.rescoreThreads());
        ExecutorService workers = Executors.newFixedThreadPool(threads, r -> new Thread(r, "rescore-worker"));
        Semaphore inFlight = new Semaphore(threads * 2);
        List<Future<Chunk>> pending = new ArrayList<>();
        long total = 0;
        long stored = 0;
        try {
            String after = "";
            while (true) {
                List<String> ids = nextIds(model, after);
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
                        return QuarkusTransaction.requiringNew().call(() -> rescoreChunk(ids, cause));
                    } finally {
                        requestContext.terminate();
                        inFlight.release();
                    }
                }));
                // collect finished pages as we go, so the list of futures stays short
                for (var it = pending.iterator(); it.hasNext();) {
                    Future<Chunk> f = it.next();
                    if (f.isDone()) {
                        Chunk c = f.get();
                        total += c.leads();
                        stored += c.stored();
                        it.remove();
                    }
                }
            }
            for (Future<Chunk> f : pending) {
                Chunk c = f.get();
                total += c.leads();
                stored += c.stored();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Re-scoring was interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            workers.shutdownNow();
        }
        long millis = Math.max(1, Duration.ofNanos(System.nanoTime() - started).toMillis());
        Rescored result = new Rescored(model, total, stored, total - stored, millis, total * 1000 / millis);
        LOG.infof("Re-scored %d leads (%d new scores) in %d ms: %d leads/s", total, stored, millis, result.leadsPerSecond());
        return result;
    }

    private record Chunk(int leads, int stored) {
    }

    /** The next page of lead ids after {@code afterId}, in key order; read without locks. */
    private List<String> nextIds(String model, String afterId) {
        return QuarkusTransaction.requiringNew().call(() -> leads.leadIds(model, afterId, config.rescoreChunk()));
    }

    /** Locks, scores and writes one page of leads. */
    private Chunk rescoreChunk(List<String> ids, String cause) {
        LeadService.LockedPage page = leads.lockPage(ids);
        int stored = 0;
        for (LeadRecord lead : page.leads()) {
            if (leads.rescore(page, lead, cause) != page.latestOf(lead)) {
                stored++;
            }
        }
        return new Chunk(page.leads().size(), stored);
    }
}
