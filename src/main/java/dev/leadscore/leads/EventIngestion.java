package dev.leadscore.leads;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import dev.leadscore.api.LeadIds;
import dev.leadscore.api.ProblemException;
import dev.leadscore.scoring.ActivityEvent;
import dev.leadscore.security.LeadAccess;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Stores the events integrations send about leads and keeps each lead's score current: one lead
 * at a time, or many leads in one batch. An event id already stored for the lead is counted as a
 * duplicate, so a retried request counts once.
 */
@ApplicationScoped
public class EventIngestion {
    @Inject
    Clock clock;
    @Inject
    InputCheck inputCheck;
    @Inject
    EntityManager em;
    @Inject
    LeadAccess access;
    @Inject
    LeadLocks locks;
    @Inject
    LeadScorer scorer;
    @Inject
    LeadEventCache eventCache;
    @Inject
    BulkConfig config;

    /** The outcome of events for one lead: the score after them, and how many events were new. */
    public record Ingested(ScoreView score, int accepted, int duplicates) {
    }

    /** What one lead of a batch ingestion got. */
    public record BatchItem(String leadId, int accepted, int duplicates, ScoreView score) {
    }

    /**
     * Adds events to the lead (created as an anonymous visitor when unknown) and re-scores it.
     * The lead's stored events come from {@link LeadEventCache} when this instance wrote its last
     * change, else from the database; the new ones are read back as stored.
     */
    @Transactional
    public Ingested ingest(String leadId, List<EventInput> events) {
        inputCheck.leadId(leadId);
        if (events == null || events.isEmpty()) {
            throw ProblemException.badRequest("Send one event object or a non-empty array of events", null);
        }
        inputCheck.collector().events(events).throwIfAny();
        LeadRecord lead = locks.lockOrCreateAnonymous(leadId);
        List<ActivityEvent> before = eventCache.events(lead);
        Set<String> stored = before.stream().map(ActivityEvent::getId).collect(Collectors.toSet());
        Map<String, EventInput> added = new LinkedHashMap<>();
        events.forEach(e -> {
            if (!stored.contains(e.id())) {
                added.putIfAbsent(e.id(), e);
            }
        });
        if (added.isEmpty()) {
            return new Ingested(LeadReads.latest(lead), 0, events.size());
        }
        Instant now = clock.instant();
        added.values().forEach(e -> EventRecord.of(leadId, e, now).persist());
        em.flush();
        ScoreRecord score = scorer.eventsChanged(lead, eventCache.with(lead, before, added.keySet()),
                added.size() + " new event(s)");
        return new Ingested(ScoreView.of(score, lead), added.size(), events.size() - added.size());
    }

    /**
     * Adds the events of many leads; a lead id not known yet becomes an anonymous visitor, as with
     * single events. The whole batch is checked before anything is written (every event, no lead
     * of another source for a source-restricted key); then it is written one chunk of leads per transaction. Should a
     * later chunk fail, the earlier ones stay written, and sending the same batch again is safe:
     * events already stored for a lead are recognised by their id and counted once.
     */
    public List<BatchItem> ingestBatch(List<LeadEvents> batch) {
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
        requireKnown(byLead.keySet());
        // leads are locked in key order, as every path that locks several leads does, so two
        // such transactions wait for each other instead of deadlocking; answers keep the batch's order
        Map<String, BatchItem> results = new HashMap<>();
        List<Map.Entry<String, List<EventInput>>> entries = new ArrayList<>(byLead.entrySet());
        entries.sort(Map.Entry.comparingByKey());
        for (int from = 0; from < entries.size(); from += config.ingestChunk()) {
            List<Map.Entry<String, List<EventInput>>> chunk = entries.subList(from, Math.min(entries.size(), from + config.ingestChunk()));
            QuarkusTransaction.requiringNew().run(() -> chunk.forEach(e -> {
                Ingested done = ingest(e.getKey(), e.getValue());
                results.put(e.getKey(), new BatchItem(e.getKey(), done.accepted(), done.duplicates(), done.score()));
            }));
        }
        return byLead.keySet().stream().map(results::get).toList();
    }

    /**
     * A lead another source owns is as unknown to a source-restricted key as on the single-lead
     * endpoints (404); an id nobody has used yet is a new anonymous visitor of the key's source.
     */
    private void requireKnown(Set<String> ids) {
        Optional<String> source = access.restrictedSource();
        List<String> unknown = new ArrayList<>();
        if (source.isPresent()) {
            for (Object[] row : em.createQuery("select l.id, l.owner from LeadRecord l where l.id in :ids", Object[].class)
                    .setParameter("ids", ids).getResultList()) {
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
    }
}
