package dev.leadscore.scoring;

import static dev.leadscore.scoring.DefaultModels.PRODUCT_LED;
import static dev.leadscore.scoring.DefaultModels.score;
import static dev.leadscore.scoring.TestLeads.lead;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The default product-led model of rules/product-led, rules alone (no service, no database). */
class ProductLedRulesTest {

    private static int pointsOf(ScoreResult r, String... rules) {
        Set<String> names = Set.of(rules);
        return r.adjustments().stream().filter(a -> names.contains(a.rule())).mapToInt(ScoredAdjustment::points).sum();
    }

    /** A VP of Engineering at a 200-person SaaS company: fit 20 + 15 + 15 + 10 = 60. */
    private static TestLeads wellFitting() {
        return lead().title("VP Engineering").industry("SaaS").employees(200);
    }

    /** Signed up, onboarded, did the key action and invited teammates in the last few days. */
    private static TestLeads activated(TestLeads lead) {
        return lead.event("signup", 4).event("login", 4).event("onboarding_completed", 4)
                .event("key_action", 3, "feature", "dashboards").event("teammate_invited", 2);
    }

    static Stream<Arguments> everyRuleFiresForItsCase() {
        return Stream.of(
                arguments("ICP industry", lead().industry("Fintech"), 20),
                arguments("50-499 employees", lead().employees(50), 15),
                arguments("500-4999 employees", lead().employees(4999), 20),
                arguments("Senior title", lead().title("Co-founder"), 15),
                arguments("Buyer persona function", lead().title("Data Analyst"), 10),
                arguments("Complementary tech stack", lead().techStack("Snowflake"), 10),
                arguments("Onboarding completed", lead().event("onboarding_completed", 1), 15),
                arguments("First key action", lead().times(3, "key_action", 1, "feature", "reports"), 20),
                arguments("Invited teammates", lead().event("teammate_invited", 1), 25),
                arguments("Connected an integration", lead().event("integration_connected", 1), 20),
                arguments("Used a premium feature", lead().event("premium_feature_used", 1), 15),
                arguments("Pricing page during trial", lead().event("page_view", 1, "path", "/pricing"), 10),
                arguments("Upgrade flow started", lead().event("upgrade_started", 1), 20),
                arguments("Billing or enterprise support contact",
                        lead().event("support_contacted", 1, "topic", "billing"), 10),
                arguments("Data export", lead().event("data_exported", 1), 5),
                arguments("Competitor", lead().email("dev@competitor.com"), -50),
                arguments("Student title", lead().title("Student"), -40),
                arguments("Education e-mail", lead().email("a@uni.edu"), -40),
                arguments("Personal e-mail", lead().email("a@yahoo.com"), -10),
                arguments("Very small company", lead().employees(9), -15),
                arguments("Outside target geography", lead().country("India"), -20),
                arguments("Unsubscribed", lead().event("email_unsubscribe", 1), -15),
                arguments("Deleted account data", lead().event("account_data_deleted", 1), -25),
                // signals over several events (scoring.drl, figures in the Settings table)
                arguments("Key action burst", burst(5, 47), 25),
                arguments("Frequent logins", lead().times(2, "login", 6).times(3, "login", 1), 15),
                arguments("Distinct features", lead().event("key_action", 2, "feature", "reports")
                        .event("feature_used", 2, "feature", "alerts").event("feature_used", 1, "feature", "Exports"), 10),
                arguments("Recent action counts double", lead().event("onboarding_completed", 2), 15),
                arguments("Middle-aged action bonus", lead().event("onboarding_completed", 10), 8),
                arguments("Inactivity decay", lead().event("data_exported", 65), -20),
                arguments("No login for a while", lead().event("signup", 20), -10),
                arguments("No login for a month", lead().event("login", 45), -20));
    }

