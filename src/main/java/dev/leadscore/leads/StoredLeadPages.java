package dev.leadscore.leads;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import dev.leadscore.scoring.ActivityEvent;
import dev.leadscore.scoring.StoredLeads;
import io.quarkus.panache.common.Sort;

/**
 * Stored leads a page at a time, in key order: for what-if reports (unlocked, as rules facts) and
 * for re-scoring (locked, with their events and latest scores), each page loaded in a fixed
 * number of queries whatever its size.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class StoredLeadPages implements StoredLeads {
    @Inject
    EntityManager em;
    @Inject
    Event<LeadsLocked> lockedPage;
    @Inject
    LeadEventCache eventCache;

    @Override
    public List<StoredLead> storedLeads(String model, String afterId, int limit) {
        List<LeadRecord> leads = LeadRecord.<LeadRecord>find("model = ?1 and id > ?2", Sort.ascending("id"), model,
                afterId == null ? "" : afterId).page(0, limit).list();
        if (leads.isEmpty()) {
            return List.of();
        }
        Map<String, List<ActivityEvent>> events = eventCache.read(leads.stream().map(l -> l.id).toList());
        return leads.stream().map(l -> new StoredLead(l.id, l.profile.toFact(l.id), events.getOrDefault(l.id, List.of())))
                .toList();
    }

    /**
     * A page of stored leads, locked, with their events and latest scores: what every re-scoring
     * pass works on, so the inserts of the page can go to the database in JDBC batches.
     */
    public record LockedPage(List<LeadRecord> leads, Map<String, List<ActivityEvent>> events,
            Map<Long, ScoreRecord> latest) {
        public List<ActivityEvent> eventsOf(String leadId) {
            return events.getOrDefault(leadId, List.of());
        }

        public ScoreRecord latestOf(LeadRecord lead) {
            return lead.latestScoreId == null ? null : latest.get(lead.latestScoreId);
        }
    }

    /** Up to {@code limit} lead ids after {@code afterId} (null: from the start), of {@code model} (null: all), in key order; no locks. */
    public List<String> leadIds(String model, String afterId, int limit) {
        var query = em.createQuery("select l.id from LeadRecord l where l.id > :after"
                + (model == null ? "" : " and l.model = :model") + " order by l.id", String.class)
                .setParameter("after", afterId == null ? "" : afterId)
                .setMaxResults(limit);
        if (model != null) {
            query.setParameter("model", model);
        }
        return query.getResultList();
    }

    /**
     * Locks the leads {@code ids} (those that still exist) in key order and loads their events
     * and latest scores; events and scores are read-only. Observers of {@link LeadsLocked} load
     * their own rows of these leads at the same time.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public LockedPage lock(List<String> ids) {
        if (ids.isEmpty()) {
            return new LockedPage(List.of(), Map.of(), Map.of());
        }
        List<LeadRecord> page = em.createQuery("from LeadRecord l where l.id in :ids order by l.id", LeadRecord.class)
                .setParameter("ids", ids)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList();
        Map<String, List<ActivityEvent>> events = eventCache.read(ids);
        List<Long> latestIds = page.stream().map(l -> l.latestScoreId).filter(Objects::nonNull).toList();
        Map<Long, ScoreRecord> latest = latestIds.isEmpty() ? Map.of()
                : em.createQuery("from ScoreRecord s where s.id in :ids", ScoreRecord.class).setParameter("ids", latestIds)
                        .getResultStream().collect(Collectors.toMap(s -> s.id, s -> s));
        ScoreRecord.rebuildLines(latest.values());
        lockedPage.fire(new LeadsLocked(page));
        return new LockedPage(page, events, latest);
    }

    /** How many leads are stored for {@code model}. */
    public long count(String model) {
        return LeadRecord.count("model", model);
    }
}
