package dev.leadscore.scoring;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds leads and events for rule tests, readable at the call site. */
public final class TestLeads {
    public static final Instant NOW = Instant.parse("2026-03-03T12:00:00Z");

    private String email = "pat@acme.io";
    private String title;
    private String country = "US";
    private String industry;
    private Integer employees;
    private BigDecimal revenue;
    private List<String> techStack = List.of();
    private String companyDomain;
    private final Map<String, Object> attributes = new HashMap<>();
    private final List<ActivityEvent> events = new ArrayList<>();
    private int eventSeq;

    public static TestLeads lead() {
        return new TestLeads();
    }

    /** The VP at a 200-person SaaS company of the MQL example, before any behaviour. */
    public static TestLeads saasVp() {
        return lead().title("VP Sales").industry("SaaS").employees(200);
    }

    public TestLeads email(String v) { email = v; return this; }
    public TestLeads title(String v) { title = v; return this; }
    public TestLeads country(String v) { country = v; return this; }
    public TestLeads industry(String v) { industry = v; return this; }
    public TestLeads employees(Integer v) { employees = v; return this; }
    public TestLeads revenue(long v) { revenue = BigDecimal.valueOf(v); return this; }
    public TestLeads techStack(String... v) { techStack = List.of(v); return this; }
    public TestLeads companyDomain(String v) { companyDomain = v; return this; }
    public TestLeads attribute(String k, Object v) { attributes.put(k, v); return this; }

    /** An event {@code daysAgo} days before {@link #NOW}, with alternating property name/value pairs. */
    public TestLeads event(String type, int daysAgo, String... props) {
        Map<String, Object> p = new HashMap<>();
        for (int i = 0; i + 1 < props.length; i += 2) {
            p.put(props[i], props[i + 1]);
        }
        events.add(new ActivityEvent("e" + (++eventSeq), type, NOW.minus(Duration.ofDays(daysAgo)), p));
        return this;
    }

    /** An event {@code hoursAgo} hours before {@link #NOW} (for windows shorter than a day). */
    public TestLeads eventHoursAgo(String type, int hoursAgo, String... props) {
        event(type, 0, props);
        ActivityEvent e = events.remove(events.size() - 1);
        events.add(new ActivityEvent(e.getId(), type, NOW.minus(Duration.ofHours(hoursAgo)), e.getProperties()));
        return this;
    }

    public TestLeads times(int n, String type, int daysAgo, String... props) {
        for (int i = 0; i < n; i++) {
            event(type, daysAgo, props);
        }
        return this;
    }

    public Lead build() {
        return new Lead("lead-1", email, "Pat", "Doe", title, country,
                new Company("Acme", companyDomain, industry, employees, revenue, null, techStack), "test", null,
                attributes);
    }

    public List<ActivityEvent> events() {
        return List.copyOf(events);
    }
}
