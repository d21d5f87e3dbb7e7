package dev.leadscore.leads;

import java.time.Instant;
import java.util.function.UnaryOperator;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;

import dev.leadscore.api.ProblemException;
import dev.leadscore.scoring.ActiveRulesets;
import dev.leadscore.security.LeadAccess;

/** Writes what integrations say about who a lead is (its profile, its model), and re-scores it. */
@ApplicationScoped
@Transactional
public class LeadProfiles {
    @Inject
    ActiveRulesets rulesets;
    @Inject
    Clock clock;
    @Inject
    InputCheck inputCheck;
    @Inject
    LeadAccess access;
    @Inject
    LeadLocks locks;
    @Inject
    LeadScorer scorer;

    /** Creates or replaces the lead's profile (and its model, when the profile names one). */
    public ScoreView upsert(String leadId, LeadProfile profile) {
        inputCheck.leadId(leadId);
        if (profile == null) {
            throw ProblemException.badRequest("A lead profile is required as the body", null);
        }
        inputCheck.collector().profile(profile, "").throwIfAny();
        String model = profile.model() != null ? rulesets.require(profile.model()).model() : null;
        Instant now = clock.instant();
        LeadRecord lead = locks.lockOrCreate(leadId, model != null ? model : rulesets.defaultModel(),
                access.ownerOfNewLead(profile.source()), false);
        lead.profile = profile.withoutModel();
        lead.anonymous = false;
        if (model != null) {
            lead.model = model;
        }
        lead.updatedAt = now;
        return scorer.rescore(lead, "profile updated");
    }

    /**
     * Changes part of a lead's profile, as a CDP or CRM reports a few fields at a time, creating
     * the lead first when it does not exist. {@code identifies}: the change makes the lead a known
     * person (a profile arrived); otherwise an anonymous visitor stays anonymous (its account, say).
     */
    public ScoreView updateProfile(String leadId, UnaryOperator<LeadProfile> change, boolean identifies) {
        inputCheck.leadId(leadId);
        LeadRecord lead = locks.lockOrCreate(leadId, rulesets.defaultModel(), access.ownerOfNewLead(null), !identifies);
        LeadProfile next = change.apply(lead.profile);
        inputCheck.collector().profile(next, "").throwIfAny();
        lead.profile = next.withoutModel();
        lead.anonymous &= !identifies;
        lead.updatedAt = clock.instant();
        return scorer.rescore(lead, "profile updated");
    }
}
