package dev.leadscore.scoring.baseline;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.leadscore.scoring.ActivityEvent;
import dev.leadscore.scoring.Lead;
import dev.leadscore.scoring.Stage;

/**
 * The default sales-led model ({@code rules/sales-led}) written out by hand in plain Java, with
 * the default figures hard-wired. It is the <b>performance baseline</b> of the engine benchmark:
 * what the same scoring costs without a rules engine. It is not used by the service and must not
 * be: Marketing Ops change the spreadsheets, and this class would silently go stale. The test
 * {@code HandWrittenScorerAgreementTest} checks on generated leads that it still agrees with the
 * shipped rules; when a default figure changes, that test fails and this class is updated with it.
 *
 * <p>It follows the phases of {@code scoring.drl}: criteria, repeat limit (the latest N count),
 * per-event compounding decay, low-intent cap, clamped subtotals, total, band, stage. Cell lists
 * are parsed once at construction, as a careful hand-written implementation would.
 */
final class HandWrittenSalesLedScorer {

    /** The figures a score consists of; what the agreement test and the benchmark compare. */
    record Score(int fit, int engagement, int total, String band, String stage) {
    }

    // ---- thresholds (thresholds.xlsx) ----
    private static final int MQL_MIN_FIT = 50;
    private static final int MQL_MIN_ENGAGEMENT = 25;
    private static final int SALES_READY_MIN_TOTAL = 75;
    private static final int SALES_READY_RECENT_DAYS = 30;
    private static final int LOW_INTENT_CAP = 10;
    private static final double DECAY_PERCENT = 25;
    private static final double DECAY_PERIOD_DAYS = 30;

    // ---- cell lists (fit.xlsx, negative.xlsx, engagement.xlsx) ----
    private static final String MARKETS = "US, USA, United States, CA, Canada, GB, UK, United Kingdom, IE, Ireland, "
            + "DE, Germany, FR, France, NL, Netherlands, AU, Australia";
    private final Set<String> saasIndustries = set("SaaS, Software");
    private final Set<String> techIndustries = set("Technology, Information Technology, Internet, IT Services");
    private final Pattern cLevel = words("Chief, CEO, CTO, CFO, COO, CMO, CRO, CIO, Founder, Co-founder, President");
    private final Pattern vp = words("VP, Vice President, SVP, EVP");
    private final Pattern director = words("Director, Head of");
    private final Pattern manager = words("Manager");
    private final Pattern buyingFunction = words("Sales, Marketing, Revenue, RevOps, Growth, Demand Generation");
    private final Pattern student = words("Student");
    private final Set<String> markets = set(MARKETS);
    private final Set<String> crms = set("Salesforce, HubSpot");
    private final List<String> competitors = List.of("competitor.com");
    private final List<String> education = List.of(".edu");
    private final List<String> personalMail = List.of("gmail.com", "googlemail.com", "yahoo.com", "hotmail.com",
            "outlook.com", "live.com", "aol.com", "icloud.com");

    /**
     * A behaviour row: points, how many occurrences count (0 = all), its intent. One per row of
     * the engagement table and of the behaviour part of the negative table.
     */
    private enum Behaviour {
        DEMO_REQUEST(50, 1, Intent.HIGH),
        CONTACT_SALES(40, 1, Intent.HIGH),
        PRICING_VIEW(30, 1, Intent.HIGH),
        COMPETITOR_COMPARISON(35, 1, Intent.HIGH),
        WEBINAR(25, 2, Intent.NONE),
        CASE_STUDY(20, 2, Intent.NONE),
        WHITEPAPER_OR_EBOOK(10, 0, Intent.LOW),
        BLOG_VISIT(5, 0, Intent.LOW),
        NEWSLETTER(5, 1, Intent.LOW),
        EMAIL_CLICK(3, 0, Intent.LOW),
        EMAIL_OPEN(1, 0, Intent.LOW),
        UNSUBSCRIBED(-15, 1, Intent.NONE),
        CAREERS_VISIT(-5, 4, Intent.NONE);

        final int points;
        final int maxTimes;
        final Intent intent;

        Behaviour(int points, int maxTimes, Intent intent) {
            this.points = points;
            this.maxTimes = maxTimes;
            this.intent = intent;
        }

        boolean isNegative() {
            return points < 0;
        }
    }

    private enum Intent { LOW, HIGH, NONE }

    /** The latest first; ties in time are broken by event id, as the rules do. */
    private static final Comparator<ActivityEvent> LATEST_FIRST = Comparator
            .comparing(ActivityEvent::getOccurredAt).thenComparing(ActivityEvent::getId).reversed();

