package dev.leadscore.lifecycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import dev.leadscore.leads.LeadRecord;
import dev.leadscore.leads.LeadScored;
import dev.leadscore.leads.LeadsLocked;
import dev.leadscore.leads.ScoreRecord;
import dev.leadscore.scoring.Ruleset;
import dev.leadscore.rules.RulesetRegistry;
import dev.leadscore.scoring.ModelSetting;
import dev.leadscore.scoring.Stage;
import dev.leadscore.scoring.Workings;

/**
 * Keeps each lead's lifecycle stage in step with its stored score. Runs inside the transaction
 * that stored the score (it observes {@link LeadScored}) or the re-scoring job's batch, after the
 * lead's row was locked, so changes of one lead are applied one at a time.
 *
 * <p>Rules of the lifecycle: a lead entering MQL, SALES_READY or PQL is announced unless it left
 * a qualified stage less than the cooldown ago; then the change is recorded, not announced, and
 * announced when the cooldown ends if the lead is still qualified. Leaving a qualified stage is
 * announced when the qualification was. SQL (sales accepted) is kept whatever the score does
 * until sales releases the lead (rejected, lost, disqualified).
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class Lifecycle {
    public static final String SQL = "SQL";
    /** Qualified by the rules, or accepted by sales (SQL). */
    static boolean qualified(String stage) {
        return Stage.isQualified(stage) || SQL.equals(stage);
    }

    @Inject
    Clock clock;
    @Inject
    EntityManager em;
    @Inject
    RulesetRegistry rulesets;
    @Inject
    ModelSettings settings;
    @Inject
    LifecycleConfig config;
    @Inject
    StageChanges changes;
    @Inject
    Event<ContactChanged> contactChanged;

    void onScored(@Observes LeadScored scored) {
        apply(scored.lead(), scored.stored(), "score changed (" + scored.stored().cause + ")");
        // the job works out when time next changes this score; a new score needs a new plan
        LeadLifecycle lc = em.find(LeadLifecycle.class, scored.lead().id);
        lc.nextRescoreAt = clock.instant();
        lc.plannedAt = null;
    }

    /**
     * Brings the lead's lifecycle up to date with {@code score}, its latest stored score.
     * Idempotent: applying the same score again changes nothing.
     */
    public void apply(LeadRecord lead, ScoreRecord score, String cause) {
        Instant now = clock.instant();
        Ruleset ruleset = rulesets.require(lead.model);
        LeadLifecycle lc = lifecycleOf(lead, now);
        String previousAccount = lc.accountKey;
        lc.model = lead.model;
        lc.accountKey = accountKeyOf(lead);
        lc.existingCustomer = score.existingCustomer;
        lc.engaged = score.engagement >= settings.value(ruleset, ModelSetting.ACCOUNT_ENGAGED_MINIMUM_ENGAGEMENT)
                .orElse(config.accountEngagedMinimumEngagement());
        lc.updatedAt = now;

        if (!SQL.equals(lc.stage) && !score.stage.equals(lc.stage)) {
            moveWithScore(lead, lc, score, cause, ruleset, now);
        } else if (lc.heldUntil != null && !now.isBefore(lc.heldUntil)) {
            lc.heldUntil = null;
            if (qualified(lc.stage) && !lc.qualificationAnnounced) {
                lc.qualificationAnnounced = true;
                changes.recordLead(lead, Stage.NONE, lc.stage, score,
                        "re-qualification cooldown ended; still " + lc.stage + ": " + stageWorkings(score), true, now);
            }
        }
        contactChanged.fire(new ContactChanged(lead, lc, previousAccount, ruleset, now));
    }

    private void moveWithScore(LeadRecord lead, LeadLifecycle lc, ScoreRecord score, String cause, Ruleset ruleset,
            Instant now) {
        String from = lc.stage;
        String to = score.stage;
        boolean wasQualified = qualified(from);
        boolean isQualified = qualified(to);
        String reason = stageWorkings(score) + "; " + cause;
        boolean announced;
        if (!wasQualified && isQualified) {
            Instant cooldownEnd = lc.lastLeftQualifiedAt == null ? null : lc.lastLeftQualifiedAt.plus(cooldown(ruleset));
            if (cooldownEnd != null && now.isBefore(cooldownEnd)) {
                announced = false;
                lc.heldUntil = cooldownEnd;
                reason = "re-qualified within the cooldown after leaving on " + lc.lastLeftQualifiedAt
                        + "; recorded, announced on " + cooldownEnd + " if still qualified; " + reason;
            } else {
                announced = true;
                lc.heldUntil = null;
            }
            lc.qualificationAnnounced = announced;
        } else if (wasQualified && !isQualified) {
            announced = lc.qualificationAnnounced;
            if (!announced) {
                reason = "the qualification held by the cooldown ended before being announced; " + reason;
            }
            lc.lastLeftQualifiedAt = now;
            lc.qualificationAnnounced = false;
            lc.heldUntil = null;
        } else {
            announced = lc.qualificationAnnounced;
        }
        lc.stage = to;
        changes.recordLead(lead, from, to, score, reason, announced, now);
    }

    /** Sales accepted the lead: it becomes SQL whatever its score says, announced. */
    public void acceptedBySales(LeadRecord lead, ScoreRecord score, String reason) {
        Instant now = clock.instant();
        LeadLifecycle lc = lifecycleOf(lead, now);
        if (SQL.equals(lc.stage)) {
            return;
        }
        String from = lc.stage;
        lc.stage = SQL;
        lc.qualificationAnnounced = true;
        lc.heldUntil = null;
        lc.updatedAt = now;
        changes.recordLead(lead, from, SQL, score, reason, true, now);
    }

    /** Sales let an SQL go: the lead returns to the stage its score gives, announced. */
    public void releasedBySales(LeadRecord lead, ScoreRecord score, String reason) {
        Instant now = clock.instant();
        LeadLifecycle lc = lifecycleOf(lead, now);
        if (!SQL.equals(lc.stage)) {
            return;
        }
        String to = score == null ? Stage.NONE : score.stage;
        lc.stage = to;
        lc.qualificationAnnounced = qualified(to);
        if (!qualified(to)) {
            lc.lastLeftQualifiedAt = now;
        }
        lc.updatedAt = now;
        changes.recordLead(lead, SQL, to, score, reason, true, now);
    }

    Duration cooldown(Ruleset ruleset) {
        double days = settings.value(ruleset, ModelSetting.REQUALIFICATION_COOLDOWN_DAYS).orElse(config.cooldownDays());
        return Duration.ofSeconds(Math.round(days * 86_400));
    }

    LeadLifecycle lifecycleOf(LeadRecord lead, Instant now) {
        LeadLifecycle lc = em.find(LeadLifecycle.class, lead.id);
        return lc != null ? lc : create(lead, now);
    }

    private LeadLifecycle create(LeadRecord lead, Instant now) {
        LeadLifecycle lc = new LeadLifecycle();
        lc.leadId = lead.id;
        lc.model = lead.model;
        lc.stage = Stage.NONE;
        lc.updatedAt = now;
        lc.nextRescoreAt = now;
        em.persist(lc);
        return lc;
    }

    /**
     * A page of leads is about to be re-scored: their lifecycle rows are read in one query (and
     * created for scored leads that have none yet), so that each score stored after it finds its
     * row in the persistence context instead of querying for it.
     */
    void onPageLocked(@Observes LeadsLocked page) {
        if (page.leads().isEmpty()) {
            return;
        }
        Set<String> found = new HashSet<>();
        // one array parameter: the same statement for any page, nothing to translate per call
        @SuppressWarnings("unchecked")
        List<LeadLifecycle> rows = em.createNativeQuery("select * from lead_lifecycle where lead_id = any(?1)", LeadLifecycle.class)
                .setParameter(1, page.ids().toArray(String[]::new)).getResultList();
        rows.forEach(l -> found.add(l.leadId));
        Instant now = clock.instant();
        for (LeadRecord lead : page.leads()) {
            if (!found.contains(lead.id) && lead.profile != null) {
                create(lead, now);
            }
        }
    }

    /** The account a lead belongs to: its account id, else its company's domain; null without either. */
    public static String accountKeyOf(LeadRecord lead) {
        if (lead.profile == null) {
            return null;
        }
        String accountId = lead.profile.accountId();
        if (accountId != null && !accountId.isBlank()) {
            return accountId.trim();
        }
        String domain = lead.profile.company() == null ? null : lead.profile.company().domain();
        return domain == null || domain.isBlank() ? null : domain.trim().toLowerCase(java.util.Locale.ROOT);
    }

    /** The stage decision in words, as the stored score's workings say it. */
    static String stageWorkings(ScoreRecord score) {
        String stage = Workings.fromLines(score.workings).stage();
        return stage != null ? stage : "stage " + score.stage;
    }
}
