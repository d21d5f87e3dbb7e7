package dev.leadscore.scoring;

import static dev.leadscore.scoring.DefaultModels.SALES_LED;
import static dev.leadscore.scoring.DefaultModels.score;
import static dev.leadscore.scoring.TestLeads.lead;
import static dev.leadscore.scoring.TestLeads.saasVp;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** The default sales-led model of rules/sales-led, rules alone (no service, no database). */
class SalesLedRulesTest {

    private static int pointsOf(ScoreResult r, String rule) {
        return r.adjustments().stream().filter(a -> a.rule().equals(rule)).mapToInt(ScoredAdjustment::points).sum();
    }

    private static List<String> rulesOf(ScoreResult r) {
        return r.adjustments().stream().map(ScoredAdjustment::rule).toList();
    }

    @Test
    void vpAtMidSizeSaasCompanyWithDemoRequestAndPricingViewBecomesMql() {
        ScoreResult r = score(SALES_LED, saasVp()
                .event("form_submit", 1, "form", "demo_request")
                .event("page_view", 2, "path", "/pricing"));

        assertThat(r.fit()).isGreaterThanOrEqualTo(50);
        assertThat(r.engagement()).isGreaterThanOrEqualTo(25);
        assertThat(r.stage()).isIn(Stage.MQL, Stage.SALES_READY);
        assertThat(pointsOf(r, "Demo request")).isEqualTo(50);
        assertThat(pointsOf(r, "Pricing page view")).isEqualTo(30);
        assertThat(r.band()).isEqualTo("HOT");
        // a recent demo request and a total over 75 make it sales-ready
        assertThat(r.stage()).isEqualTo(Stage.SALES_READY);
    }

    @Test
    void goodFitWithoutEngagementIsNotMqlAndSaysWhy() {
        ScoreResult r = score(SALES_LED, saasVp());
        assertThat(r.stage()).isEqualTo(Stage.NONE);
        assertThat(r.workings()).anyMatch(w -> w.contains("engagement >= 25 (has 0)"));
    }

    @Test
    void competitorScoresNearZeroAndNeverQualifies() {
        ScoreResult r = score(SALES_LED, saasVp().email("spy@competitor.com")
                .event("form_submit", 1, "form", "demo_request")
                .event("page_view", 1, "path", "/pricing")
                .event("content_download", 1, "asset", "competitor_comparison")
                .event("webinar_attended", 1));
        assertThat(pointsOf(r, "Competitor")).isEqualTo(-100);
        assertThat(r.fit()).isZero();
        assertThat(r.stage()).isEqualTo(Stage.NONE);
    }

    @Test
    void competitorWithADemoRequestAndAPricingViewIsColdAndNotMqlWhateverTheEngagement() {
        ScoreResult r = score(SALES_LED, saasVp().email("spy@competitor.com")
                .event("form_submit", 1, "form", "demo_request")
                .event("page_view", 1, "path", "/pricing"));

        // engagement alone would make the total HOT: the disqualifying negative caps the band
        assertThat(r.engagement()).isGreaterThanOrEqualTo(75);
        assertThat(r.band()).isEqualTo("COLD");
        assertThat(r.stage()).isEqualTo(Stage.NONE);
        assertThat(r.workings()).anyMatch(w -> w.contains("disqualified by 'Competitor'"));
        assertThat(r.workings()).anyMatch(w -> w.contains("disqualified by rule 'Competitor'"));
    }

    @Test
    void aStudentIsDisqualifiedButAnEduAddressAloneIsOnlyANegative() {
        ScoreResult student = score(SALES_LED, saasVp().title("Student").event("form_submit", 1, "form", "demo_request"));
        assertThat(student.band()).isEqualTo("COLD");
        assertThat(student.stage()).isEqualTo(Stage.NONE);

        ScoreResult edu = score(SALES_LED, saasVp().email("it.director@uni.edu").event("form_submit", 1, "form", "demo_request"));
        assertThat(pointsOf(edu, "Education e-mail")).isEqualTo(-40);
        assertThat(edu.band()).isNotEqualTo("COLD");
    }

    @Test
    void competitorCompanyDomainAlsoCounts() {
        ScoreResult r = score(SALES_LED, saasVp().email("someone@gmail.com").companyDomain("eu.competitor.com"));
        assertThat(rulesOf(r)).contains("Competitor");
    }