    Score score(Lead lead, Collection<ActivityEvent> events, Instant asOf) {
        int fit = clamp(fitPoints(lead) + profileNegativePoints(lead));
        Engagement earned = engagement(events, asOf);
        int engagement = clamp(earned.points());
        int total = Math.min(100, fit + engagement);
        if (disqualified(lead)) {
            // a competitor or a student: the band is capped at the lowest and the lead never qualifies
            return new Score(fit, engagement, total, "COLD", Stage.NONE);
        }
        return new Score(fit, engagement, total, band(total), stage(fit, engagement, total, earned.recentHighIntent()));
    }

    /** The negatives marked "Disqualifies" in negative.xlsx. */
    private boolean disqualified(Lead lead) {
        String title = lead.getTitle();
        return domainIn(lead.getEmailDomain(), competitors) || domainIn(normalise(lead.getCompany().getDomain()), competitors)
                || title != null && !title.isBlank() && found(student, title);
    }

    /** Engagement before clamping, and whether a counted high-intent action is recent (for sales-ready). */
    private record Engagement(int points, boolean recentHighIntent) {
    }

    private int fitPoints(Lead lead) {
        int points = 0;
        String industry = normalise(lead.getCompany().getIndustry());
        if (saasIndustries.contains(industry)) {
            points += 20;
        }
        if (techIndustries.contains(industry)) {
            points += 10;
        }
        Integer employees = lead.getCompany().getEmployees();
        if (employees != null) {
            if (employees >= 10 && employees < 50) {
                points += 5;
            } else if (employees >= 50 && employees < 1000) {
                points += 15;
            } else if (employees >= 1000) {
                points += 10;
            }
        }
        if (lead.getCompany().getAnnualRevenue() != null
                && lead.getCompany().getAnnualRevenue().doubleValue() >= 10_000_000d) {
            points += 5;
        }
        String title = lead.getTitle();
        if (title != null && !title.isBlank()) {
            points += (found(cLevel, title) ? 20 : 0) + (found(vp, title) ? 20 : 0) + (found(director, title) ? 15 : 0)
                    + (found(manager, title) ? 5 : 0) + (found(buyingFunction, title) ? 10 : 0);
        }
        if (markets.contains(normalise(lead.getEffectiveCountry()))) {
            points += 5;
        }
        for (String tool : lead.getCompany().getTechStack()) {
            if (crms.contains(normalise(tool))) {
                points += 10;
                break;
            }
        }
        return points;
    }

    private int profileNegativePoints(Lead lead) {
        int points = 0;
        String emailDomain = lead.getEmailDomain();
        String companyDomain = normalise(lead.getCompany().getDomain());
        if (domainIn(emailDomain, competitors) || domainIn(companyDomain, competitors)) {
            points -= 100;
        }
        String title = lead.getTitle();
        if (title != null && !title.isBlank() && found(student, title)) {
            points -= 50;
        }
        if (domainIn(emailDomain, education) || domainIn(companyDomain, education)) {
            points -= 40;
        }
        if (domainIn(emailDomain, personalMail) || domainIn(companyDomain, personalMail)) {
            points -= 10;
        }
        Integer employees = lead.getCompany().getEmployees();
        if (employees != null && employees < 10) {
            points -= 15;
        }
        String country = lead.getEffectiveCountry();
        if (country != null && !country.isBlank() && !markets.contains(normalise(country))) {
            points -= 20;
        }
        return points;
    }

    /** Earned points minus decay and the low-intent excess, plus behaviour negatives. */
    private static Engagement engagement(Collection<ActivityEvent> events, Instant asOf) {
        boolean recentHighIntent = false;
        @SuppressWarnings("unchecked")
        List<ActivityEvent>[] byBehaviour = new List[Behaviour.values().length];
        for (ActivityEvent e : events) {
            if (e.getOccurredAt().isAfter(asOf)) {
                continue;
            }
            Behaviour b = behaviourOf(e);
            if (b != null) {
                if (byBehaviour[b.ordinal()] == null) {
                    byBehaviour[b.ordinal()] = new ArrayList<>();
                }
                byBehaviour[b.ordinal()].add(e);
            }
        }
        int points = 0;
        int lowIntent = 0;
        for (Behaviour b : Behaviour.values()) {
            List<ActivityEvent> matched = byBehaviour[b.ordinal()];
            if (matched == null) {
                continue;
            }
            for (ActivityEvent e : counted(matched, b.maxTimes)) {
                if (b.isNegative()) {
                    points += b.points; // behaviour negatives neither decay nor count against the cap
                    continue;
                }
                long days = daysSince(e.getOccurredAt(), asOf);
                long periods = (long) Math.floor(days / DECAY_PERIOD_DAYS);
                double kept = Math.pow(1 - DECAY_PERCENT / 100.0, periods);
                int lost = (int) Math.round(b.points * (1 - kept));
                int net = b.points - Math.max(lost, 0);
                points += net;
                if (b.intent == Intent.LOW) {
                    lowIntent += net;
                } else if (b.intent == Intent.HIGH && days <= SALES_READY_RECENT_DAYS) {
                    recentHighIntent = true;
                }
            }
        }
        if (lowIntent > LOW_INTENT_CAP) {
            points -= lowIntent - LOW_INTENT_CAP;
        }
        return new Engagement(points, recentHighIntent);
    }

