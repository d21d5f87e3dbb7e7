package dev.leadscore.accounts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import dev.leadscore.scoring.ModelSetting;
import dev.leadscore.api.ProblemException;
import dev.leadscore.leads.LeadRemoved;
import dev.leadscore.leads.LeadRecord;
import dev.leadscore.leads.ScoreRecord;
import dev.leadscore.lifecycle.ContactChanged;
import dev.leadscore.lifecycle.LeadLifecycle;
import dev.leadscore.lifecycle.LifecycleConfig;
import dev.leadscore.lifecycle.ModelSettings;
import dev.leadscore.lifecycle.StageChanges;
import dev.leadscore.scoring.Ruleset;
import dev.leadscore.rules.RulesetRegistry;
import dev.leadscore.security.LeadAccess;

/**
 * Account-level lifecycle: when enough contacts of one account are engaged (the model's
 * "Account engaged contacts" setting, default 3), the account is escalated, a stage change of its
 * own that is announced like a lead's; it returns to NONE when fewer stay engaged. Contacts at
 * existing customers do not count: they are not new business.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.REQUIRED)
public class Accounts {

    @Inject
    EntityManager em;
    @Inject
    ModelSettings settings;
    @Inject
    LifecycleConfig config;
    @Inject
    StageChanges changes;
    @Inject
    LeadAccess access;
    @Inject
    RulesetRegistry rulesets;

    public record Contact(String leadId, String email, String name, String model, String stage, String scoredStage,
            Integer fit, Integer engagement, Integer total, String band, String activation, boolean engaged,
            boolean existingCustomer) {
    }

    public record AccountView(String accountId, String status, Instant escalatedAt, long engagedContacts,
            int contactCount, List<Contact> contacts) {
    }

    /** An erased or merged-away contact no longer counts for its account. */
    void onLeadRemoved(@Observes LeadRemoved e) {
        if (e.accountKey() != null) {
            evaluate(e.accountKey(), e.model(), rulesets.require(e.model()), e.at());
        }
    }

    void onContactChanged(@Observes ContactChanged e) {
        LeadLifecycle lc = e.lifecycle();
        if (e.previousAccountKey() != null && !e.previousAccountKey().equals(lc.accountKey)) {
            evaluate(e.previousAccountKey(), e.lead().model, e.ruleset(), e.at());
        }
        if (lc.accountKey != null) {
            evaluate(lc.accountKey, e.lead().model, e.ruleset(), e.at());
        }
    }

    private void evaluate(String key, String model, Ruleset ruleset, Instant now) {
        // one writer per account at a time, so two contacts engaging at once are counted together
        em.createNativeQuery("insert into account (account_key, status, updated_at) values (?1, ?2, ?3) "
                + "on conflict (account_key) do nothing")
                .setParameter(1, key).setParameter(2, AccountRecord.NONE).setParameter(3, now).executeUpdate();
        AccountRecord account = em.find(AccountRecord.class, key, LockModeType.PESSIMISTIC_WRITE);
        em.flush();
        List<LeadLifecycle> engaged = em.createQuery("select l from LeadLifecycle l where l.accountKey = :key "
                + "and l.engaged = true and l.existingCustomer = false order by l.leadId", LeadLifecycle.class)
                .setParameter("key", key).getResultList();
        int needed = (int) Math.ceil(settings.value(ruleset, ModelSetting.ACCOUNT_ENGAGED_CONTACTS).orElse(config.accountEngagedContacts()));
        boolean escalate = engaged.size() >= needed;
        String to = escalate ? AccountRecord.ESCALATED : AccountRecord.NONE;
        if (to.equals(account.status)) {
            return;
        }
        String from = account.status;
        account.status = to;
        account.updatedAt = now;
        if (escalate) {
            account.escalatedAt = now;
        }
        List<String> ids = engaged.stream().map(l -> l.leadId).toList();
        String reason = engaged.size() + " engaged contact(s), " + (escalate ? "at least " : "fewer than ") + needed
                + (ids.isEmpty() ? "" : ": " + String.join(", ", ids));
        changes.recordAccount(key, model, from, to, reason, contactsOf(key).stream().map(Accounts::payload).toList(), now);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public AccountView view(String accountId) {
        AccountRecord account = AccountRecord.findById(accountId);
        // a key restricted to one source sees that source's contacts, and no account without any
        java.util.Optional<String> source = access.restrictedSource();
        List<Contact> contacts = contactsOf(accountId).stream()
                .filter(c -> source.isEmpty() || source.get().equals(ownerOf(c.leadId()))).toList();
        if (source.isPresent() && contacts.isEmpty()) {
            account = null;
        }
        if (account == null && contacts.isEmpty()) {
            throw ProblemException.notFound("Unknown account '" + accountId + "'");
        }
        long engaged = contacts.stream().filter(c -> c.engaged() && !c.existingCustomer()).count();
        return new AccountView(accountId, account == null ? AccountRecord.NONE : account.status,
                account == null ? null : account.escalatedAt, engaged, contacts.size(), contacts);
    }

    private String ownerOf(String leadId) {
        LeadRecord lead = em.find(LeadRecord.class, leadId);
        return lead == null ? null : lead.owner;
    }

    private List<Contact> contactsOf(String key) {
        List<LeadLifecycle> members = em.createQuery("select l from LeadLifecycle l where l.accountKey = :key "
                + "order by l.leadId", LeadLifecycle.class).setParameter("key", key).getResultList();
        List<Contact> out = new ArrayList<>();
        for (LeadLifecycle l : members) {
            LeadRecord lead = em.find(LeadRecord.class, l.leadId);
            ScoreRecord s = lead == null || lead.latestScoreId == null ? null : em.find(ScoreRecord.class, lead.latestScoreId);
            String email = lead == null || lead.profile == null ? null : lead.profile.email();
            String name = lead == null || lead.profile == null ? null
                    : String.join(" ", java.util.Objects.toString(lead.profile.firstName(), ""),
                            java.util.Objects.toString(lead.profile.lastName(), "")).trim();
            out.add(new Contact(l.leadId, email, name, l.model, l.stage, s == null ? null : s.stage,
                    s == null ? null : s.fit, s == null ? null : s.engagement, s == null ? null : s.total,
                    s == null ? null : s.band, s == null ? null : s.activation, l.engaged, l.existingCustomer));
        }
        return out;
    }

    private static Map<String, Object> payload(Contact c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("leadId", c.leadId());
        m.put("email", c.email());
        m.put("stage", c.stage());
        m.put("total", c.total());
        m.put("engagement", c.engagement());
        m.put("engaged", c.engaged());
        m.put("existingCustomer", c.existingCustomer());
        return m;
    }
}
