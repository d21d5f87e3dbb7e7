package dev.leadscore.leads;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import dev.leadscore.api.LeadIds;
import dev.leadscore.api.ProblemException;
import dev.leadscore.scoring.ActivityEvent;
import dev.leadscore.scoring.ScoringEngine;
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
    @Inject
    IngestionConfig ingestionConfig;
    @Inject
    Event<LeadsLocked> leadsLocked;
    @Inject
    EventIngestion self;

    /** The outcome of events for one lead: the score after them, and how many events were new. */
    public record Ingested(ScoreView score, int accepted, int duplicates) {
    }

    /** What one lead of a batch ingestion got. */
    public record BatchItem(String leadId, int accepted, int duplicates, ScoreView score) {
    }

    /** One caller's events for one lead, with the source the caller is restricted to (if any). */
    record Item(String leadId, List<EventInput> events, Optional<String> source) {
    }

    /** What one item got: its outcome, or why it was refused (the others of its group are not affected). */
    record Outcome(Ingested ingested, RuntimeException refused) {
        Ingested get() {
            if (refused != null) {
                throw refused;
            }
            return ingested;
        }
    }

    private volatile GroupCommit<Item, Outcome> groups;

    /**
     * Adds events to the lead (created as an anonymous visitor when unknown) and re-scores it.
     * Inside a caller's transaction (a source's message applied with its receipt) it is written
     * there; otherwise with the requests arriving meanwhile, in one transaction per group
     * ({@link IngestionConfig}), and returns once that committed. The answer is the lead's score
     * as stored by that commit, which counts this request's events (and those of the same lead
     * written with them), with this request's own counts of new and duplicate events.
     */
    public Ingested ingest(String leadId, List<EventInput> events) {
        inputCheck.leadId(leadId);
        if (events == null || events.isEmpty()) {
            throw ProblemException.badRequest("Send one event object or a non-empty array of events", null);
        }
        inputCheck.collector().events(events).throwIfAny();
        Item item = new Item(leadId, events, access.restrictedSource());
        if (QuarkusTransaction.isActive()) {
            return apply(List.of(item)).get(0).get();
        }
        return groups().submit(item).get();
    }

    private GroupCommit<Item, Outcome> groups() {
        GroupCommit<Item, Outcome> g = groups;
        if (g == null) {
            synchronized (this) {
                if (groups == null) {
                    groups = new GroupCommit<>(ingestionConfig.groupSize(), ingestionConfig.groupWriters(),
                            items -> QuarkusTransaction.requiringNew().call(() -> self.apply(items)));
                }
                g = groups;
            }
        }
        return g;
    }

    /**
     * Writes the items in the current transaction: their leads locked in key order (created as
     * anonymous visitors when unknown), the new events of each stored, each lead re-scored once
     * for all of them. An event id already stored for the lead, or sent earlier in the same
     * items, counts as a duplicate of the item that sent it. Items whose caller may not see the
     * lead are refused without writing anything for them.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    List<Outcome> apply(List<Item> items) {
        SortedMap<String, String> ownerOfNew = new TreeMap<>();
        Map<String, List<Integer>> itemsOf = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            ownerOfNew.putIfAbsent(item.leadId(), item.source().orElse(null));
            itemsOf.computeIfAbsent(item.leadId(), k -> new ArrayList<>()).add(i);
        }
        SortedMap<String, LeadRecord> leads = locks.lockOrCreateAnonymous(ownerOfNew);
        Outcome[] out = new Outcome[items.size()];
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            String owner = leads.get(item.leadId()).owner;
            if (item.source().isPresent() && !item.source().get().equals(owner)) {
                out[i] = new Outcome(null, LeadIds.unknown(item.leadId()));
            }
        }
        List<LeadRecord> written = leads.values().stream()
                .filter(l -> itemsOf.get(l.id).stream().anyMatch(i -> out[i] == null)).toList();
        Map<String, List<ActivityEvent>> before = eventCache.events(written);
        Map<String, Integer> addedTo = new HashMap<>();
        int[] accepted = new int[items.size()];
        List<EventRecord> rows = new ArrayList<>();
        Instant now = clock.instant();
        for (LeadRecord lead : written) {
            Set<String> seen = new HashSet<>();
            before.get(lead.id).forEach(e -> seen.add(e.getId()));
            for (int i : itemsOf.get(lead.id)) {
                if (out[i] != null) {
                    continue;
                }
                for (EventInput e : items.get(i).events()) {
                    if (seen.add(e.id())) {
                        rows.add(EventRecord.of(lead.id, e, now));
                        accepted[i]++;
                        addedTo.merge(lead.id, 1, Integer::sum);
                    }
                }
            }
        }
        Map<String, List<ActivityEvent>> added = Map.of();
        if (!rows.isEmpty()) {
            added = eventCache.insert(rows);
        }
        Map<String, ScoreRecord> latest = scorer.latest(written);
        if (addedTo.size() > 1) {
            // observers keeping a row per lead read theirs for all of them in one query
            leadsLocked.fire(new LeadsLocked(written.stream().filter(l -> addedTo.containsKey(l.id)).toList()));
        }
        for (LeadRecord lead : written) {
            ScoreRecord score = latest.get(lead.id);
            Integer n = addedTo.get(lead.id);
            if (n != null) {
                // the new events (usually the latest) first, then those kept the latest first: nearly in order
                List<ActivityEvent> all = new ArrayList<>(added.getOrDefault(lead.id, List.of()));
                all.addAll(before.get(lead.id));
                score = scorer.eventsChanged(lead, ScoringEngine.latestFirst(all), score, n + " new event(s)");
            }
            ScoreView view = score == null ? null : ScoreView.of(score, lead);
            for (int i : itemsOf.get(lead.id)) {
                if (out[i] == null) {
                    out[i] = view == null ? new Outcome(null, ProblemException.notFound("Lead '" + lead.id + "' has no score yet"))
                            : new Outcome(new Ingested(view, accepted[i], items.get(i).events().size() - accepted[i]), null);
                }
            }
        }
        return List.of(out);
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
        Optional<String> source = access.restrictedSource();
        // leads are locked in key order, as every path that locks several leads does, so two
        // such transactions wait for each other instead of deadlocking; answers keep the batch's order
        Map<String, BatchItem> results = new HashMap<>();
        List<Map.Entry<String, List<EventInput>>> entries = new ArrayList<>(byLead.entrySet());
        entries.sort(Map.Entry.comparingByKey());
        for (int from = 0; from < entries.size(); from += config.ingestChunk()) {
            List<Map.Entry<String, List<EventInput>>> chunk = entries.subList(from, Math.min(entries.size(), from + config.ingestChunk()));
            List<Item> items = chunk.stream().map(e -> new Item(e.getKey(), e.getValue(), source)).toList();
            // a refused item (a lead another source created meanwhile) rolls its chunk back
            List<Ingested> done = QuarkusTransaction.requiringNew().call(() -> self.apply(items).stream().map(Outcome::get).toList());
            for (int i = 0; i < items.size(); i++) {
                Ingested in = done.get(i);
                results.put(items.get(i).leadId(), new BatchItem(items.get(i).leadId(), in.accepted(), in.duplicates(), in.score()));
            }
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