    @Test
    void fiftyBlogVisitsStayWithinTheLowIntentCap() {
        ScoreResult r = score(SALES_LED, lead().times(50, "page_view", 1, "path", "/blog/post"));
        assertThat(pointsOf(r, "Blog visit")).isEqualTo(250);
        assertThat(pointsOf(r, "Low-intent cap applied")).isEqualTo(-240);
        assertThat(r.engagement()).isEqualTo(10);
    }

    @Test
    void hundredDaysWithoutActivityLeavesAtMostHalfTheEngagementAndTheFitUnchanged() {
        TestLeads l = saasVp()
                .event("form_submit", 0, "form", "demo_request")
                .event("page_view", 0, "path", "/pricing");
        ScoreResult fresh = score(SALES_LED, l);
        ScoreResult later = score(SALES_LED, l, TestLeads.NOW.plus(Duration.ofDays(100)));

        assertThat(later.fit()).isEqualTo(fresh.fit());
        assertThat(later.engagement()).isLessThanOrEqualTo(fresh.engagement() / 2);
        // 3 full periods of 30 days at 25% compounding: 80 points keep 42% = 34
        assertThat(later.engagement()).isEqualTo(34);
        assertThat(later.adjustments()).anyMatch(a -> a.category() == Category.DECAY && a.rule().equals("Engagement decay"));
    }

    @Test
    void oldBurstDoesNotComeBackToLifeWithOneNewEmailOpen() {
        TestLeads l = saasVp().event("form_submit", 120, "form", "demo_request").event("email_open", 0);
        ScoreResult r = score(SALES_LED, l);
        // the demo request is 4 periods old: 50 * 0.75^4 = 15.8 -> 16 points left; the open adds 1
        assertThat(r.engagement()).isEqualTo(17);
    }

    @Test
    void demoRequestCountsOnceHowEverOftenItIsSent() {
        ScoreResult r = score(SALES_LED, lead().times(3, "form_submit", 1, "form", "demo_request"));
        assertThat(pointsOf(r, "Demo request")).isEqualTo(50);
    }

    @Test
    void eventsAfterTheAsOfInstantAreNotCounted() {
        TestLeads l = lead().event("form_submit", 1, "form", "demo_request");
        ScoreResult before = score(SALES_LED, l, TestLeads.NOW.minus(Duration.ofDays(2)));
        assertThat(before.engagement()).isZero();
        assertThat(before.lastActivityAt()).isNull();
    }

    @Test
    void unknownEventTypesScoreNothing() {
        ScoreResult r = score(SALES_LED, lead().event("video_watched", 1, "video", "intro"));
        assertThat(r.adjustments()).noneMatch(a -> a.eventId() != null);
        assertThat(r.lastActivityAt()).isNotNull();
    }

    @Test
    void everyAdjustmentNamesItsRuleAndWhereItIsWritten() {
        ScoreResult r = score(SALES_LED, saasVp().event("form_submit", 1, "form", "demo_request"));
        assertThat(r.adjustments()).allSatisfy(a -> {
            assertThat(a.rule()).isNotBlank();
            assertThat(a.reason()).isNotBlank();
            assertThat(a.source()).isNotBlank();
        });
        assertThat(r.adjustments()).filteredOn(a -> a.rule().equals("Demo request"))
                .singleElement().satisfies(a -> {
                    assertThat(a.source()).isEqualTo("engagement.xlsx!Engagement!A5");
                    assertThat(a.reason()).isEqualTo("Requested a demo");
                });
    }

    @Test
    void adjustmentsAddUpToTheSubtotalsBeforeClamping() {
        ScoreResult r = score(SALES_LED, lead().title("Director of Marketing").industry("Technology").employees(60)
                .event("webinar_attended", 10).event("content_download", 5, "asset", "case_study"));
        int fitSum = r.adjustments().stream()
                .filter(a -> a.category() == Category.FIT || a.category() == Category.NEGATIVE && a.eventId() == null)
                .mapToInt(ScoredAdjustment::points).sum();
        int engagementSum = r.adjustments().stream()
                .filter(a -> a.category() != Category.FIT && !(a.category() == Category.NEGATIVE && a.eventId() == null))
                .mapToInt(ScoredAdjustment::points).sum();
        assertThat(r.fit()).isEqualTo(Math.max(0, Math.min(100, fitSum)));
        assertThat(r.engagement()).isEqualTo(Math.max(0, Math.min(100, engagementSum)));
        assertThat(r.total()).isEqualTo(Math.min(100, r.fit() + r.engagement()));
    }