    /**
     * The events that count when at most {@code maxTimes} do: an event counts unless at least
     * {@code maxTimes} others are strictly later (so events tied for a place all count).
     */
    private static List<ActivityEvent> counted(List<ActivityEvent> matched, int maxTimes) {
        if (maxTimes <= 0 || matched.size() <= maxTimes) {
            return matched;
        }
        matched.sort(LATEST_FIRST);
        int keep = 0;
        int laterThanGroup = 0;
        for (int i = 0; i < matched.size(); i++) {
            if (i > 0 && LATEST_FIRST.compare(matched.get(i - 1), matched.get(i)) != 0) {
                laterThanGroup = i;
            }
            if (laterThanGroup >= maxTimes) {
                break;
            }
            keep = i + 1;
        }
        return matched.subList(0, keep);
    }

    private static Behaviour behaviourOf(ActivityEvent e) {
        switch (e.getType()) {
            case "form_submit" -> {
                String form = normalise(e.property("form"));
                if (form == null) {
                    return null;
                }
                return switch (form) {
                    case "demo_request" -> Behaviour.DEMO_REQUEST;
                    case "contact_sales" -> Behaviour.CONTACT_SALES;
                    case "newsletter" -> Behaviour.NEWSLETTER;
                    default -> null;
                };
            }
            case "page_view" -> {
                String path = normalise(e.property("path"));
                if (path == null) {
                    return null;
                }
                if (path.startsWith("/pricing")) {
                    return Behaviour.PRICING_VIEW;
                }
                if (path.startsWith("/blog")) {
                    return Behaviour.BLOG_VISIT;
                }
                return path.startsWith("/careers") || path.startsWith("/jobs") ? Behaviour.CAREERS_VISIT : null;
            }
            case "content_download" -> {
                String asset = normalise(e.property("asset"));
                if (asset == null) {
                    return null;
                }
                return switch (asset) {
                    case "competitor_comparison" -> Behaviour.COMPETITOR_COMPARISON;
                    case "case_study" -> Behaviour.CASE_STUDY;
                    case "whitepaper", "ebook" -> Behaviour.WHITEPAPER_OR_EBOOK;
                    default -> null;
                };
            }
            case "webinar_attended" -> {
                return Behaviour.WEBINAR;
            }
            case "email_click" -> {
                return Behaviour.EMAIL_CLICK;
            }
            case "email_open" -> {
                return Behaviour.EMAIL_OPEN;
            }
            case "email_unsubscribe" -> {
                return Behaviour.UNSUBSCRIBED;
            }
            default -> {
                return null;
            }
        }
    }

    private static String band(int total) {
        if (total >= 76) {
            return "HOT";
        }
        if (total >= 51) {
            return "WARM";
        }
        return total >= 26 ? "DEVELOPING" : "COLD";
    }

    private static String stage(int fit, int engagement, int total, boolean recentHighIntent) {
        if (fit < MQL_MIN_FIT || engagement < MQL_MIN_ENGAGEMENT) {
            return Stage.NONE;
        }
        return total >= SALES_READY_MIN_TOTAL && recentHighIntent ? Stage.SALES_READY : Stage.MQL;
    }

    private static int clamp(int raw) {
        return Math.max(0, Math.min(100, raw));
    }

    private static long daysSince(Instant t, Instant asOf) {
        return t.isAfter(asOf) ? 0 : Duration.between(t, asOf).toDays();
    }

    private static String normalise(String value) {
        return value == null ? null : value.trim().toLowerCase(Locale.ROOT);
    }

    private static boolean domainIn(String domain, List<String> items) {
        if (domain == null || domain.isEmpty()) {
            return false;
        }
        for (String item : items) {
            if (item.startsWith(".") ? domain.endsWith(item) : domain.equals(item) || domain.endsWith("." + item)) {
                return true;
            }
        }
        return false;
    }

    private static boolean found(Pattern p, String text) {
        return p.matcher(text).find();
    }

    private static Set<String> set(String cell) {
        return Arrays.stream(cell.split(",")).map(s -> s.trim().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }

    /** Any of the listed words or phrases, as a whole word, case-insensitive. */
    private static Pattern words(String cell) {
        String alternatives = Arrays.stream(cell.split(","))
                .map(s -> Pattern.quote(s.trim().toLowerCase(Locale.ROOT)))
                .collect(Collectors.joining("|"));
        return Pattern.compile("(?<![\\p{L}\\p{N}])(?:" + alternatives + ")(?![\\p{L}\\p{N}])",
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }
}
