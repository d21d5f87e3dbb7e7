package dev.leadscore.ingest;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.leadscore.api.ProblemException;
import dev.leadscore.leads.LeadErasure;
import dev.leadscore.leads.LeadProfiles;

/**
 * Applies HubSpot contact events, each once (by {@code eventId}) and in the order they happened
 * in HubSpot: a property change older than the last one applied to that property of that
 * contact is skipped, as is anything that happened before the contact was deleted here.
 */
@ApplicationScoped
public class HubSpotIngestion {
    static final String SOURCE = "hubspot";

    /** What became of an event. */
    enum Outcome { APPLIED, DUPLICATE, STALE, IGNORED }

    @Inject
    Ingestion ingestion;
    @Inject
    LeadProfiles leads;
    @Inject
    LeadErasure erasure;
    @Inject
    EntityManager em;
    @Inject
    ObjectMapper json;

    private final SourceMapping mapping;

    @Inject
    HubSpotIngestion(IngestConfig config) {
        mapping = config.hubspot().mapping().map(f -> SourceMapping.read(Path.of(f)))
                .orElseGet(() -> SourceMapping.builtIn("hubspot-mapping.yaml"));
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Outcome apply(HubSpotEvent e) {
        if (!ingestion.claim(SOURCE, e.eventId())) {
            return Outcome.DUPLICATE;
        }
        if (erasedSince(e.leadId(), e.occurredAt())) {
            return Outcome.STALE;
        }
        switch (e.type()) {
            case HubSpotEvent.CREATION -> leads.updateProfile(e.leadId(), p -> p, true);
            case HubSpotEvent.DELETION -> {
                if (ingestion.exists(e.leadId())) {
                    erasure.erase(e.leadId(), "HubSpot contact.deletion (event " + e.eventId() + ")");
                }
                return Outcome.APPLIED;
            }
            case HubSpotEvent.CHANGE -> {
                ObjectNode change = json.createObjectNode();
                change.set(e.propertyName(), e.propertyValue());
                Map<String, Object> fields = mapping.profileFields(change);
                if (fields.isEmpty()) {
                    return Outcome.IGNORED;
                }
                if (!newer(e)) {
                    return Outcome.STALE;
                }
                try {
                    leads.updateProfile(e.leadId(), p -> SourceMapping.apply(json, p, fields), true);
                } catch (IllegalArgumentException bad) {
                    throw ProblemException.invalidField("propertyValue", "contact " + e.leadId() + ", property "
                            + e.propertyName() + ": " + bad.getMessage());
                }
                em.createNativeQuery("insert into lead_field_change (lead_id, source, field, occurred_at) values (?1, ?2, ?3, ?4) "
                        + "on conflict (lead_id, source, field) do update set occurred_at = ?4")
                        .setParameter(1, e.leadId()).setParameter(2, SOURCE).setParameter(3, e.propertyName())
                        .setParameter(4, e.occurredAt()).executeUpdate();
            }
            default -> {
                return Outcome.IGNORED;
            }
        }
        ingestion.recordLead(SOURCE, e.eventId(), e.leadId());
        return Outcome.APPLIED;
    }

    /** True unless a later change of this property of this contact was applied already. */
    private boolean newer(HubSpotEvent e) {
        @SuppressWarnings("unchecked")
        List<Object> last = em.createNativeQuery("select occurred_at from lead_field_change where lead_id = ?1 "
                + "and source = ?2 and field = ?3 for update").setParameter(1, e.leadId()).setParameter(2, SOURCE)
                .setParameter(3, e.propertyName()).getResultList();
        Instant at = last.isEmpty() ? null : dev.leadscore.db.SqlValues.instant(last.get(0));
        return at == null || e.occurredAt().isAfter(at);
    }

    /** The contact was deleted (erased here) after this event happened: the event must not bring it back. */
    private boolean erasedSince(String leadId, Instant occurredAt) {
        return !em.createNativeQuery("select 1 from lead_erasure where lead_id_sha256 = ?1 and erased_at > ?2")
                .setParameter(1, SegmentMessage.sha256(leadId)).setParameter(2, occurredAt).getResultList().isEmpty();
    }
}
