package dev.leadscore.leads;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import org.hibernate.jpa.HibernateHints;

import dev.leadscore.scoring.ActivityEvent;

/**
 * The stored events of recently written leads, as rules facts, so that a lead receiving events
 * one at a time is not reloaded and re-parsed whole for every one. An entry is used only while the
 * lead's row still has the version (and creation time) it had when this instance committed the
 * entry: every change to a lead's events moves its version (see {@link LeadScorer#eventsChanged}),
 * so a write by another instance, a merge or an erasure makes the entry stale and the events are
 * read from the database again. Entries are kept only for committed transactions.
 */
@ApplicationScoped
class LeadEventCache {
    /** Leads kept; the least recently used goes first. */
    static final int MAX_LEADS = 10_000;

    /** {@code latest}: the lead's latest score when the entry was kept (null: none), immutable as stored. */
    private record Entry(Instant createdAt, long version, List<ActivityEvent> events, ScoreRecord latest) {
        boolean current(LeadRecord lead) {
            return version == lead.version && createdAt.equals(lead.createdAt);
        }
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > MAX_LEADS;
        }
    };

    @Inject
    EntityManager em;
    @Inject
    TransactionSynchronizationRegistry transactions;

    private Entry entry(LeadRecord lead) {
        Entry e;
        synchronized (entries) {
            e = entries.get(lead.id);
        }
        return e != null && e.current(lead) ? e : null;
    }

    /** The events of a locked lead. */
    List<ActivityEvent> events(LeadRecord lead) {
        Entry e = entry(lead);
        return e != null ? e.events() : load(List.of(lead.id)).getOrDefault(lead.id, List.of());
    }

    /** The events of several locked leads, those not kept here read in one query. */
    Map<String, List<ActivityEvent>> events(Collection<LeadRecord> leads) {
        Map<String, List<ActivityEvent>> out = new HashMap<>();
        List<String> missing = new ArrayList<>();
        for (LeadRecord lead : leads) {
            Entry e = entry(lead);
            if (e != null) {
                out.put(lead.id, e.events());
            } else {
                missing.add(lead.id);
                out.put(lead.id, List.of());
            }
        }
        if (!missing.isEmpty()) {
            out.putAll(load(missing));
        }
        return out;
    }

    /** The latest score of a locked lead, when kept here with its events; else null (read it from the database). */
    ScoreRecord latest(LeadRecord lead) {
        Entry e = entry(lead);
        return e != null && e.latest() != null && e.latest().id.equals(lead.latestScoreId) ? e.latest() : null;
    }

    /** Events just inserted (flushed), read back as stored, by lead, each lead's in the order of {@code rows}. */
    Map<String, List<ActivityEvent>> stored(List<EventRecord> rows) {
        Map<String, List<ActivityEvent>> out = new HashMap<>();
        rows("select * from lead_event where id = any(?1) order by id", rows.stream().map(r -> r.id).toArray(Long[]::new))
                .forEach(r -> out.computeIfAbsent(r.leadId, k -> new ArrayList<>()).add(r.toFact()));
        return out;
    }

    /**
     * Keeps {@code events} and {@code latest} (the lead's score after them) for the lead once the
     * current transaction commits, under the version it commits.
     */
    void remember(LeadRecord lead, List<ActivityEvent> events, ScoreRecord latest) {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                synchronized (entries) {
                    if (status == Status.STATUS_COMMITTED) {
                        entries.put(lead.id, new Entry(lead.createdAt, lead.version, events, latest));
                    } else {
                        entries.remove(lead.id);
                    }
                }
            }
        });
    }

    void forget(String leadId) {
        synchronized (entries) {
            entries.remove(leadId);
        }
    }

    private Map<String, List<ActivityEvent>> load(List<String> leadIds) {
        Map<String, List<ActivityEvent>> out = new HashMap<>();
        rows("select * from lead_event where lead_id = any(?1) order by id", leadIds.toArray(String[]::new))
                .forEach(r -> out.computeIfAbsent(r.leadId, k -> new ArrayList<>()).add(r.toFact()));
        out.replaceAll((lead, events) -> List.copyOf(events));
        return out;
    }

    /**
     * Event rows of a native query with one array parameter (the same statement whatever the
     * number of ids, so nothing is translated per call), read-only: scoring never changes an
     * event, so the flush need not compare each one's JSON.
     */
    @SuppressWarnings("unchecked")
    private List<EventRecord> rows(String sql, Object[] ids) {
        return em.createNativeQuery(sql, EventRecord.class).setParameter(1, ids)
                .setHint(HibernateHints.HINT_READ_ONLY, true).getResultList();
    }
}
