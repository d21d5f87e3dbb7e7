package dev.leadscore.ingest;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.leadscore.leads.LeadMerge;
import dev.leadscore.leads.EventIngestion;
import dev.leadscore.leads.LeadProfiles;

/**
 * Applies what a source sent, one message per transaction, each at most once: a receipt row for
 * the message is written in the transaction that applies it, so a re-delivered message (a retry,
 * a consumer restarted before committing its offset) finds its receipt and changes nothing.
 */
@ApplicationScoped
public class Ingestion {
    @Inject
    EntityManager em;
    @Inject
    LeadProfiles leads;
    @Inject
    EventIngestion ingestion;
    @Inject
    LeadMerge merges;
    @Inject
    ObjectMapper json;
    @Inject
    Clock clock;

    /** Applies one Segment call from {@code source}; false when it was applied before. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean apply(String source, SegmentMessage m) {
        if (!claim(source, m.key())) {
            return false;
        }
        String leadId = resolve(m.leadId());
        if (m.userId() != null && m.anonymousId() != null && !m.anonymousId().equals(m.userId()) && exists(m.anonymousId())) {
            // the visitor is now known: everything it did becomes the known lead's
            merges.merge(leadId, List.of(m.anonymousId()), true);
        }
        switch (m.type()) {
            case "alias" -> {
                leadId = resolve(m.userId());
                merges.merge(leadId, List.of(m.previousId()), true);
            }
            case "identify" -> {
                Map<String, Object> fields = new java.util.LinkedHashMap<>(m.profile());
                fields.putAll(m.account());
                leads.updateProfile(leadId, p -> SourceMapping.apply(json, p, fields), m.userId() != null);
            }
            case "group" -> leads.updateProfile(leadId, p -> SourceMapping.apply(json, p, m.account()), false);
            default -> {
                if (!m.account().isEmpty()) {
                    leads.updateProfile(leadId, p -> SourceMapping.apply(json, p, m.account()), false);
                }
                ingestion.ingest(leadId, List.of(m.event()));
            }
        }
        recordLead(source, m.key(), leadId);
        return true;
    }

    /**
     * Applies track, page and screen calls of one lead in one transaction (one re-score): the
     * stream's many small events go in as the batches they arrive in. Returns how many were new.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int applyEvents(String source, String leadId, List<SegmentMessage> messages) {
        List<dev.leadscore.leads.EventInput> events = new java.util.ArrayList<>();
        List<String> keys = new java.util.ArrayList<>();
        for (SegmentMessage m : messages) {
            if (claim(source, m.key())) {
                events.add(m.event());
                keys.add(m.key());
            }
        }
        if (events.isEmpty()) {
            return 0;
        }
        String lead = resolve(leadId);
        ingestion.ingest(lead, events);
        em.createNativeQuery("update ingest_receipt set lead_id = ?3 where source = ?1 and message_key in (?2)")
                .setParameter(1, source).setParameter(2, keys).setParameter(3, lead).executeUpdate();
        return events.size();
    }

    /** True when the call only adds an event to one lead (no identification, no account change). */
    static boolean eventOnly(SegmentMessage m) {
        return m.event() != null && m.account().isEmpty()
                && (m.userId() == null || m.anonymousId() == null || m.userId().equals(m.anonymousId()));
    }

    /** Writes the receipt of a message; false when it exists (the message was applied before). */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean claim(String source, String key) {
        return em.createNativeQuery("insert into ingest_receipt (source, message_key, received_at) values (?1, ?2, ?3) "
                + "on conflict do nothing").setParameter(1, source).setParameter(2, key).setParameter(3, clock.instant())
                .executeUpdate() == 1;
    }

    /** Ties a receipt to the lead it changed, so erasing or merging the lead takes the receipt along. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordLead(String source, String key, String leadId) {
        em.createNativeQuery("update ingest_receipt set lead_id = ?3 where source = ?1 and message_key = ?2 "
                + "and exists (select 1 from lead where id = ?3)")
                .setParameter(1, source).setParameter(2, key).setParameter(3, leadId).executeUpdate();
    }

    /** The lead an id names now: itself, or the lead it was merged into. */
    @Transactional(Transactional.TxType.MANDATORY)
    public String resolve(String id) {
        if (exists(id)) {
            return id;
        }
        @SuppressWarnings("unchecked")
        List<String> target = em.createNativeQuery("select lead_id from lead_alias where alias = ?1").setParameter(1, id)
                .getResultList();
        return target.isEmpty() ? id : target.get(0);
    }

    boolean exists(String id) {
        return !em.createNativeQuery("select 1 from lead where id = ?1").setParameter(1, id).getResultList().isEmpty();
    }
}
