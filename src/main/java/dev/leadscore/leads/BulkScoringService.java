package dev.leadscore.leads;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import org.jboss.logging.Logger;

import dev.leadscore.api.ProblemException;
import dev.leadscore.rules.RulesetRegistry;
import dev.leadscore.scoring.ActivityEvent;
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
    RulesetRegistry rulesets;

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
     * Adds the events of many leads. The whole batch is checked before anything is written (every
     * event, every lead exists); then it is written one chunk of leads per transaction. Should a
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
            if (item.leadId() == null || !InputCheck.LEAD_ID.matcher(item.leadId()).matches()) {
                check.add(at + ".leadId", "must be 1-200 characters: letters, digits and _ . : @ + - (not starting with a symbol)");
            } else if (item.events() != null) {
                byLead.computeIfAbsent(item.leadId(), id -> new ArrayList<>()).addAll(item.events());
                events += item.events().size();
            }
        }
        if (events > config.maxEventBatch()) {
            check.add("events", "a batch holds at most " + config.maxEventBatch() + " events; this one has " + events);
        }
        check.throwIfAny();
        Set<String> known = Set.copyOf(em.createQuery("select l.id from LeadRecord l where l.id in :ids", String.class)
                .setParameter("ids", byLead.keySet()).getResultList());
        List<String> unknown = byLead.keySet().stream().filter(id -> !known.contains(id)).toList();
        if (!unknown.isEmpty()) {
            throw ProblemException.notFound("Unknown lead(s) " + String.join(", ", unknown.subList(0, Math.min(10, unknown.size())))
                    + (unknown.size() > 10 ? " and " + (unknown.size() - 10) + " more" : "")
                    + "; create them with PUT /api/leads/{leadId} first. Nothing of this batch was stored.");
        }
        List<Ingested> results = new ArrayList<>(byLead.size());
        List<Map.Entry<String, List<EventInput>>> entries = new ArrayList<>(byLead.entrySet());
        for (int from = 0; from < entries.size(); from += config.ingestChunk()) {
            List<Map.Entry<String, List<EventInput>>> chunk = entries.subList(from, Math.min(entries.size(), from + config.ingestChunk()));
            results.addAll(QuarkusTransaction.requiringNew().call(() -> chunk.stream().map(e -> {
                LeadService.Ingested done = leads.ingest(e.getKey(), e.getValue());
                return new Ingested(e.getKey(), done.accepted(), done.duplicates(), done.score());
            }).toList()));
        }
        return results;
    }

    /**
     * Re-scores every stored lead of {@code model} (all models when null) as of now under the
     * active rulesets, storing a new score only where something changed. Leads are read in
     * primary-key order, one chunk per transaction (keyset pagination: memory does not grow with
     * the number of leads); each chunk's rows are locked, so concurrent writers to a lead wait.
     */
    public Rescored rescoreAll(String model, String cause) {
        if (model != null) {
            rulesets.require(model);
        }
        Instant started = Instant.now();
        String after = "";
        long total = 0;
        long stored = 0;
        Chunk chunk;
        do {
            String from = after;
            chunk = QuarkusTransaction.requiringNew().call(() -> rescoreChunk(model, from, cause));
            total += chunk.leads();
            stored += chunk.stored();
            after = chunk.lastId();
        } while (chunk.leads() > 0);
        long millis = Math.max(1, Duration.between(started, Instant.now()).toMillis());
        Rescored result = new Rescored(model, total, stored, total - stored, millis, total * 1000 / millis);
        LOG.infof("Re-scored %d leads (%d new scores) in %d ms: %d leads/s", total, stored, millis, result.leadsPerSecond());
        return result;
    }

    private record Chunk(int leads, int stored, String lastId) {
    }

    /** Scores the next chunk of leads after {@code afterId}; a chunk of 0 leads means none are left. */
    private Chunk rescoreChunk(String model, String afterId, String cause) {
        var query = em.createQuery("from LeadRecord l where l.id > :after"
                + (model == null ? "" : " and l.model = :model") + " order by l.id", LeadRecord.class)
                .setParameter("after", afterId)
                .setMaxResults(config.rescoreChunk())
                .setLockMode(LockModeType.PESSIMISTIC_WRITE);
        if (model != null) {
            query.setParameter("model", model);
        }
        List<LeadRecord> chunk = query.getResultList();
        if (chunk.isEmpty()) {
            return new Chunk(0, 0, afterId);
        }
        List<String> ids = chunk.stream().map(l -> l.id).toList();
        Map<String, List<ActivityEvent>> events = new HashMap<>();
        em.createQuery("from EventRecord e where e.leadId in :ids", EventRecord.class).setParameter("ids", ids)
                .getResultStream().forEach(e -> events.computeIfAbsent(e.leadId, id -> new ArrayList<>()).add(e.toFact()));
        List<Long> latestIds = chunk.stream().map(l -> l.latestScoreId).filter(Objects::nonNull).toList();
        Map<Long, ScoreRecord> latest = latestIds.isEmpty() ? Map.of()
                : em.createQuery("from ScoreRecord s where s.id in :ids", ScoreRecord.class).setParameter("ids", latestIds)
                        .getResultStream().collect(Collectors.toMap(s -> s.id, s -> s));
        int stored = 0;
        for (LeadRecord lead : chunk) {
            ScoreRecord previous = lead.latestScoreId == null ? null : latest.get(lead.latestScoreId);
            if (leads.rescore(lead, events.getOrDefault(lead.id, List.of()), previous, cause) != previous) {
                stored++;
            }
        }
        return new Chunk(chunk.size(), stored, ids.get(ids.size() - 1));
    }
}
