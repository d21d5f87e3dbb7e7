package dev.leadscore.leads;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.leadscore.api.LeadIds;
import dev.leadscore.security.LeadAccess;

/**
 * Erases a person: every row that holds the lead's id or its e-mail goes, in one transaction,
 * and an audit entry records who erased it and when, holding only the SHA-256 of the id. The id
 * is free afterwards: creating it again starts from nothing.
 */
@ApplicationScoped
@Transactional
public class LeadErasure {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    @Inject
    LeadEventCache eventCache;
    @Inject
    EntityManager em;
    @Inject
    InputCheck inputCheck;
    @Inject
    LeadAccess access;
    @Inject
    Clock clock;
    @Inject
    ObjectMapper json;
    @Inject
    Event<LeadRemoved> removedEvents;

    /** What an erasure removed. */
    public record Erased(String idSha256, Instant at, int rowsRemoved) {
    }

    public Erased erase(String leadId, String erasedBy) {
        inputCheck.leadId(leadId);
        LeadRecord lead = LeadRecord.findById(leadId, LockModeType.PESSIMISTIC_WRITE);
        if (lead == null) {
            throw LeadIds.unknown(leadId);
        }
        access.requireVisible(leadId, lead.owner);
        String email = lead.profile == null ? null : lead.profile.email();
        int removed = remove(lead);
        removed += forgetMentions(leadId, email);
        Instant now = clock.instant();
        String hash = sha256(leadId);
        em.createNativeQuery("insert into lead_erasure (lead_id_sha256, erased_by, erased_at, rows_removed) values (?1, ?2, ?3, ?4)")
                .setParameter(1, hash).setParameter(2, erasedBy).setParameter(3, now).setParameter(4, removed)
                .executeUpdate();
        return new Erased(hash, now, removed);
    }

    /**
     * Removes a locked lead and its rows (see {@link #removeRows}), then lets its account know.
     * Returns the number of rows deleted.
     */
    int remove(LeadRecord lead) {
        @SuppressWarnings("unchecked")
        List<String> accounts = em.createNativeQuery("select account_key from lead_lifecycle where lead_id = ?1 and account_key is not null")
                .setParameter(1, lead.id).getResultList();
        em.flush();
        em.detach(lead);
        int removed = removeRows(lead.id);
        removed(lead.model, accounts.isEmpty() ? null : accounts.get(0));
        return removed;
    }

    private void removed(String model, String accountKey) {
        removedEvents.fire(new LeadRemoved(model, accountKey, clock.instant()));
    }

    /**
     * Deletes the rows of one lead: its events, scores, lifecycle, outcomes,
     * stage changes and their queued notifications; then the lead. Tables added later reference
     * the lead with {@code on delete cascade}. Returns the number of rows deleted.
     */
    private int removeRows(String leadId) {
        eventCache.forget(leadId);
        int removed = 0;
        for (String sql : new String[] {
            "delete from outbox_message where stage_change_id in (select id from stage_change where lead_id = ?1)",
            "delete from stage_change where lead_id = ?1",
            "delete from crm_outcome where lead_id = ?1",
            "delete from lead_event where lead_id = ?1",
            "delete from lead_lifecycle where lead_id = ?1",
            "delete from score_record where lead_id = ?1",
            "delete from lead where id = ?1",
        }) {
            removed += em.createNativeQuery(sql).setParameter(1, leadId).executeUpdate();
        }
        return removed;
    }

    /**
     * Removes the id and the e-mail where other records mention them: kept Idempotency-Key
     * answers, account escalations listing the lead as a contact (and their queued webhook
     * bodies), what-if reports naming it among the biggest movers, and a re-score job's resume point.
     */
    private int forgetMentions(String leadId, String email) {
        String quotedId = '"' + leadId + '"';
        String quotedEmail = email == null ? quotedId : '"' + email + '"';
        int removed = em.createNativeQuery("delete from idempotency_record where right(scope, length(?1)) = ?1 "
                + "or strpos(scope, ?1 || '/') > 0 or strpos(coalesce(body, ''), ?2) > 0 or strpos(coalesce(body, ''), ?3) > 0")
                .setParameter(1, " /api/leads/" + leadId).setParameter(2, quotedId).setParameter(3, quotedEmail)
                .executeUpdate();
        scrubAccountChanges(leadId, quotedId, quotedEmail);
        em.createNativeQuery("""
                update ruleset_version set what_if = jsonb_set(what_if, '{biggestMovers}', coalesce((select jsonb_agg(m)
                    from jsonb_array_elements(what_if->'biggestMovers') m where m->>'leadId' <> ?1), '[]'::jsonb))
                where jsonb_typeof(what_if->'biggestMovers') = 'array'
                  and what_if->'biggestMovers' @> jsonb_build_array(jsonb_build_object('leadId', ?1))""")
                .setParameter(1, leadId).executeUpdate();
        // a re-score job resumes after its last lead: the nearest remaining id before it resumes the same way
        em.createNativeQuery("update rescore_job set last_lead_id = (select max(id) from lead where id < ?1) where last_lead_id = ?1")
                .setParameter(1, leadId).executeUpdate();
        return removed;
    }

    @SuppressWarnings("unchecked")
    private void scrubAccountChanges(String leadId, String quotedId, String quotedEmail) {
        List<Object[]> rows = em.createNativeQuery("select id, payload::text, reason from stage_change where lead_id is null "
                + "and (strpos(coalesce(payload::text, ''), ?1) > 0 or strpos(coalesce(payload::text, ''), ?2) > 0 "
                + "or strpos(reason, ?3) > 0)")
                .setParameter(1, quotedId).setParameter(2, quotedEmail).setParameter(3, leadId).getResultList();
        Pattern inList = Pattern.compile("(?<=[:,] )" + Pattern.quote(leadId) + "(?=,|$)");
        for (Object[] row : rows) {
            String reason = inList.matcher((String) row[2]).replaceAll(Matcher.quoteReplacement("(erased contact)"));
            String payload = null;
            if (row[1] != null) {
                try {
                    Map<String, Object> p = json.readValue((String) row[1], MAP);
                    if (p.get("contacts") instanceof List<?> contacts) {
                        p.put("contacts", contacts.stream()
                                .filter(c -> !(c instanceof Map<?, ?> m && leadId.equals(m.get("leadId")))).toList());
                    }
                    p.put("reason", reason);
                    payload = json.writeValueAsString(p);
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException("stored payload of stage change " + row[0] + " is not readable", e);
                }
            }
            em.createNativeQuery("update stage_change set reason = ?2, payload = cast(?3 as jsonb) where id = ?1")
                    .setParameter(1, ((Number) row[0]).longValue()).setParameter(2, reason).setParameter(3, payload)
                    .executeUpdate();
            if (payload != null) {
                em.createNativeQuery("update outbox_message set payload = ?2 where stage_change_id = ?1")
                        .setParameter(1, ((Number) row[0]).longValue()).setParameter(2, payload).executeUpdate();
            }
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
