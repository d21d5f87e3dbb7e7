package dev.leadscore.leads;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.Clock;

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
