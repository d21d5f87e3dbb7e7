package dev.leadscore.backtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A CRM export of 20 mapped fields of which exactly 5 drive conversion, through a logistic
 * model with weights the tests know; the other 15 (text and numbers, some often empty) are
 * drawn independently of the outcome. Seeded, so every run writes the same file.
 *
 * <p>Informative: Industry (Software +1.3), Employees (200 or more +0.9), Title (VP or Director
 * +1.0), CRM field plan (free -1.1) and CRM field visits (20 or more +1.2). Intercept -2.2.
 */
final class ProposalHistory {
    static final List<String> INFORMATIVE = List.of("Industry", "Employees", "Title", "CRM field plan",
            "CRM field visits");
    static final String[] NOISE_TEXT = {"region", "channel", "persona", "tier", "language", "device"};
    static final String[] NOISE_NUMBER = {"age", "score", "pages", "tickets", "seats"};

    static final String MAPPING = """
            leads:
              id: Id
              asOf: Created
              outcome:
                column: Outcome
                converted: [Won]
                notConverted: [Lost]
              fields:
                company.industry: Industry
                company.employees: Employees
                title: Title
                company.annualRevenue: Revenue
                country: Country
                source: Source
                email: Email
                attributes.plan: Plan
                attributes.visits: Visits
            """;

    ProposalHistory(Path dir, long seed, int leads) {
        Random random = new Random(seed);
        String[] industries = {"Software", "Retail", "Finance", "Health", "Education"};
        String[] titles = {"VP Sales", "Director IT", "Analyst", "Engineer", "Manager", "Consultant"};
        String[] plans = {"free", "team", "business"};
        String[] countries = {"United States", "Germany", "France", "India", "Brazil"};
        String[] sources = {"Web", "Event", "Partner", "Outbound"};
        StringBuilder mapping = new StringBuilder(MAPPING);
        List<String> header = new ArrayList<>(List.of("Id", "Created", "Outcome", "Industry", "Employees", "Title",
                "Revenue", "Country", "Source", "Email", "Plan", "Visits"));
        for (String n : NOISE_TEXT) {
            header.add(n);
            mapping.append("    attributes.").append(n).append(": ").append(n).append('\n');
        }
        for (String n : NOISE_NUMBER) {
            header.add(n);
            mapping.append("    attributes.").append(n).append(": ").append(n).append('\n');
        }
        try (Writer w = Files.newBufferedWriter(dir.resolve("leads.csv"), StandardCharsets.UTF_8)) {
            w.write(String.join(",", header) + "\n");
            for (int i = 0; i < leads; i++) {
                String industry = industries[random.nextInt(industries.length)];
                int employees = (int) Math.round(Math.exp(2 + random.nextDouble() * 6));
                String title = titles[random.nextInt(titles.length)];
                String plan = plans[random.nextInt(plans.length)];
                int visits = random.nextInt(40);
                double logit = -2.2 + (industry.equals("Software") ? 1.3 : 0) + (employees >= 200 ? 0.9 : 0)
                        + (title.startsWith("VP") || title.startsWith("Director") ? 1.0 : 0)
                        + (plan.equals("free") ? -1.1 : 0) + (visits >= 20 ? 1.2 : 0);
                boolean won = random.nextDouble() < 1 / (1 + Math.exp(-logit));
                List<String> row = new ArrayList<>(List.of("L" + i, LocalDate.of(2025, 1, 1).plusDays(i % 300).toString(),
                        won ? "Won" : "Lost", industry, String.valueOf(employees), title,
                        String.valueOf(1_000_000L * (1 + random.nextInt(50))),
                        countries[random.nextInt(countries.length)], sources[random.nextInt(sources.length)],
                        "p" + i + "@c" + random.nextInt(5000) + ".example", plan, String.valueOf(visits)));
                for (int k = 0; k < NOISE_TEXT.length; k++) {
                    int values = 3 + k % 4;
                    row.add(random.nextDouble() < 0.15 ? "" : NOISE_TEXT[k] + "-" + random.nextInt(values));
                }
                for (int k = 0; k < NOISE_NUMBER.length; k++) {
                    row.add(random.nextDouble() < 0.1 ? "" : String.valueOf(random.nextInt(100 * (k + 1))));
                }
                w.write(String.join(",", row) + "\n");
            }
            Files.writeString(dir.resolve("mapping.yaml"), mapping.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