    /** {@code n} key actions spread evenly over {@code spanHours}, the last one an hour ago. */
    private static TestLeads burst(int n, int spanHours) {
        TestLeads l = lead();
        for (int i = 0; i < n; i++) {
            l.eventHoursAgo("key_action", 1 + spanHours - i * spanHours / (n - 1), "feature", "reports");
        }
        return l;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void everyRuleFiresForItsCase(String rule, TestLeads lead, int points) {
        assertThat(pointsOf(score(PRODUCT_LED, lead), rule)).isEqualTo(points);
    }

    @Test
    void everyDecisionTableCriterionHasACase() {
        Set<String> covered = everyRuleFiresForItsCase().map(a -> (String) a.get()[0]).collect(Collectors.toSet());
        Set<String> criteria = DefaultModels.ruleset(PRODUCT_LED).ruleSources().entrySet().stream()
                .filter(e -> e.getValue().sheet() != null && !e.getValue().file().startsWith("thresholds")
                        && !e.getValue().file().startsWith("customers"))
                .map(e -> e.getKey()).collect(Collectors.toSet());
        assertThat(covered).containsAll(criteria);
    }

    @Test
    void signalsNeedTheirFullCount() {
        assertThat(pointsOf(score(PRODUCT_LED, burst(4, 10)), "Key action burst")).isZero();
        assertThat(pointsOf(score(PRODUCT_LED, burst(5, 49)), "Key action burst"))
                .as("five key actions over 49 hours are not a 48-hour burst").isZero();
        assertThat(pointsOf(score(PRODUCT_LED, lead().times(4, "login", 1)), "Frequent logins")).isZero();
        assertThat(pointsOf(score(PRODUCT_LED, lead().times(2, "login", 9).times(3, "login", 1)), "Frequent logins"))
                .as("five logins over eight days").isZero();
        assertThat(pointsOf(score(PRODUCT_LED, lead().event("key_action", 1, "feature", "reports")
                .event("feature_used", 1, "feature", "REPORTS").event("feature_used", 1, "feature", "alerts")),
                "Distinct features")).as("the same feature twice counts once").isZero();
        assertThat(pointsOf(score(PRODUCT_LED, lead().event("login", 13)), "No login for a while", "No login for a month"))
                .isZero();
    }

    @Test
    void aBurstCountsOnceHoweverManyWindowsItFills() {
        ScoreResult r = score(PRODUCT_LED, burst(12, 40));
        assertThat(r.adjustments()).filteredOn(a -> a.rule().equals("Key action burst")).hasSize(1);
    }

    @Test
    void actionsOfTheLastWeekCountDoubleAgainstActionsAMonthOld() {
        String[] onboarding = {"Onboarding completed", "Recent action counts double", "Middle-aged action bonus"};
        int recent = pointsOf(score(PRODUCT_LED, lead().event("onboarding_completed", 3)), onboarding);
        int old = pointsOf(score(PRODUCT_LED, lead().event("onboarding_completed", 31)), onboarding);
        assertThat(recent).isEqualTo(30);
        assertThat(old).isEqualTo(15);
        assertThat(recent).isEqualTo(2 * old);
    }

    @Test
    void theRecencyBonusNamesTheActionItDoubles() {
        ScoreResult r = score(PRODUCT_LED, lead().event("teammate_invited", 1));
        assertThat(r.adjustments()).filteredOn(a -> a.rule().equals("Recent action counts double")).singleElement()
                .satisfies(a -> {
                    assertThat(a.reason()).contains("Invited teammates");
                    assertThat(a.eventId()).isNotNull();
                    assertThat(a.source()).startsWith("scoring.drl");
                });
    }

    @Test
    void anActivatedWellFittingUserBecomesPql() {
        ScoreResult r = score(PRODUCT_LED, activated(wellFitting()));
        assertThat(r.fit()).isEqualTo(60);
        assertThat(r.total()).isGreaterThanOrEqualTo(70);
        assertThat(r.stage()).isEqualTo(Stage.PQL);
        assertThat(r.activation()).isEqualTo(Activation.ACTIVATED);
        assertThat(r.existingCustomer()).isFalse();
    }

    @Test
    void aWellFittingUserWhoNeverUsedTheProductIsNotPql() {
        ScoreResult r = score(PRODUCT_LED, wellFitting().event("signup", 1));
        assertThat(r.stage()).isEqualTo(Stage.NONE);
        assertThat(r.activation()).isEqualTo(Activation.NOT_STARTED);
    }

    @Test
    void aCompetitorNeverBecomesPqlWhateverItDoes() {
        TestLeads spy = activated(wellFitting().email("spy@competitor.com"))
                .event("integration_connected", 1).event("premium_feature_used", 1).event("upgrade_started", 1);
        ScoreResult r = score(PRODUCT_LED, spy);
        assertThat(r.engagement()).isEqualTo(100);
        assertThat(r.fit()).isEqualTo(10);
        assertThat(r.stage()).isEqualTo(Stage.NONE);
    }

    @Test
    void anExistingCustomerIsFlaggedAndNotANewBusinessPql() {
        ScoreResult r = score(PRODUCT_LED, activated(wellFitting().email("pat@customer.example")));
        assertThat(r.existingCustomer()).isTrue();
        assertThat(r.total()).isGreaterThanOrEqualTo(70);
        assertThat(r.stage()).isEqualTo(Stage.NONE);
        assertThat(r.workings()).anyMatch(w -> w.contains("existing customer"));
    }

    @Test
    void activationStatusFollowsUsage() {
        assertThat(score(PRODUCT_LED, lead()).activation()).isEqualTo(Activation.NOT_STARTED);
        assertThat(score(PRODUCT_LED, lead().event("key_action", 1, "feature", "reports")).activation())
                .isEqualTo(Activation.ACTIVATED);
        TestLeads power = lead().times(5, "login", 2).event("key_action", 2, "feature", "reports")
                .event("feature_used", 2, "feature", "alerts").event("feature_used", 1, "feature", "exports");
        assertThat(score(PRODUCT_LED, power).activation()).isEqualTo(Activation.POWER_USER);
        assertThat(score(PRODUCT_LED, power, TestLeads.NOW.plus(Duration.ofDays(20))).activation())
                .as("a power user who stopped logging in for 14+ days is only activated").isEqualTo(Activation.ACTIVATED);
    }

    @Test
    void inactivityTakesBehaviouralPointsAndLeavesFitAlone() {
        TestLeads l = activated(wellFitting());
        ScoreResult fresh = score(PRODUCT_LED, l);
        ScoreResult month = score(PRODUCT_LED, l, TestLeads.NOW.plus(Duration.ofDays(28)));
        ScoreResult quarter = score(PRODUCT_LED, l, TestLeads.NOW.plus(Duration.ofDays(90)));

        assertThat(month.fit()).isEqualTo(fresh.fit());
        assertThat(quarter.fit()).isEqualTo(fresh.fit());
        // 32 days after the last login, 30 after the last activity: the lapsed negative replaces the 14-day one, one decay period
        assertThat(pointsOf(month, "No login for a month")).isEqualTo(-20);
        assertThat(pointsOf(month, "No login for a while")).isZero();
        assertThat(pointsOf(month, "Inactivity decay")).isEqualTo(-10);
        // 92-94 days without activity: three decay periods
        assertThat(pointsOf(quarter, "Inactivity decay")).isEqualTo(-30);
        // no recency bonus any more: 15 + 20 + 25 earned, minus 30 decay and 20 inactivity
        assertThat(quarter.engagement()).isEqualTo(10);
        assertThat(fresh.stage()).isEqualTo(Stage.PQL);
        // four months on, nothing is left of the behaviour and fit alone (60) is not a PQL
        ScoreResult stale = score(PRODUCT_LED, l, TestLeads.NOW.plus(Duration.ofDays(120)));
        assertThat(stale.engagement()).isZero();
        assertThat(stale.total()).isEqualTo(stale.fit());
        assertThat(stale.stage()).isEqualTo(Stage.NONE);
    }

    @Test
    void aNewLoginEndsTheInactivityNegatives() {
        TestLeads l = lead().event("login", 40).event("login", 1);
        ScoreResult r = score(PRODUCT_LED, l);
        assertThat(pointsOf(r, "No login for a while", "No login for a month", "Inactivity decay")).isZero();
    }

    @Test
    void combinedScoreFloorsAtZero() {
        ScoreResult r = score(PRODUCT_LED, lead().email("x@competitor.com").title("Student").country("India")
                .event("account_data_deleted", 1).event("email_unsubscribe", 1).event("login", 60));
        assertThat(r.fit()).isZero();
        assertThat(r.engagement()).isZero();
        assertThat(r.total()).isZero();
        assertThat(r.band()).isEqualTo("COLD");
    }
}
