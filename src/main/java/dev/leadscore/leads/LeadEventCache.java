package dev.leadscore.leads;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
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

    private record Entry(Instant createdAt, long version, List<ActivityEvent> events) {
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

    /** The events of a locked lead. */
    List<ActivityEvent> events(LeadRecord lead) {
        Entry e;
        synchronized (entries) {
            e = entries.get(lead.id);
        }
        if (e != null && e.version() == lead.version && e.createdAt().equals(lead.createdAt)) {
            return e.events();
        }
        return load("from EventRecord e where e.leadId = :lead", lead.id, null);
    }

    /** {@code before} and the events {@code added} (their ids) as stored, read back after the flush. */
    List<ActivityEvent> with(LeadRecord lead, List<ActivityEvent> before, Collection<String> added) {
        List<ActivityEvent> all = new ArrayList<>(before.size() + added.size());
        all.addAll(before);
        all.addAll(load("from EventRecord e where e.leadId = :lead and e.eventId in :ids", lead.id, added));
        return List.copyOf(all);
    }

    /** Keeps {@code events} for the lead once the current transaction commits, under the version it commits. */
    void remember(LeadRecord lead, List<ActivityEvent> events) {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                synchronized (entries) {
                    if (status == Status.STATUS_COMMITTED) {
                        entries.put(lead.id, new Entry(lead.createdAt, lead.version, events));
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

    private List<ActivityEvent> load(String query, String leadId, Collection<String> ids) {
        var q = em.createQuery(query, EventRecord.class).setParameter("lead", leadId)
                // read-only: scoring never changes an event, so the flush need not compare each one's JSON
                .setHint(HibernateHints.HINT_READ_ONLY, true);
        if (ids != null) {
            q.setParameter("ids", ids);
        }
        return q.getResultStream().map(EventRecord::toFact).toList();
    }
}
