package dev.leadscore.leads;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.id.IdentifierGenerator;
import org.hibernate.persister.entity.EntityPersister;
import org.hibernate.type.descriptor.ValueExtractor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.leadscore.scoring.ActivityEvent;
import dev.leadscore.scoring.ScoringEngine;

/**
 * The stored events of recently written leads, as rules facts, so that a lead receiving events
 * one at a time is not reloaded and re-parsed whole for every one. An entry is used only while the
 * lead's row still has the version (and creation time) it had when this instance committed the
 * entry: every change to a lead's events moves its version (see {@link LeadScorer#eventsChanged}),
 * so a write by another instance, a merge or an erasure makes the entry stale and the events are
 * read from the database again. Entries are kept only for committed transactions, for at most
 * {@link #MAX_LEADS} leads and {@link #MAX_EVENTS} events in all.
 */
@ApplicationScoped
class LeadEventCache {
    /** Leads kept; the least recently used goes first. */
    static final int MAX_LEADS = 10_000;
    /**
     * Events kept in all (a few hundred bytes each, with what the tables matched): leads with long
     * histories are dropped before the heap fills, the least recently used first.
     */
    static final int MAX_EVENTS = 250_000;
    /** What {@link #read(PreparedStatement, SharedSessionContractImplementor, RowSink)} reads of an event row. */
    private static final String COLUMNS = "id, lead_id, event_id, type, occurred_at, properties";

    /** {@code latest}: the lead's latest score when the entry was kept (null: none), immutable as stored. */
    private record Entry(Instant createdAt, long version, List<ActivityEvent> events, ScoreRecord latest) {
        boolean current(LeadRecord lead) {
            return version == lead.version && createdAt.equals(lead.createdAt);
        }
    }

    private final LruByWeight<Entry> entries = new LruByWeight<>(MAX_LEADS, MAX_EVENTS, e -> e.events().size());

    @Inject
    EntityManager em;
    @Inject
    TransactionSynchronizationRegistry transactions;
    @Inject
    ObjectMapper json;

    private Entry entry(LeadRecord lead) {
        Entry e = entries.get(lead.id);
        return e != null && e.current(lead) ? e : null;
    }

    /** The events of a locked lead. */
    List<ActivityEvent> events(LeadRecord lead) {
        Entry e = entry(lead);
        return e != null ? e.events() : read(List.of(lead.id)).getOrDefault(lead.id, List.of());
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
            out.putAll(read(missing));
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
     * lead's in the order of {@code rows}. No entity is persisted: nothing to copy or flush. Plain
     * JDBC with Hibernate's own column extractors: the values equal what an entity read would
     * give, without building a result mapping for every statement.
     */
    Map<String, List<ActivityEvent>> insert(List<EventRecord> rows) {
        SharedSessionContractImplementor session = session();
        IdentifierGenerator ids = (IdentifierGenerator) persister().getGenerator();
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
        Map<Long, Stored> byId = new HashMap<>();
        session.doWork(c -> {
            try (PreparedStatement ps = c.prepareStatement("insert into lead_event (id, lead_id, event_id, type, occurred_at, properties, received_at) "
                    + "select u.id, u.lead_id, u.event_id, u.type, u.occurred_at, cast(u.properties as jsonb), u.received_at "
                    + "from unnest(?, ?, ?, ?, cast(? as timestamptz[]), ?, cast(? as timestamptz[])) "
                    + "as u(id, lead_id, event_id, type, occurred_at, properties, received_at) "
                    + "returning " + COLUMNS)) {
                ps.setArray(1, c.createArrayOf("bigint", id));
                ps.setArray(2, c.createArrayOf("text", lead));
                ps.setArray(3, c.createArrayOf("text", eventId));
                ps.setArray(4, c.createArrayOf("text", type));
                ps.setArray(5, c.createArrayOf("text", occurredAt));
                ps.setArray(6, c.createArrayOf("text", properties));
                ps.setArray(7, c.createArrayOf("text", receivedAt));
                read(ps, session, (rowId, leadId, fact) -> byId.put(rowId, new Stored(leadId, fact)));
            }
        });
        Map<String, List<ActivityEvent>> out = new HashMap<>();
        for (EventRecord r : rows) {
            Stored s = byId.get(r.id);
            out.computeIfAbsent(s.leadId(), k -> new ArrayList<>()).add(s.fact());
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
                if (status == Status.STATUS_COMMITTED) {
                    entries.put(lead.id, new Entry(lead.createdAt, lead.version, events, latest));
                } else {
                    entries.remove(lead.id);
                }
            }
        });
    }

    void forget(String leadId) {
        entries.remove(leadId);
    }

    /**
     * The stored events of the leads, by lead, each lead's the latest first (the order a score
     * counts them in, so the engine finds them in order), as rules facts: read-only, in one
     * statement whatever the number of leads.
     */
    Map<String, List<ActivityEvent>> read(Collection<String> leadIds) {
        SharedSessionContractImplementor session = session();
        Map<String, List<ActivityEvent>> out = new HashMap<>();
        session.doWork(c -> {
            try (PreparedStatement ps = c.prepareStatement("select " + COLUMNS + " from lead_event where lead_id = any(?)")) {
                ps.setArray(1, c.createArrayOf("text", leadIds.toArray(String[]::new)));
                read(ps, session, (rowId, leadId, fact) -> out.computeIfAbsent(leadId, k -> new ArrayList<>()).add(fact));
            }
        });
        out.replaceAll((lead, events) -> ScoringEngine.latestFirst(events));
        return out;
    }

    private record Stored(String leadId, ActivityEvent fact) {
    }

    private interface RowSink {
        void accept(long id, String leadId, ActivityEvent fact);
    }

    /** Runs {@code ps} (selecting {@link #COLUMNS}) and hands each row to {@code sink} as a fact. */
    private void read(PreparedStatement ps, SharedSessionContractImplementor session, RowSink sink) throws SQLException {
        EntityPersister p = persister();
        ValueExtractor<?> time = p.findAttributeMapping("occurredAt").getSingleJdbcMapping().getJdbcValueExtractor();
        ValueExtractor<?> json = p.findAttributeMapping("properties").getSingleJdbcMapping().getJdbcValueExtractor();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> properties = (Map<String, Object>) json.extract(rs, 6, session);
                sink.accept(rs.getLong(1), rs.getString(2),
                        new ActivityEvent(rs.getString(3), rs.getString(4), (Instant) time.extract(rs, 5, session), properties));
            }
        }
    }

    private SharedSessionContractImplementor session() {
        return em.unwrap(SharedSessionContractImplementor.class);
    }

    private EntityPersister persister() {
        return em.getEntityManagerFactory().unwrap(SessionFactoryImplementor.class).getMappingMetamodel()
                .getEntityDescriptor(EventRecord.class);
    }
}