    static Stream<Arguments> everyRuleFiresForItsCase() {
        return Stream.of(
                arguments("SaaS industry", lead().industry("saas"), 20),
                arguments("Technology industry", lead().industry("Internet"), 10),
                arguments("Small business (10-49 employees)", lead().employees(12), 5),
                arguments("Mid-market (50-999 employees)", lead().employees(999), 15),
                arguments("Enterprise (1000+ employees)", lead().employees(1000), 10),
                arguments("Revenue $10M+", lead().revenue(10_000_000), 5),
                arguments("C-level title", lead().title("Chief Revenue Officer"), 20),
                arguments("VP title", lead().title("vp, Marketing"), 20),
                arguments("Director title", lead().title("Head of Growth"), 15),
                arguments("Manager title", lead().title("Account Manager"), 5),
                arguments("Buying function", lead().title("Demand Generation Lead"), 10),
                arguments("Target geography", lead().country("Germany"), 5),
                arguments("Uses a CRM we integrate with", lead().techStack("HubSpot"), 10),
                arguments("Demo request", lead().event("form_submit", 1, "form", "demo_request"), 50),
                arguments("Contact sales", lead().event("form_submit", 1, "form", "contact_sales"), 40),
                arguments("Pricing page view", lead().event("page_view", 1, "path", "/pricing/enterprise"), 30),
                arguments("Competitor comparison download",
                        lead().event("content_download", 1, "asset", "competitor_comparison"), 35),
                arguments("Webinar attended", lead().event("webinar_attended", 1), 25),
                arguments("Case study download", lead().event("content_download", 1, "asset", "case_study"), 20),
                arguments("Whitepaper or ebook download", lead().event("content_download", 1, "asset", "ebook"), 10),
                arguments("Blog visit", lead().event("page_view", 1, "path", "/blog/scoring"), 5),
                arguments("Newsletter signup", lead().event("form_submit", 1, "form", "newsletter"), 5),
                arguments("Email click", lead().event("email_click", 1), 3),
                arguments("Email open", lead().event("email_open", 1), 1),
                arguments("Competitor", lead().email("a@competitor.com"), -100),
                arguments("Student", lead().title("PhD Student"), -50),
                arguments("Education e-mail", lead().email("a@cs.mit.edu"), -40),
                arguments("Personal e-mail", lead().email("someone@gmail.com"), -10),
                arguments("Very small company", lead().employees(4), -15),
                arguments("Outside target geography", lead().country("Brazil"), -20),
                arguments("Unsubscribed", lead().event("email_unsubscribe", 1), -15),
                arguments("Careers page visit", lead().times(6, "page_view", 1, "path", "/careers"), -20));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void everyRuleFiresForItsCase(String rule, TestLeads lead, int points) {
        assertThat(pointsOf(score(SALES_LED, lead), rule)).isEqualTo(points);
    }

    @Test
    void everyDecisionTableCriterionHasACase() {
        Set<String> covered = everyRuleFiresForItsCase().map(a -> (String) a.get()[0]).collect(Collectors.toSet());
        Set<String> criteria = DefaultModels.ruleset(SALES_LED).ruleSources().entrySet().stream()
                .filter(e -> e.getValue().sheet() != null && !e.getValue().file().startsWith("thresholds")
                        && !e.getValue().file().startsWith("customers"))
                .map(e -> e.getKey()).collect(Collectors.toSet());
        assertThat(covered).containsExactlyInAnyOrderElementsOf(criteria);
    }

    @Test
    void anExistingCustomerKeepsItsPointsButIsNeverANewBusinessMql() {
        ScoreResult r = score(SALES_LED, saasVp().email("pat@eu.customer.example")
                .event("form_submit", 1, "form", "demo_request")
                .event("page_view", 2, "path", "/pricing"));
        assertThat(r.existingCustomer()).isTrue();
        assertThat(r.fit()).isGreaterThanOrEqualTo(50);
        assertThat(r.engagement()).isGreaterThanOrEqualTo(25);
        assertThat(r.stage()).isEqualTo(Stage.NONE);
        assertThat(r.workings()).anyMatch(w -> w.contains("existing customer"));
        assertThat(r.activation()).as("sales-led has no activation status").isNull();
    }

    @Test
    void aLeadWithoutAnyDataIsColdAndUnqualified() {
        ScoreResult r = score(SALES_LED, lead().email(null).country(null));
        assertThat(r.total()).isZero();
        assertThat(r.band()).isEqualTo("COLD");
        assertThat(r.stage()).isEqualTo(Stage.NONE);
    }
}
