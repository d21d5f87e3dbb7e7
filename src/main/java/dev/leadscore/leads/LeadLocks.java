package dev.leadscore.leads;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import dev.leadscore.api.LeadIds;
import dev.leadscore.scoring.ActiveRulesets;
import dev.leadscore.security.LeadAccess;

/**
 * Finds and locks one stored lead for the caller, creating it first where a write may: every
 * write locks the lead's row, so concurrent writers to one lead (threads or instances) are applied
 * one after the other and none is lost. A lead another source owns is as unknown as a missing one.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class LeadLocks {
    @Inject
    EntityManager em;
    @Inject
    Clock clock;
    @Inject
    LeadAccess access;
    @Inject
    ActiveRulesets rulesets;
    @Inject
    InputCheck inputCheck;

    /**
     * Locks the lead, creating it first when it does not exist yet: events of an unknown id are
     * kept as an anonymous visitor with an empty profile (scored with no fit) until a profile
     * arrives or the visitor is merged into a known lead.
     */
    public LeadRecord lockOrCreateAnonymous(String leadId) {
        return lockOrCreate(leadId, rulesets.defaultModel(), access.ownerOfNewLead(null), true);
    }

    /**
     * Locks several leads in key order (as every path locking several leads does, so two such
     * transactions wait for each other instead of deadlocking), those that exist in one query;
     * a missing one is created first as an anonymous visitor owned by {@code ownerOfNew}'s value.
     * Visibility to the caller is not checked here: the callers may be several.
     *
     * @param ownerOfNew lead id to the owner it gets if created now (null: none), in key order
     */
    SortedMap<String, LeadRecord> lockOrCreateAnonymous(SortedMap<String, String> ownerOfNew) {
        SortedMap<String, LeadRecord> locked = new TreeMap<>();
        // native with one array parameter: the same statement for any number of leads, nothing to translate per call
        @SuppressWarnings("unchecked")
        List<LeadRecord> found = em.createNativeQuery("select * from lead where id = any(?1) order by id for no key update",
                LeadRecord.class).setParameter(1, ownerOfNew.keySet().toArray(String[]::new)).getResultList();
        found.forEach(l -> locked.put(l.id, l));
        for (Map.Entry<String, String> e : ownerOfNew.entrySet()) {
            if (!locked.containsKey(e.getKey())) {
                insertIfAbsent(e.getKey(), rulesets.defaultModel(), e.getValue(), true);
                LeadRecord lead = LeadRecord.findById(e.getKey(), LockModeType.PESSIMISTIC_WRITE);
                if (lead == null) {
                    throw LeadIds.unknown(e.getKey());
                }
                locked.put(lead.id, lead);
            }
        }
        return locked;
    }

    /** Locks the lead, creating it with an empty profile first when it does not exist. */
    LeadRecord lockOrCreate(String leadId, String model, String owner, boolean anonymous) {
        LeadRecord lead = LeadRecord.findById(leadId, LockModeType.PESSIMISTIC_WRITE);
        if (lead == null) {
            insertIfAbsent(leadId, model, owner, anonymous);
            lead = LeadRecord.findById(leadId, LockModeType.PESSIMISTIC_WRITE);
        }
        if (lead == null) {
            throw LeadIds.unknown(leadId);
        }
        access.requireVisible(leadId, lead.owner);
        return lead;
    }

    /** The lead, unlocked, for reading; unknown (404) when missing or another source's. */
    @Transactional(Transactional.TxType.SUPPORTS)
    LeadRecord find(String leadId) {
        inputCheck.leadId(leadId);
        LeadRecord lead = LeadRecord.findById(leadId);
        if (lead == null) {
            throw LeadIds.unknown(leadId);
        }
        access.requireVisible(leadId, lead.owner);
        return lead;
    }

    /** Creates the lead with an empty profile unless it exists, without a race between two first writers. */
    private void insertIfAbsent(String leadId, String model, String owner, boolean anonymous) {
        em.createNativeQuery("insert into lead (id, model, profile, created_at, updated_at, version, owner, anonymous) "
                + "values (?1, ?2, cast('{}' as jsonb), ?3, ?3, 0, ?4, ?5) on conflict (id) do nothing")
                .setParameter(1, leadId)
                .setParameter(2, model)
                .setParameter(3, clock.instant())
                .setParameter(4, owner)
                .setParameter(5, anonymous)
                .executeUpdate();
    }
}
