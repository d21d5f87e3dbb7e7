package dev.leadscore.audit;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * How often each rule fired and how many points it gave per day (UTC), counted over the scores
 * stored that day, next to the version changes of the same window: a drop in qualified leads
 * lines up with the change that caused it.
 *
 * @param changes versions that went live in the window, with who, why and the change summary
 */
public record RuleActivity(String model, Instant from, Instant to, List<Day> days, List<Change> changes) {

    /**
     * @param scores         scores stored that day
     * @param leads          distinct leads scored
     * @param qualifiedLeads distinct leads with a qualified stage (MQL, sales-ready, PQL) in a score of that day
     * @param versions       ruleset versions the day's scores were computed with
     */
    public record Day(LocalDate day, int scores, int leads, int qualifiedLeads, List<String> versions, List<Rule> rules) {
    }

    /** @param firings adjustments of the rule in the day's scores; {@code points} their sum */
    public record Rule(String rule, String source, int firings, int leads, int points) {
    }

    public record Change(Instant activatedAt, String version, String by, String reason, String summary) {
    }
}
