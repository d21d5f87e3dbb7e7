package dev.leadscore.backtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * A CRM export with a known ground truth: each lead's chance to convert comes from a logistic
 * model of its attributes, with coefficients the tests know, and the outcome is drawn from it
 * with a seeded generator. Column names and values are the CRM's own ("Closed Won",
 * "Software-as-a-Service", "Form Fill"), so the mapping file does the translating.
 *
 * <p>Ground truth (log-odds): {@link #INTERCEPT} + {@link #SAAS} if the industry is SaaS +
 * {@link #VP} for a VP title + {@link #DEMO} for a demo request before the hand-off date. A
 * webinar and a mid-market headcount, which the default sales-led model rewards, have no effect.
 * Every company is in the United States with $25M revenue, so fit reaches the MQL minimum with
 * SaaS and a VP title.
 */
final class SyntheticHistory {
    static final double INTERCEPT = -2.5;
    static final double SAAS = 1.2;
    static final double VP = 0.8;
    static final double DEMO = 1.5;

    static final String MAPPING = """
            leads:
              id: Opportunity ID
              asOf: Handoff Date
              dateFormat: M/d/yyyy
              outcome:
                column: Stage
                converted: [Closed Won]
                notConverted: [Closed Lost]
              fields:
                company.name: Company
                company.industry: Industry
                company.employees: Headcount
                company.country: Country
                company.annualRevenue: Revenue
                title: Job Title
                email: Email
                attributes.segment: Segment
              values:
                company.industry: {Software-as-a-Service: SaaS}
            placeholders: [Select, N/A]
            events:
              leadId: Lead
              id: Activity ID
              type: Activity
              occurredAt: When
              types: {Form Fill: form_submit, Webinar Attended: webinar_attended}
              properties: {form: Form}
              propertyValues:
                form: {Demo Request: demo_request}
            """;

    /** What the generator knows about a lead. */
    record Truth(double probability, boolean converted, boolean saas, boolean vp, boolean midMarket, boolean demo,
            boolean webinar) {
    }

    final Map<String, Truth> truth = new LinkedHashMap<>();

    /**
     * @param signal false draws every outcome with the same probability (0.2): the score then
     *               knows nothing and its AUC must sit at 0.5
     */
    SyntheticHistory(Path dir, long seed, int leads, boolean signal) {
        Random random = new Random(seed);
        DateTimeFormatter us = DateTimeFormatter.ofPattern("M/d/yyyy");
        try (Writer l = Files.newBufferedWriter(dir.resolve("leads.csv"), StandardCharsets.UTF_8);
                Writer e = Files.newBufferedWriter(dir.resolve("events.csv"), StandardCharsets.UTF_8)) {
            l.write("Opportunity ID,Company,Industry,Headcount,Country,Revenue,Job Title,Email,Segment,Handoff Date,Stage\r\n");
            e.write("Lead,Activity ID,Activity,When,Form\r\n");
            int eventSeq = 0;
            for (int i = 0; i < leads; i++) {
                String id = "OPP-" + i;
                boolean saas = random.nextDouble() < 0.4;
                boolean vp = random.nextDouble() < 0.35;
                boolean mid = random.nextDouble() < 0.4;
                boolean demo = random.nextDouble() < 0.2;
                boolean webinar = random.nextDouble() < 0.3;
                double logit = INTERCEPT + (saas ? SAAS : 0) + (vp ? VP : 0) + (demo ? DEMO : 0);
                double p = signal ? 1 / (1 + Math.exp(-logit)) : 0.2;
                boolean won = random.nextDouble() < p;
                truth.put(id, new Truth(p, won, saas, vp, mid, demo, webinar));
                LocalDate handoff = LocalDate.of(2025, 1, 1).plusDays(random.nextInt(300));
                String title = vp ? "VP Engineering" : random.nextBoolean() ? "Analyst" : "Select";
                l.write(String.join(",", id, "\"Company " + i + ", Inc.\"", saas ? "Software-as-a-Service" : "Retail",
                        mid ? "200" : "N/A", "United States", "\"$25,000,000\"", title, "pat" + i + "@company" + i + ".io", "\"tier \"\"" + (i % 3) + "\"\"\"",
                        handoff.format(us), won ? "Closed Won" : "Closed Lost") + "\r\n");
                var before = handoff.atStartOfDay(ZoneOffset.UTC).minusDays(1 + random.nextInt(10)).toInstant();
                if (demo) {
                    e.write(String.join(",", id, "A" + (++eventSeq), "Form Fill", before.toString(), "Demo Request") + "\r\n");
                }
                if (webinar) {
                    e.write(String.join(",", id, "A" + (++eventSeq), "Webinar Attended", before.plusSeconds(60).toString(), "") + "\r\n");
                }
                // after the hand-off date: must not count when scoring as of that date
                if (random.nextDouble() < 0.2) {
                    e.write(String.join(",", id, "A" + (++eventSeq), "Form Fill",
                            handoff.plusDays(3).atStartOfDay(ZoneOffset.UTC).toInstant().toString(), "Demo Request") + "\r\n");
                }
            }
            Files.writeString(dir.resolve("mapping.yaml"), MAPPING);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
