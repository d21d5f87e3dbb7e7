package dev.leadscore.scoring.baseline;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.leadscore.scoring.ActivityEvent;
import dev.leadscore.scoring.Company;
import dev.leadscore.scoring.Lead;

/**
 * Seeded random leads and events for the agreement test and the engine benchmark. Values are
 * drawn from pools that hit every default rule, its boundaries (9/10/49/50/999/1000 employees,
 * exactly $10M) and the awkward cases (missing data, mixed case, subdomains, events after the
 * as-of instant, several events at the same instant).
 */
final class RandomLeads {
    static final Instant AS_OF = Instant.parse("2026-03-03T12:00:00Z");

    private static final String[] EMAIL_DOMAINS = { "acme.io", "ACME.io", "gmail.com", "yahoo.com", "competitor.com",
            "eu.competitor.com", "notcompetitor.com", "cs.mit.edu", "school.edu.au", "outlook.com", "initech.de" };
    private static final String[] TITLES = { null, "", "  ", "VP Sales", "vp, Marketing", "Vice President of Revenue",
            "SVP Engineering", "Chief Revenue Officer", "CEO & Founder", "Co-founder", "Director of Marketing",
            "Head of Growth", "Account Manager", "Product Manager", "PhD Student", "Student Ambassador", "Engineer",
            "Demand Generation Lead", "RevOps Analyst", "Salesperson", "Marketing Director", "President" };
    private static final String[] COUNTRIES = { null, "", "US", "usa", "United States", "Germany", "uk", "Brazil",
            "India", "FR", " Canada " };
    private static final String[] INDUSTRIES = { null, "SaaS", "software", "Technology", "Internet", "IT Services",
            "Retail", "Healthcare", " saas " };
    private static final Integer[] EMPLOYEES = { null, 0, 4, 9, 10, 12, 49, 50, 200, 999, 1000, 5000 };
    private static final long[] REVENUES = { -1, 0, 5_000_000, 9_999_999, 10_000_000, 250_000_000 };
    private static final String[] TOOLS = { "Salesforce", "hubspot", "Slack", "Jira", "GitHub", "Snowflake", "Segment",
            "Marketo" };

    private static final String[][] SALES_LED_EVENTS = { { "form_submit", "form", "demo_request" },
            { "form_submit", "form", "contact_sales" }, { "form_submit", "form", "newsletter" },
            { "form_submit", "form", "Demo_Request" }, { "form_submit", "form", "other" }, { "form_submit" },
            { "page_view", "path", "/pricing" }, { "page_view", "path", "/pricing/enterprise" },
            { "page_view", "path", "/blog/post" }, { "page_view", "path", "/blog" }, { "page_view", "path", "/careers" },
            { "page_view", "path", "/jobs/42" }, { "page_view", "path", "/" }, { "page_view" },
            { "content_download", "asset", "case_study" }, { "content_download", "asset", "whitepaper" },
            { "content_download", "asset", "ebook" }, { "content_download", "asset", "competitor_comparison" },
            { "content_download", "asset", "video" }, { "webinar_attended" }, { "email_open" }, { "email_open" },
            { "email_click" }, { "email_unsubscribe" }, { "video_watched", "video", "intro" } };
    private static final String[][] PRODUCT_LED_EVENTS = { { "signup" }, { "login" }, { "login" }, { "login" },
            { "onboarding_completed" }, { "key_action", "feature", "report" }, { "feature_used", "feature", "export" },
            { "feature_used", "feature", "dashboards" }, { "teammate_invited" }, { "integration_connected" },
            { "premium_feature_used" }, { "upgrade_started" }, { "support_contacted", "topic", "billing" },
            { "support_contacted", "topic", "bug" }, { "data_exported" }, { "page_view", "path", "/pricing" },
            { "email_unsubscribe" }, { "account_data_deleted" } };

    private final Random random;
    private int leadSeq;

    RandomLeads(long seed) {
        this.random = new Random(seed);
    }

    Lead lead() {
        String email = random.nextInt(10) == 0 ? null : "user" + random.nextInt(1000) + "@" + pick(EMAIL_DOMAINS);
        long revenue = REVENUES[random.nextInt(REVENUES.length)];
        List<String> tools = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            tools.add(pick(TOOLS));
        }
        Company company = new Company("Company", random.nextInt(5) == 0 ? pick(EMAIL_DOMAINS) : null, pick(INDUSTRIES),
                EMPLOYEES[random.nextInt(EMPLOYEES.length)], revenue < 0 ? null : BigDecimal.valueOf(revenue),
                pick(COUNTRIES), tools);
        return new Lead("lead-" + (++leadSeq), email, "Pat", "Doe", pick(TITLES), pick(COUNTRIES), company, "generated",
                null, Map.of());
    }

    List<ActivityEvent> salesLedEvents(int count) {
        return events(count, SALES_LED_EVENTS);
    }

    List<ActivityEvent> productLedEvents(int count) {
        return events(count, PRODUCT_LED_EVENTS);
    }

    /**
     * Events spread over the 200 days before {@link #AS_OF} (a few after it, which must not count),
     * with some sharing an instant so that the tie-break by event id matters.
     */
    private List<ActivityEvent> events(int count, String[][] kinds) {
        List<ActivityEvent> events = new ArrayList<>(count);
        Instant shared = AS_OF.minus(Duration.ofHours(random.nextInt(24 * 200)));
        for (int i = 0; i < count; i++) {
            String[] kind = kinds[random.nextInt(kinds.length)];
            Map<String, Object> properties = new HashMap<>();
            for (int p = 1; p + 1 < kind.length; p += 2) {
                properties.put(kind[p], kind[p + 1]);
            }
            int when = random.nextInt(20);
            Instant at = when == 0 ? AS_OF.plus(Duration.ofHours(1 + random.nextInt(48)))
                    : when < 4 ? shared
                    : AS_OF.minus(Duration.ofMinutes(random.nextInt(60 * 24 * 200)));
            events.add(new ActivityEvent("ev-" + i, kind[0], at, properties));
        }
        return events;
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }
}
