package dev.leadscore.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Invariants of scoring that hold for any lead and events under both default models, checked on
 * generated inputs (rules alone, no service).
 */
class ScoringPropertiesTest {
    static final List<String> MODELS = List.of(DefaultModels.SALES_LED, DefaultModels.PRODUCT_LED);

    /** One generated event: a type (with the properties the default rules read) and its age in days. */
    record GeneratedEvent(String type, String[] properties, int daysAgo) {
    }

    record Case(String model, TestLeads lead) {
        ScoreResult score(Instant asOf) {
            return DefaultModels.score(model, lead, asOf);
        }

        @Override
        public String toString() {
            return model + " " + lead.build() + " " + lead.events();
        }
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<GeneratedEvent> event = Combinators.combine(
                Arbitraries.of(
                        new String[] { "page_view", "path", "/pricing" }, new String[] { "page_view", "path", "/blog/x" },
                        new String[] { "page_view", "path", "/careers" },
                        new String[] { "form_submit", "form", "demo_request" }, new String[] { "form_submit", "form", "newsletter" },
                        new String[] { "content_download", "asset", "case_study" },
                        new String[] { "content_download", "asset", "competitor_comparison" },
                        new String[] { "webinar_attended" }, new String[] { "email_open" }, new String[] { "email_click" },
                        new String[] { "email_unsubscribe" }, new String[] { "signup" }, new String[] { "login" },
                        new String[] { "onboarding_completed" }, new String[] { "key_action", "feature", "reports" },
                        new String[] { "feature_used", "feature", "export" }, new String[] { "teammate_invited" },
                        new String[] { "integration_connected" }, new String[] { "premium_feature_used" },
                        new String[] { "upgrade_started" }, new String[] { "support_contacted", "topic", "billing" },
                        new String[] { "data_exported" }, new String[] { "account_data_deleted" }, new String[] { "unknown_thing" }),
                Arbitraries.integers().between(0, 200))
                .as((typeAndProps, days) -> new GeneratedEvent(typeAndProps[0],
                        java.util.Arrays.copyOfRange(typeAndProps, 1, typeAndProps.length), days));
        return Combinators.combine(
                Arbitraries.of(MODELS),
                Arbitraries.of("VP Sales", "Director of Marketing", "CTO", "Intern", "Student", "Engineer", "Chief Executive Officer"),
                Arbitraries.of("SaaS", "Software", "Technology", "Retail", "Education"),
                Arbitraries.integers().between(0, 20_000).injectNull(0.1),
                Arbitraries.of("pat@acme.io", "pat@gmail.com", "spy@competitor.com", "prof@uni.edu"),
                Arbitraries.of("US", "DE", "KP", "BR"),
                event.list().ofMaxSize(40))
                .as((model, title, industry, employees, email, country, events) -> {
                    TestLeads lead = TestLeads.lead().title(title).industry(industry).employees(employees).email(email)
                            .country(country).techStack("Salesforce", "Slack");
                    events.forEach(e -> lead.event(e.type(), e.daysAgo(), e.properties()));
                    return new Case(model, lead);
                });
    }

    @Property(tries = 300)
    void scoresStayWithinTheirBounds(@ForAll("cases") Case c) {
        ScoreResult r = c.score(TestLeads.NOW);
        assertThat(r.fit()).isBetween(0, 100);
        assertThat(r.engagement()).isBetween(0, 100);
        assertThat(r.total()).isBetween(0, 100);
    }

    @Property(tries = 200)
    void theSameInputsGiveTheSameScore(@ForAll("cases") Case c) {
        assertThat(c.score(TestLeads.NOW).sameOutcomeAs(c.score(TestLeads.NOW))).isTrue();
    }

    @Property(tries = 300)
    void decayNeverIncreasesAScoreAndFitNeverDecays(@ForAll("cases") Case c, @ForAll @IntRange(min = 0, max = 400) int laterDays,
            @ForAll @IntRange(min = 0, max = 400) int moreDays) {
        Instant later = TestLeads.NOW.plus(Duration.ofDays(laterDays));
        ScoreResult now = c.score(TestLeads.NOW);
        ScoreResult afterward = c.score(later);
        ScoreResult evenLater = c.score(later.plus(Duration.ofDays(moreDays)));
        assertThat(afterward.engagement()).isLessThanOrEqualTo(now.engagement());
        assertThat(evenLater.engagement()).isLessThanOrEqualTo(afterward.engagement());
        assertThat(afterward.total()).isLessThanOrEqualTo(now.total());
        assertThat(evenLater.total()).isLessThanOrEqualTo(afterward.total());
        assertThat(afterward.fit()).isEqualTo(now.fit());
        assertThat(evenLater.fit()).isEqualTo(now.fit());
    }

    @Property(tries = 200)
    void theOrderOfEventsDoesNotMatter(@ForAll("cases") Case c, @ForAll long seed) {
        List<ActivityEvent> shuffled = new ArrayList<>(c.lead().events());
        Collections.shuffle(shuffled, new Random(seed));
        ScoringEngine engine = new ScoringEngine();
        ScoreResult inOrder = engine.score(DefaultModels.ruleset(c.model()), c.lead().build(), c.lead().events(), TestLeads.NOW);
        ScoreResult reordered = engine.score(DefaultModels.ruleset(c.model()), c.lead().build(), shuffled, TestLeads.NOW);
        assertThat(reordered.sameOutcomeAs(inOrder))
                .as("%s%nvs%n%s", inOrder.adjustments(), reordered.adjustments()).isTrue();
    }

    /**
     * An event keeps the table rows it matched for its next score under the same ruleset: the
     * same events scored again (under either model, as of another instant, in turn) must score
     * exactly as new copies of them do.
     */
    @Property(tries = 200)
    void eventsScoredBeforeScoreAsNewOnes(@ForAll("cases") Case c, @ForAll @IntRange(min = 0, max = 400) int laterDays) {
        List<ActivityEvent> kept = List.copyOf(c.lead().events());
        ScoringEngine engine = new ScoringEngine();
        dev.leadscore.scoring.Lead lead = c.lead().build();
        for (String model : MODELS) {
            engine.score(DefaultModels.ruleset(model), lead, kept, TestLeads.NOW);
        }
        for (Instant at : List.of(TestLeads.NOW.plus(Duration.ofDays(laterDays)), TestLeads.NOW)) {
            for (String model : MODELS) {
                List<ActivityEvent> copies = kept.stream()
                        .map(e -> new ActivityEvent(e.getId(), e.getType(), e.getOccurredAt(), e.getProperties())).toList();
                ScoreResult again = engine.score(DefaultModels.ruleset(model), lead, kept, at);
                ScoreResult fresh = engine.score(DefaultModels.ruleset(model), lead, copies, at);
                assertThat(again).as("%s as of %s", model, at).isEqualTo(fresh);
            }
        }
    }
}
