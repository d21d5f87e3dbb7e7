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

import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.id.IdentifierGenerator;
import org.hibernate.jpa.HibernateHints;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

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
    @Inject
    ObjectMapper json;

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

    /**
     * Inserts new event rows (their ids from the entity's own sequence, as a persist would give)
     * in one statement, and returns them as stored (the JSON of their properties as PostgreSQL
     * keeps it, so that what is scored from here equals what a reload would read), by lead, each
     * lead's in the order of {@code rows}. No entity is persisted: nothing to copy or flush.
     */
    Map<String, List<ActivityEvent>> insert(List<EventRecord> rows) {
        SharedSessionContractImplementor session = em.unwrap(SharedSessionContractImplementor.class);
        IdentifierGenerator ids = (IdentifierGenerator) session.getFactory().getMappingMetamodel()
                .getEntityDescriptor(EventRecord.class).getGenerator();
        int n = rows.size();
        Long[] id = new Long[n];
        String[] lead = new String[n], eventId = new String[n], type = new String[n], occurredAt = new String[n], properties = new String[n],
                receivedAt = new String[n];
        for (int i = 0; i < n; i++) {
            EventRecord r = rows.get(i);
            r.id = (Long) ids.generate(session, r);
            id[i] = r.id;
            lead[i] = r.leadId;
            eventId[i] = r.eventId;
            type[i] = r.type;
            occurredAt[i] = r.occurredAt.toString();
            receivedAt[i] = r.receivedAt.toString();
            try {
                properties[i] = json.writeValueAsString(r.properties);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("event properties that cannot be written as JSON", e);
            }
        }
        @SuppressWarnings("unchecked")
        List<EventRecord> stored = em.createNativeQuery("insert into lead_event (id, lead_id, event_id, type, occurred_at, properties, received_at) "
                + "select u.id, u.lead_id, u.event_id, u.type, u.occurred_at, cast(u.properties as jsonb), u.received_at "
                + "from unnest(?1, ?2, ?3, ?4, cast(?5 as timestamptz[]), ?6, cast(?7 as timestamptz[])) "
                + "as u(id, lead_id, event_id, type, occurred_at, properties, received_at) "
                + "returning *", EventRecord.class)
                .setParameter(1, id).setParameter(2, lead).setParameter(3, eventId).setParameter(4, type)
                .setParameter(5, occurredAt).setParameter(6, properties).setParameter(7, receivedAt)
                .setHint(HibernateHints.HINT_READ_ONLY, true).getResultList();
        Map<Long, EventRecord> byId = new HashMap<>();
        stored.forEach(r -> byId.put(r.id, r));
        Map<String, List<ActivityEvent>> out = new HashMap<>();
        for (EventRecord r : rows) {
            out.computeIfAbsent(r.leadId, k -> new ArrayList<>()).add(byId.get(r.id).toFact());
        }
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
